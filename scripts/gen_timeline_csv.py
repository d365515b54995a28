#!/usr/bin/env python3
"""Write a TimelineJS sheet (its Google Sheets template saved as CSV) to time
`chronicle import` on.

    python3 scripts/gen_timeline_csv.py --events 2000 --seed 1 > /tmp/timeline.csv
    chronicle import timelinejs /tmp/timeline.csv --into /tmp/imported

The same arguments always give the same bytes. The sheet has a title row, two
era rows and --events events, dated 1990-2025 at every precision (about 70% to
the day, 20% to the month, 10% to the year), a tenth of them with an end. Each
has a headline (some in Urdu, Greek or Cyrillic), HTML text with a link and
emphasis, a media URL with caption and credit in about half, and a group drawn
from 40 actors with names such as Erdoğan and Ștefan Berciu. Like real data,
about 1% repeat an earlier event's date and headline, and about 1% are broken:
a month 13, the 30th of February, or an empty headline.
"""

import argparse
import csv
import random
import sys

HEADER = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
]

ACTORS = [
    "Pakistan", "Afghanistan", "China", "India", "Iran", "United States", "Russia",
    "Türkiye", "Qatar", "Saudi Arabia", "United Nations", "UNHCR", "World Bank",
    "Ishaq Dar", "Amir Khan Muttaqi", "Recep Tayyip Erdoğan", "Aleksandar Vučić",
    "Ștefan Berciu", "Zürcher Kantonalbank", "Shehbaz Sharif", "Asim Munir",
    "Taliban", "TTP", "ISKP", "European Union", "Uzbekistan", "Tajikistan",
    "Turkmenistan", "Kazakhstan", "Japan", "Germany", "United Kingdom", "France",
    "Norway", "ICRC", "IMF", "Asian Development Bank", "SCO", "OIC", "ECO",
]

WORDS = (
    "talks border trade transit refugees envoy visit agreement crossing closure "
    "security attack ceasefire meeting delegation minister summit railway corridor "
    "water energy customs fees deportation aid report statement protest"
).split()

FOREIGN = [
    "وزیر خارجہ کابل پہنچ گئے",
    "Συνάντηση στην Αθήνα για το εμπόριο",
    "Переговоры о транзите в Ташкенте",
    "طورخم سرحد دوبارہ کھل گئی",
    "Встреча министров в Москве",
]


def headline(rng):
    if rng.random() < 0.05:
        return rng.choice(FOREIGN)
    n = rng.randint(3, 9)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + " " + rng.choice(ACTORS)


def text(rng, i):
    a, b = rng.choice(ACTORS), rng.choice(ACTORS)
    return (
        f"<p><b>{a}</b> and {b} met to discuss {rng.choice(WORDS)} and "
        f"{rng.choice(WORDS)}.</p><p>See <a href=\"https://example.org/report/{i}\">"
        f"the report</a>, and <i>{rng.choice(WORDS)}</i> &amp; more.</p>"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    out.writerow(HEADER)
    title = [""] * len(HEADER)
    title[HEADER.index("Headline")] = "A generated timeline"
    title[HEADER.index("Text")] = "<p>Events drawn at random, <b>for timing</b>.</p>"
    title[HEADER.index("Type")] = "title"
    out.writerow(title)
    for y in (2001, 2021):
        era = [""] * len(HEADER)
        era[0], era[4] = str(y), str(y + 3)
        era[HEADER.index("Headline")] = f"The years from {y}"
        era[HEADER.index("Type")] = "era"
        out.writerow(era)
    earlier = []
    for i in range(args.events):
        row = dict.fromkeys(HEADER, "")
        if earlier and rng.random() < 0.01:
            row.update(rng.choice(earlier))
            out.writerow([row[h] for h in HEADER])
            continue
        year = rng.randint(1990, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        p = rng.random()
        row["Year"] = str(year)
        if p < 0.9:
            row["Month"] = str(month)
        if p < 0.7:
            row["Day"] = str(day)
            if rng.random() < 0.3:
                row["Time"] = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        if rng.random() < 0.1:
            row["End Year"] = str(year + rng.randint(0, 1))
        row["Headline"] = headline(rng)
        row["Text"] = text(rng, i)
        if rng.random() < 0.5:
            row["Media"] = f"https://example.org/media/{i}.jpg"
            row["Media Caption"] = f"Photo of event {i}"
            row["Media Credit"] = rng.choice(["AFP", "Reuters", "<a href='https://example.org/'>Dawn</a>", ""])
        row["Group"] = rng.choice(ACTORS)
        broken = rng.random()
        if broken < 0.004:
            row["Month"] = "13"
        elif broken < 0.007:
            row["Month"], row["Day"] = "2", "30"
        elif broken < 0.01:
            row["Headline"] = ""
        else:
            earlier.append({k: row[k] for k in ("Year", "Month", "Day", "Headline", "Group")})
        out.writerow([row[h] for h in HEADER])


if __name__ == "__main__":
    main()
