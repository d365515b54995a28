#!/usr/bin/env python3
"""Time from saving one entry to the live-reload event, on a large chronicle.

    python3 scripts/serve_latency.py                 # 10,000 entries, 20 edits of each kind
    python3 scripts/serve_latency.py --entries 2000 --edits 40
    python3 scripts/serve_latency.py --hugo          # and `hugo server` on the same corpus

Generates the benchmark corpus with scripts/gen_corpus.py (or --gen),
starts `chronicle serve --port 0` on a copy of it and subscribes to the event
stream like an open browser tab. Then, one edit at a time, it measures:

- body edits (a sentence added at the end of an entry, the commonest edit
  while writing): from just before the file is written to the arrival of the
  `reload` event (the page is ready to render by then);
- front-matter edits the same way: an entry's title changed (it stays in
  place), its date changed (it moves in time, so the chronicle is linked
  again), an actor and a topic added, a relation's tone declared, and a
  source's title changed;
- new entries (a file written under a new name), deleted entries and
  renamed entry files, the same way;
- body edits again, from the write until the entry's page, fetched over
  HTTP every millisecond, shows the new sentence. This is the one figure
  that can be taken the same way from any server.

With --hugo it then starts `hugo server` (rendering to memory, its default)
on the Hugo layout of the same corpus and takes the last figure from it too.
Prints medians, minimums and maximums, and each server's resident memory.
"""

import argparse
import http.client
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

from corpus import ROOT, find_generator, hugo_binary


def rss_mib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def summary(label, times):
    return (f"{label}: median {statistics.median(times):.0f} ms, "
            f"min {min(times):.0f} ms, max {max(times):.0f} ms ({len(times)} edits)")


def start(cmd, marker, cwd=None):
    """Starts a server and waits for the line with `marker`; returns it and the line."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd)
    started = time.time()
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit(f"{cmd[0]} exited before announcing its address")
        if marker in line:
            break
    print(f"{os.path.basename(cmd[0])}: initial in-memory build and start: {time.time() - started:.2f} s")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, line


def entry_files(corpus):
    d = os.path.join(corpus, "content", "entries")
    return d, sorted(n for n in os.listdir(d) if n.endswith(".md") and not n.startswith("_"))


def poll_edits(port, corpus, edits, tag):
    """Body edits timed until the entry page, fetched over HTTP, shows them."""
    entries_dir, names = entry_files(corpus)
    step = max(1, len(names) // edits)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def fetch(url):
        # A server may drop the connection while it rebuilds: ask again.
        nonlocal conn
        for _ in range(100):
            try:
                conn.request("GET", url)
                return conn.getresponse().read()
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                time.sleep(0.001)
        sys.exit(f"{url} cannot be fetched")

    times = []
    for i in range(edits):
        name = names[(i * step + step // 2) % len(names)]
        path = os.path.join(entries_dir, name)
        url = f"/entries/{name[:-3]}/"
        marker = f"Polled{tag}{i}x"
        fetch(url)  # the page is open in a browser
        with open(path) as f:
            text = f.read()
        time.sleep(0.5)  # let the previous rebuild settle
        t0 = time.perf_counter()
        with open(path, "w") as f:
            f.write(text + f"\n{marker} was added.\n")
        while True:
            if marker.encode() in fetch(url):
                break
            if time.perf_counter() - t0 > 30:
                sys.exit(f"{url} never showed the edit")
            time.sleep(0.001)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--hugo", action="store_true", help="also measure `hugo server` on the same corpus")
    ap.add_argument("--gen", default=None, help="another corpus generator to use (default: $CORPUS_GEN, else scripts/gen_corpus.py)")
    ap.add_argument("--work", default="/tmp/chronicle-serve-latency")
    ap.add_argument("--binary", default=None, help="a chronicle binary to time instead of this checkout's release build")
    args = ap.parse_args()
    args.gen = find_generator(args.gen)

    corpus = os.path.join(args.work, f"corpus-{args.entries}")
    shutil.rmtree(corpus, ignore_errors=True)
    subprocess.check_call([sys.executable, args.gen, "--format", "chronicle", "--out", corpus,
                           "--entries", str(args.entries), "--seed", "1", "--force"], stdout=subprocess.DEVNULL)
    if args.binary:
        binary = os.path.abspath(args.binary)
    else:
        subprocess.check_call(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        binary = os.path.join(ROOT, "target", "release", "chronicle")

    server, line = start([binary, "--root", corpus, "serve", "--port", "0"], "http://127.0.0.1:")
    try:
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        events = queue.Queue()
        sock = socket.create_connection(("127.0.0.1", port))
        # The Host header must name the loopback address: `serve` refuses any other
        # (a guard against DNS rebinding).
        sock.sendall(f"GET /__chronicle/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())

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

        entries_dir, names = entry_files(corpus)
        step = max(1, len(names) // args.edits)

        def timed(change):
            """Runs `change()` (a file write or removal) once the previous
            rebuild has settled; returns the ms until the reload event."""
            time.sleep(0.5)
            while not events.empty():
                events.get()
            t0 = time.perf_counter()
            change()
            while True:
                t1, kind = events.get(timeout=30)
                if kind == "reload":
                    return (t1 - t0) * 1000
                if kind == "errors":
                    sys.exit("the change produced errors")

        def write(path, text):
            with open(path, "w") as f:
                f.write(text)

        def read(i):
            path = os.path.join(entries_dir, names[(i * step) % len(names)])
            with open(path) as f:
                return path, f.read()

        def timed_edits(change):
            times = []
            for i in range(args.edits):
                path, text = read(i)
                new = change(text, i)
                times.append(timed(lambda: write(path, new)))
            return times

        def move(text, i):
            day = 10 + i % 18
            m = re.search(r"(?m)^date: (\d{4})-(\d\d)-(\d\d)$", text)
            if int(m[3]) == day:
                day += 1
            return text[:m.start()] + f"date: {m[1]}-{m[2]}-{day:02}" + text[m.end():]

        actor_slugs = sorted(n[:-3] for n in os.listdir(os.path.join(corpus, "content", "actors")) if n.endswith(".md"))
        topic_slugs = sorted(n[:-3] for n in os.listdir(os.path.join(corpus, "content", "topics")) if n.endswith(".md"))

        def listed(text, key):
            m = re.search(rf"(?m)^{key}: \[(.*)\]$", text)
            return m, [x.strip() for x in m[1].split(",") if x.strip()]

        def add_to(key, pool):
            def change(text, i):
                m, have = listed(text, key)
                extra = next(x for x in pool[i % len(pool):] + pool if x not in have)
                return text[:m.start()] + f"{key}: [{', '.join(have + [extra])}]" + text[m.end():]
            return change

        def relation(text, i):
            _, have = listed(text, "actors")
            end = text.index("\n---", 3)
            tone = (i % 5) - 2 or 1
            return text[:end] + f"\nrelations:\n  - between: [{have[0]}, {have[1]}]\n    tone: {tone}" + text[end:]

        def source(text, i):
            return text.replace('  - title: "', f'  - title: "Revised {i}: ', 1)

        kinds = [
            ("body edit", lambda text, i: text + f"\nEdited in round {i}.\n"),
            ("title edit", lambda text, i: text.replace("title: \"", f"title: \"Round {i}: ", 1)),
            ("date edit", move),
            ("actor added", add_to("actors", actor_slugs)),
            ("topic added", add_to("topics", topic_slugs)),
            ("relation tone declared", relation),
            ("source retitled", source),
        ]
        results = [(label, timed_edits(change)) for label, change in kinds]
        # New entries: a copy of an existing one under a new name, timed;
        # then its removal, timed as a deleted entry. Renamed files: an
        # entry's file moved to a new name, timed, and back, not timed.
        added, deleted, renamed = [], [], []
        for i in range(args.edits):
            _, text = read(i)
            path = os.path.join(entries_dir, f"new-entry-{i}.md")
            added.append(timed(lambda: write(path, text)))
            deleted.append(timed(lambda: os.remove(path)))
        for i in range(args.edits):
            path, _ = read(i + args.edits)
            moved = os.path.join(entries_dir, f"renamed-{i}.md")
            renamed.append(timed(lambda: os.rename(path, moved)))
            timed(lambda: os.rename(moved, path))
        results += [("new entry", added), ("deleted entry", deleted), ("renamed file", renamed)]
        served = poll_edits(port, corpus, args.edits, "C")
        rss, hwm = rss_mib(server.pid)
        print(f"chronicle serve, {args.entries} entries:")
        for label, times in results:
            print("  " + summary(f"save to reload event, {label}", times))
        print("  " + summary("save to new page served, body edit", served))
        print(f"  memory: resident {rss:.0f} MiB, peak {hwm:.0f} MiB")
        print("  (times include the watcher's wait for 10 ms without changes)")
    finally:
        server.terminate()
        server.wait()

    if args.hugo:
        corpus_h = os.path.join(args.work, f"hugo-{args.entries}")
        shutil.rmtree(corpus_h, ignore_errors=True)
        subprocess.check_call([sys.executable, args.gen, "--format", "hugo", "--out", corpus_h,
                               "--entries", str(args.entries), "--seed", "1", "--force"], stdout=subprocess.DEVNULL)
        hugo = hugo_binary()
        version = subprocess.check_output([hugo, "version"], text=True).split()[1].split("-")[0]
        port = free_port()
        server, _ = start([hugo, "server", "--source", corpus_h, "--port", str(port), "--bind", "127.0.0.1",
                           "--noBuildLock"], "Web Server is available")
        try:
            served = poll_edits(port, corpus_h, args.edits, "H")
            rss, hwm = rss_mib(server.pid)
            print(f"hugo server {version}, {args.entries} entries:")
            print("  " + summary("save to new page served, body edit", served))
            print(f"  memory: resident {rss:.0f} MiB, peak {hwm:.0f} MiB")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
