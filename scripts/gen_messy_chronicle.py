#!/usr/bin/env python3
"""Write a chronicle in the shapes of real public datasets, to show that
`chronicle check` passes it with warnings only, and to time it.

    python3 scripts/gen_messy_chronicle.py --entries 2000 --seed 1 /tmp/messy
    chronicle --root /tmp/messy check

The same arguments always give the same files. Like a real dataset of about
two thousand events kept as Markdown and YAML, it has thousands of actors
and topics (names such as Erdoğan, Vučić, Ștefan Berciu and Zürcher
Kantonalbank, some differing from another only in case, some files named by
the name rather than a slug), entries with up to 17 actors and 20 topics,
about 1% of events recorded twice with the same date and title, dates as
spreadsheets write them (`2021-3-5`, `March 5, 2021`, `2021-03-05T09:30:00Z`),
and several thousand source URLs on over a thousand hosts, some with spaces,
`^`, `[ ]`, a raw `–`, tracking queries, Wayback prefixes or no scheme.
"""

import argparse
import os
import random

FIRST = ["Recep Tayyip", "Aleksandar", "Ștefan", "Zoë", "José", "Łukasz", "Ahmet", "Søren", "Nguyễn", "Małgorzata",
         "Björn", "Çağlar", "Đorđe", "Ilhan", "Müller", "Renée", "Ömer", "Ágnes", "Jiří", "Şule"]
LAST = ["Erdoğan", "Vučić", "Berciu", "Núñez", "Kowalczyk", "Øster", "Gündoğan", "Šimić", "Dvořák", "Sørensen",
        "Fernández", "Kılıç", "Nowak", "Petrović", "Ibrahimović", "Łęcki", "Popescu", "Hämäläinen", "Çelik", "Żak"]
ORGS = ["Zürcher Kantonalbank", "Banque de France", "Société Générale", "Deutsche Börse", "Česká spořitelna",
        "Türk Telekom", "Crédit Agricole", "Real Madrid C.F.", "Škoda Auto", "Nestlé", "Électricité de France"]
THEMES = ["aviation safety", "certification", "export credit", "border management", "trade and transit",
          "regulation", "whistleblowers", "litigation", "software", "pilots' training", "insurance", "airports"]
WORDS = ("report audit hearing settlement review inquiry statement ruling grounding order fine agreement "
         "memo briefing testimony filing complaint appeal directive").split()
TLDS = ["com", "org", "net", "gov", "de", "fr", "tr", "rs", "ro", "ch", "co.uk", "info"]


def slug(text):
    out = []
    for c in text.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("out")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    root = args.out
    for d in ["entries", "actors", "topics"]:
        os.makedirs(os.path.join(root, "content", d), exist_ok=True)
    with open(os.path.join(root, "chronicle.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "A chronicle of messy real data"\nbase_url: "https://example.org/messy/"\nlanguage: en\n')

    # Actors: people and organisations, a few named only by case apart, a
    # few files named by the name.
    actors = []  # (how entries name it, file stem)
    names = set()
    while len(actors) < 3000:
        if rng.random() < 0.8:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {len(actors)}"
            kind = "person"
        else:
            name = f"{rng.choice(ORGS)} {len(actors)}"
            kind = "organization"
        names.add(name)
        stem = name if rng.random() < 0.02 else slug(name)
        actors.append((name, stem, kind))
    for i in range(0, 40, 2):  # pairs differing only in case
        a = f"NATO Group {i}"
        actors.append((a, slug(a), "organization"))
        b = f"Nato Group {i}"
        actors.append((b, slug(b) + "-2", "organization"))
    for name, stem, kind in actors:
        with open(os.path.join(root, "content", "actors", stem + ".md"), "w", encoding="utf-8") as f:
            f.write(f"---\nname: {quote(name)}\nkind: {kind}\n---\n")
    topics = []
    for i in range(2000):
        name = f"{rng.choice(THEMES).capitalize()} {i}"
        topics.append(name)
        with open(os.path.join(root, "content", "topics", slug(name) + ".md"), "w", encoding="utf-8") as f:
            f.write(f"---\nname: {quote(name)}\n---\n")

    hosts = [f"news{i}.example.{rng.choice(TLDS)}" for i in range(1400)]

    def url():
        host = rng.choice(hosts)
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 6))]
        r = rng.random()
        if r < 0.05:
            return f"https://{host}/files/{' '.join(w.upper() for w in words)} Report^2-23-2021.pdf"
        if r < 0.08:
            return f"https://{host}/{'–'.join(words)}"
        if r < 0.11:
            return f"https://{host}/list[{rng.randint(1, 9)}]|{words[0]}"
        if r < 0.25:
            return f"https://{host}/{'-'.join(words)}?utm_source=twitter&utm_medium=social&fbclid=IwAR{rng.randint(1000, 9999)}"
        if r < 0.32:
            return f"https://web.archive.org/web/2021*/https://{host}/{'-'.join(words)}"
        if r < 0.34:
            return f"www.{host}/{'-'.join(words)}"
        return f"https://{host}/{rng.randint(2000, 2025)}/{'-'.join(words)}"

    def date():
        y, m, d = rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)
        r = rng.random()
        if r < 0.6:
            return f"{y}-{m:02d}-{d:02d}"
        if r < 0.7:
            return f"{y}-{m}-{d}"
        if r < 0.75:
            return ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December"][m - 1] + f" {d}, {y}"
        if r < 0.8:
            return f"{y}-{m:02d}-{d:02d}T09:30:00Z"
        if r < 0.92:
            return f"{y}-{m:02d}"
        return f"{y}"

    written = []
    for i in range(args.entries):
        if written and rng.random() < 0.01:
            title, when = rng.choice(written)  # the same event recorded twice
        else:
            title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
            when = date()
        written.append((title, when))
        n_actors = 17 if i % 250 == 0 else rng.randint(1, 4)
        n_topics = 20 if i % 250 == 0 else rng.randint(0, 3)
        who = [rng.choice(actors)[0] for _ in range(n_actors)]
        about = [rng.choice(topics) for _ in range(n_topics)]
        lines = ["---", f"title: {quote(title)}", f"date: {quote(when)}",
                 "actors: [" + ", ".join(quote(a) for a in who) + "]"]
        if about:
            lines.append("topics: [" + ", ".join(quote(t) for t in about) + "]")
        lines.append("sources:")
        for _ in range(rng.randint(1, 4)):
            lines.append(f"  - title: {quote(rng.choice(WORDS).capitalize() + ' ' + rng.choice(WORDS))}")
            lines.append(f"    url: {quote(url())}")
        lines.append("---")
        link = url()
        while not link.startswith("https://"):
            link = url()
        lines.append(f"What happened, in the dataset's words, with [a link](<{link}>).")
        with open(os.path.join(root, "content", "entries", f"e{i:05d}-{slug(title)}.md"), "w",
                  encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
