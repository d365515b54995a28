#!/usr/bin/env python3
"""How heavy a built site is: the largest pages, the home page, the whole output.

    python3 scripts/page_sizes.py SITE_DIR [--entries N] [--browser]

Prints the five largest HTML pages, how many HTML pages are over 1 MB, the home
page's size, the total output (bytes of files, not of folders) and the bytes per
entry (N entries; read from SITE_DIR/data/chronicle.json when not given).

With --browser it also runs the browser measurements of the site in headless
Chromium (uncompressed bytes a reader's browser fetches): the first filtered view
of the timeline, and a first search (`node tests/browser/weight.mjs`, which needs
the npm packages of tests/browser/: `bash scripts/site-checks.sh` installs them).

The bars of the explore issue, on the 100,000-entry benchmark corpus: no HTML
page over 1 MB, the home page under 300 KB.

Python 3 standard library only.
"""

import argparse
import json
import os
import subprocess
import sys

MB = 1_000_000


def walk(site):
    for folder, _dirs, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            yield os.path.relpath(path, site), os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("--entries", type=int, help="entries in the chronicle (default: from data/chronicle.json)")
    ap.add_argument("--browser", action="store_true", help="also measure in headless Chromium")
    args = ap.parse_args()
    site = args.site
    if not os.path.isfile(os.path.join(site, "index.html")):
        sys.exit(f"{site}: no index.html: build the site first")
    entries = args.entries
    if entries is None:
        with open(os.path.join(site, "data", "chronicle.json"), encoding="utf-8") as f:
            entries = len(json.load(f)["entries"])
    files = list(walk(site))
    html = sorted(((size, rel) for rel, size in files if rel.endswith(".html")), reverse=True)
    total = sum(size for _, size in files)
    print(f"site: {site}, {entries:,} entries, {len(files):,} files")
    print("largest HTML pages:")
    for size, rel in html[:5]:
        print(f"  {size / 1000:>10,.1f} KB  {rel}")
    over = [rel for size, rel in html if size > MB]
    print(f"HTML pages over 1 MB: {len(over)}" + (f" ({', '.join(over[:5])}{', ...' if len(over) > 5 else ''})" if over else ""))
    home = os.path.getsize(os.path.join(site, "index.html"))
    print(f"home page: {home / 1000:,.1f} KB")
    print(f"total output: {total / MB:,.1f} MB, {total / max(entries, 1) / 1000:,.1f} KB per entry")
    by_top = {}
    for rel, size in files:
        top = rel.split(os.sep)[0] if os.sep in rel else "(top level)"
        by_top[top] = by_top.get(top, 0) + size
    print("by folder: " + ", ".join(f"{k} {v / MB:,.1f} MB" for k, v in sorted(by_top.items(), key=lambda kv: -kv[1])[:8]))
    if args.browser:
        here = os.path.dirname(os.path.abspath(__file__))
        script = os.path.join(here, "..", "tests", "browser", "weight.mjs")
        if not os.path.isfile(script):
            sys.exit("no tests/browser/weight.mjs")
        env = dict(os.environ, SITE_DIR=os.path.abspath(site))
        sys.exit(subprocess.call(["node", script], env=env))


if __name__ == "__main__":
    main()
