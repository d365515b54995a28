#!/usr/bin/env python3
"""Time from saving one entry to the live-reload event, on a large chronicle.

    python3 scripts/serve_latency.py                # 10,000 entries, 20 edits
    python3 scripts/serve_latency.py --entries 2000 --edits 40

Generates the benchmark corpus with gen_corpus.py (see corpus.find_generator),
starts `chronicle serve --port 0` on a copy of it, subscribes to the event
stream like an open browser tab, then edits entries one at a time: for each
edit it measures from just before the file is written to the arrival of the
`reload` event (the page's content is ready by then). Prints the median,
minimum and maximum, and the server's resident memory.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import queue

from corpus import ROOT, find_generator


def rss_mib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--gen", default=None, help="path to gen_corpus.py (default: $CORPUS_GEN, or found beside the checkout)")
    ap.add_argument("--work", default="/tmp/chronicle-serve-latency")
    args = ap.parse_args()
    args.gen = find_generator(args.gen)

    corpus = os.path.join(args.work, f"corpus-{args.entries}")
    shutil.rmtree(corpus, ignore_errors=True)
    subprocess.check_call([sys.executable, args.gen, "--format", "chronicle", "--out", corpus,
                           "--entries", str(args.entries), "--seed", "1", "--force"], stdout=subprocess.DEVNULL)
    subprocess.check_call(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    binary = os.path.join(ROOT, "target", "release", "chronicle")

    server = subprocess.Popen([binary, "--root", corpus, "serve", "--port", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        started = time.time()
        while port is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("serve exited before announcing its address")
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        print(f"initial in-memory build and start: {time.time() - started:.2f} s")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

        events = queue.Queue()
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /__chronicle/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")

        def read_events():
            buf = b""
            while True:
                data = sock.recv(65536)
                if not data:
                    return
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.startswith(b"event: "):
                        events.put((time.perf_counter(), line[7:].strip().decode()))

        threading.Thread(target=read_events, daemon=True).start()
        assert events.get(timeout=30)[1] == "hello"

        entries_dir = os.path.join(corpus, "content", "entries")
        names = sorted(os.listdir(entries_dir))
        step = max(1, len(names) // args.edits)
        times = []
        for i in range(args.edits):
            path = os.path.join(entries_dir, names[(i * step) % len(names)])
            with open(path) as f:
                text = f.read()
            time.sleep(0.3)  # let the previous rebuild settle
            t0 = time.perf_counter()
            with open(path, "w") as f:
                f.write(text + f"\nEdited in round {i}.\n")
            while True:
                t1, kind = events.get(timeout=30)
                if kind == "reload":
                    break
                if kind == "errors":
                    sys.exit("the edit produced errors")
            times.append((t1 - t0) * 1000)
        rss, hwm = rss_mib(server.pid)
        print(f"save-to-reload over {args.edits} edits of a {args.entries}-entry chronicle: "
              f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms")
        print(f"(includes the watcher's debounce and settle wait, about 15 ms)")
        print(f"server memory: resident {rss:.0f} MiB, peak {hwm:.0f} MiB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
