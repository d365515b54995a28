#!/usr/bin/env python3
"""Write the benchmark corpus: a synthetic, deterministic relations chronicle.

    python3 scripts/gen_corpus.py --format chronicle --out /tmp/corpus-c --entries 10000 --seed 1
    python3 scripts/gen_corpus.py --format hugo      --out /tmp/corpus-h --entries 10000 --seed 1
    python3 scripts/gen_corpus.py --format zola      --out /tmp/corpus-z --entries 10000 --seed 1

One data set is drawn from (--entries, --seed) alone; --format only decides how it
is written, so the three layouts hold the same content and their builds can be timed
side by side. The same arguments always give the same bytes.

The data set
  entries  exactly --entries, dated 2001-01-01 to 2025-12-31 (uniformly), each with
           2-5 actors, 1-3 topics, a location, a one-sentence summary and 1-3 sources,
           and a Markdown body of 260-660 words (450 on average): an opening paragraph
           with one external link, a second-level heading, a paragraph with a footnote
           reference, a bullet list, one to four more paragraphs, a table in about 30%
           of entries, and the footnote itself, with emphasis and strong emphasis
           sprinkled through.
  actors   --entries / 20 of them (at least 10), states, people and organisations,
           drawn by a Zipf-like popularity: the most popular one is in well over half
           of the entries (about 55% at 10,000), the least popular in a handful.
           Only actors that some entry names are written.
  topics   12-20 of a fixed list of 24, also drawn with a (flatter) Zipf-like law.

The layouts
  chronicle  chronicle.yaml, content/entries/<slug>.md with YAML front matter,
             content/actors/<slug>.md and content/topics/<slug>.md: chronicle's input.
  hugo       a complete Hugo site: hugo.toml, layouts/, data/actors.toml,
             data/topics.toml and content/entries/ (taxonomies `actors` and `topics`).
  zola       a complete Zola site: config.toml, templates/, data/ and content/.

The Hugo and Zola templates render the same set of pages, doing the same work:
every entry (title, date, location, summary, actor and topic links, body, sources),
every actor and topic page listing its entries by date (with the actor's name, kind
and other names, or the topic's name and description, from data/), the list of actors
and of topics with counts, the entries section, the home page (all entries by year)
and a 404 page. Feeds, sitemaps, robots.txt and search indexes are switched off.

Entry file names carry no date prefix (Zola would strip one, Hugo would not), so an
entry's slug, and its URL /entries/<slug>/, is the same in every layout.

Python 3 standard library only.
"""

import argparse
import bisect
import datetime
import json
import os
import random
import re
import shutil
import sys

# --- fixed word lists ------------------------------------------------------------------
# Everything random is drawn from these lists with one random.Random(seed); nothing
# depends on set or hash order, so output is identical whatever PYTHONHASHSEED is.

# Seventy states: at large sizes they run out and later ranks become people, which
# keeps the mix at 10,000 entries near 14% states, 55% people, 31% organisations.
COUNTRIES = """
Algeria Argentina Armenia Australia Austria Azerbaijan Bangladesh Belgium Brazil
Canada Chile China Colombia Cuba Denmark Egypt Ethiopia Finland France Georgia Germany
Greece Hungary India Indonesia Iran Iraq Israel Italy Japan Jordan Kazakhstan Kenya
Kyrgyzstan Lebanon Malaysia Mexico Mongolia Morocco Myanmar Nepal Nigeria Norway Oman
Pakistan Peru Poland Qatar Romania Russia Serbia Spain Sweden Syria Tajikistan Thailand
Tunisia Turkey Turkmenistan Ukraine Uzbekistan
""".split() + ["Saudi Arabia", "South Africa", "South Korea", "Sri Lanka", "New Zealand",
               "United Kingdom", "United States", "Costa Rica", "North Macedonia"]

# (slug, name, description); names are also used, lower-cased, inside titles.
TOPIC_LIST = [
    ("security", "Security", "Insurgency, policing, counter-terrorism and the guarding of frontiers."),
    ("trade", "Trade", "Tariffs, trade pacts, transit goods and disputes at customs posts."),
    ("energy", "Energy", "Oil and gas fields, pipelines, power lines and electricity sales."),
    ("diplomacy", "Diplomacy", "Visits, summits, envoys and the general temperature of ties."),
    ("migration", "Migration", "Refugees, deportations, visa rules and workers abroad."),
    ("water", "Water", "Shared rivers, reservoirs, canals and treaties on their use."),
    ("climate", "Climate", "Emission targets, adaptation funds and responses to disasters."),
    ("health", "Health", "Outbreaks, vaccination campaigns and medical cooperation."),
    ("finance", "Finance", "Loans, bonds, debt relief, swap lines and lenders' terms."),
    ("border", "Border", "Demarcation, crossing points and incidents along the line."),
    ("sanctions", "Sanctions", "Sanctions imposed and lifted, waivers and their enforcement."),
    ("elections", "Elections", "Ballots, monitors, contested counts and handovers of power."),
    ("infrastructure", "Infrastructure", "Highways, rail links, ports and corridor schemes."),
    ("telecommunications", "Telecommunications", "Mobile networks, undersea cables and spectrum."),
    ("agriculture", "Agriculture", "Crops, food stocks, fertiliser and trade in farm goods."),
    ("education", "Education", "Universities, scholarships and exchanges of students."),
    ("culture", "Culture", "Heritage sites, sport, broadcasting and festivals."),
    ("defense", "Defense", "Weapons deals, joint drills and military cooperation."),
    ("aid", "Aid", "Emergency relief and long-term development assistance."),
    ("mining", "Mining", "Licences for minerals, their extraction and their export."),
    ("shipping", "Shipping", "Sea lanes, harbours, freight rates and insurance."),
    ("cyber", "Cyber", "Network intrusions, data protection and online rules."),
    ("tourism", "Tourism", "Visitors, pilgrim routes and the travel industry."),
    ("justice", "Justice", "Courts, extradition and agreements on legal help."),
]

CITIES = """
Accra Algiers Almaty Amman Ankara Astana Athens Baghdad Baku Bangkok Beijing Beirut
Belgrade Berlin Bishkek Bogota Brasilia Brussels Bucharest Budapest Cairo Canberra
Caracas Colombo Copenhagen Dakar Dhaka Doha Dushanbe Geneva Hanoi Helsinki Islamabad
Istanbul Jakarta Kabul Karachi Kathmandu Khartoum Kyiv Lagos Lahore Lima Lisbon London
Madrid Manila Moscow Muscat Nairobi Oslo Ottawa Paris Rabat Riga Riyadh Rome Santiago
Seoul Stockholm Tashkent Tbilisi Tehran Tokyo Tunis Vienna Warsaw Yerevan
""".split() + ["Addis Ababa", "Buenos Aires", "Kuala Lumpur", "Mexico City", "New Delhi",
               "The Hague"]

PUBLISHERS = [
    "Morning Ledger", "Border Review", "Continental Newswire", "Port City Gazette",
    "Meridian Daily", "Northern Correspondent", "Capital Bulletin", "Regional Observer",
    "World Affairs Quarterly", "Evening Standard Post", "Public Record", "Compass Report",
    "Plains Chronicle", "River Delta Herald",
]

# Organisations are named "<adjective> <field> <body>".
ORG_ADJECTIVES = ["Northern", "Southern", "Eastern", "Western", "United", "Central",
                  "Joint", "Regional", "Continental", "Coastal", "Highland", "Federal"]
ORG_FIELDS = ["Water", "Grain", "Power", "Commerce", "Security", "Railway", "Harbour",
              "Mining", "Health", "Credit", "Frontier", "Maritime", "Cotton", "Textile",
              "Transit"]
ORG_BODIES = ["Council", "Commission", "Authority", "Alliance", "Forum", "Bank", "Agency",
              "Front", "Federation", "Institute", "Movement", "Union"]

# Syllables for made-up words and people's names.
SYLLABLES = """
ab al am an ar as ba be bo da de di do el en er fa ga ha in ir ka ke ko la li lo
ma me mi na ni no or pa ra ri sa se ta ti ul va za bar bel dor fen gan hal jun kar
kel lam mir nor pol ros sol tan ter ven vor zan
""".split()

# Real words, most frequent first: the head of the word-frequency curve.
REAL_WORDS = """
the of and to in a on for that with by as at from was is were said are be has its
after have had their which over but not this against between during before since under
government ministers ministry officials delegation envoy talks meeting agreement accord
treaty framework deal proposal statement declaration report analysts diplomats sources
border crossing corridor pipeline railway road harbour customs tariffs exports imports
trade investment loans credit debt currency markets prices supplies demand shortages
troops forces patrols incident clashes ceasefire truce fighters raid defence military
police courts judges verdict appeal charges law parliament ballot election campaign
parties coalition opposition president premier foreign interior treasury power water
river reservoir harvest wheat rice cotton fuel gas oil electricity grid line cable
networks refugees returnees migrants visas permits labourers households villages
districts provinces capital cities region valleys mountains coastline plateau northern
southern eastern western regional bilateral multilateral international domestic
national local joint fresh former initial further final yearly monthly weekly early
late recent earlier coming major modest senior junior formal informal public private
official urgent stalled signed announced rejected welcomed condemned praised urged
warned agreed denied confirmed disclosed outlined proposed planned expected extended
suspended resumed reopened shut opened approved blocked postponed launched finished
financed pledged told added noted stressed argued claimed insisted suggested admitted
relations cooperation dialogue pressure tensions dispute crisis recovery reforms growth
slowdown progress setback review assessment commitment obligation guarantee concerns
interests priority matter question problem remedy choice outcome result week month
year day morning evening season decade period phase stage round session
""".split()

TITLE_PATTERNS = [
    "{a} and {b} hold {t} talks in {loc}",
    "{a} and {b} sign {t} agreement",
    "{a} voices {t} worries about {b}",
    "{t} negotiations between {a} and {b} falter",
    "{a} receives {b} delegation for {t} discussions",
    "{a} and {b} settle on a {t} framework",
    "{a} accuses {b} of breaking {t} commitments",
    "{a} and {b} unveil joint {t} plan",
    "{b} turns down {a} offer on {t}",
    "{a} team travels to {loc} for {t} meeting with {b}",
    "Rift over {t} widens between {a} and {b}",
    "{a} promises {t} help to {b}",
]

SUMMARY_PATTERNS = [
    "Officials from {a} and {b} met in {loc} on {t} and promised to meet again.",
    "{a} and {b} set out a {t} plan in {loc} that still awaits ministers' approval.",
    "{a} pushed {b} on {t} at a meeting in {loc}, according to the {pub}.",
    "Delegations from {a} and {b} argued over {t} in {loc} without reaching agreement.",
    "{b} accepted a {t} proposal put forward by {a} at talks held in {loc}.",
]

OPENINGS = ["held another round of talks", "traded public statements",
            "exchanged letters on {topic}", "set up a joint working group"]

SOURCE_KINDS = ["Report", "Analysis", "Briefing", "Interview", "Statement", "Dispatch"]

FIRST_DAY = datetime.date(2001, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


def slugify(text):
    """Lower-case ASCII words joined by hyphens: "Sri Lanka" -> "sri-lanka"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def quoted(text):
    """A double-quoted string that is valid YAML and valid TOML (all text is ASCII)."""
    return json.dumps(text, ensure_ascii=True)


def capitalize_first(text):
    return text[:1].upper() + text[1:]


# --- random draws ----------------------------------------------------------------------

class Zipf:
    """Items ranked by popularity; the item of rank r (from 1) is drawn with weight
    1 / r**exponent."""

    def __init__(self, items, exponent):
        self.items = list(items)
        self.cumulative = []
        total = 0.0
        for rank in range(1, len(self.items) + 1):
            total += rank ** -exponent
            self.cumulative.append(total)

    def draw(self, rng, k):
        """k items drawn with these weights, as a list."""
        return rng.choices(self.items, cum_weights=self.cumulative, k=k)

    def draw_distinct(self, rng, k):
        """k different items, each drawn with these weights, in the order drawn."""
        total = self.cumulative[-1]
        last = len(self.items) - 1
        chosen, taken = [], [False] * len(self.items)
        while len(chosen) < k:
            i = min(bisect.bisect_right(self.cumulative, rng.random() * total), last)
            if not taken[i]:
                taken[i] = True
                chosen.append(self.items[i])
        return chosen


class Prose:
    """Sentences and paragraphs of news-like filler.

    The vocabulary is the real words above followed, rank by rank, by made-up words
    built from syllables; word frequencies follow a Zipf law (exponent 0.9) over the
    whole list, so the text has the repetition and word lengths of real prose."""

    PSEUDO_WORDS = 1400

    def __init__(self, rng):
        self.rng = rng
        real = list(dict.fromkeys(REAL_WORDS))
        known = set(real)
        pseudo = []
        while len(pseudo) < self.PSEUDO_WORDS:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))
            if word not in known:
                known.add(word)
                pseudo.append(word)
        # The first ten ranks are the commonest real words, then one made-up word after
        # every two real ones, then the rest of the made-up words. Word lengths at the
        # head of the curve decide the average (about 5.8 letters, as in the reference
        # generator's text), so this order matters for the size of the corpus.
        head, rest = real[:10], real[10:]
        ranked = head[:]
        for i, word in enumerate(rest):
            ranked.append(word)
            if i % 2 == 1:
                ranked.append(pseudo.pop())
        ranked.extend(pseudo)
        self.vocabulary = Zipf(ranked, 0.9)

    def words(self, k):
        return self.vocabulary.draw(self.rng, k)

    def phrase(self, lo, hi):
        """lo to hi words, capitalised: for headings and source titles."""
        return capitalize_first(" ".join(self.words(self.rng.randint(lo, hi))))

    def sentence(self, lo, hi, emphasis=0.0):
        """lo to hi words ending in a full stop; with probability `emphasis` one word is
        in *emphasis* or **strong emphasis**; long sentences often get a comma."""
        rng = self.rng
        words = self.words(rng.randint(lo, hi))
        words[0] = words[0].capitalize()
        if rng.random() < emphasis:
            i = rng.randrange(len(words))
            marker = "**" if rng.random() < 0.4 else "*"
            words[i] = marker + words[i] + marker
        if len(words) >= 10 and rng.random() < 0.5:
            words[rng.randrange(3, len(words) - 3)] += ","
        return " ".join(words) + "."

    def paragraph(self, words):
        """Sentences of 8 to 20 words until at least `words` words are written."""
        sentences, count = [], 0
        while count < words:
            s = self.sentence(8, 20, emphasis=0.3)
            count += s.count(" ") + 1
            sentences.append(s)
        return " ".join(sentences)


# --- the data set ----------------------------------------------------------------------

def make_actors(rng, count):
    """`count` actors, most popular first: the four most popular are states, the rest
    about 20% states, 50% people and 30% organisations (people once states run out)."""
    states = COUNTRIES[:]
    rng.shuffle(states)
    actors, slugs, names = [], set(), set()
    people = 0
    for rank in range(count):
        if rank < 4:
            kind = "state"
        else:
            kind = rng.choices(["state", "person", "organization"], [2, 5, 3])[0]
        if kind == "state" and not states:
            kind = "person"
        if kind == "state":
            name = states.pop()
            slug = slugify(name)
            aliases = []
            if rng.random() < 0.5:
                aliases.append("Republic of " + name)
            if rng.random() < 0.3:
                aliases.append(name.replace(" ", "")[:3].upper())
        elif kind == "person":
            name = None
            while name is None or name in names:
                given = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
                family = "".join(rng.choice(SYLLABLES)
                                 for _ in range(rng.randint(2, 3))).capitalize()
                name = given + " " + family
            people += 1
            slug = "person-%d" % people
            aliases = []
            if rng.random() < 0.6:
                aliases.append(given[0] + ". " + family)
            if rng.random() < 0.2:
                aliases.append(family)
        else:
            name = None
            tries = 0
            while name is None or name in names:
                name = " ".join([rng.choice(ORG_ADJECTIVES), rng.choice(ORG_FIELDS),
                                 rng.choice(ORG_BODIES)])
                tries += 1
                if tries > 20:  # a small list of parts: number the rare repeats
                    name += " %d" % tries
            slug = slugify(name)
            aliases = []
            if rng.random() < 0.5:
                aliases.append("".join(w[0] for w in name.split() if w[0].isalpha()))
        assert slug not in slugs, slug
        slugs.add(slug)
        names.add(name)
        actors.append({"slug": slug, "name": name, "kind": kind, "aliases": aliases})
    return actors


def make_topics(rng):
    """12 to 20 topics of the fixed list, most popular first."""
    chosen = rng.sample(TOPIC_LIST, rng.randint(12, 20))
    return [{"slug": s, "name": n, "description": d} for s, n, d in chosen]


def make_body(rng, prose, slug, actor_names, topic_name, place):
    """The Markdown body of one entry: about 300-600 words (drawn), spread over 3-6
    paragraphs, plus a heading, a bullet list, a footnote and sometimes a table."""
    target = rng.randint(300, 600)
    paragraphs = rng.randint(3, 6)
    with_table = rng.random() < 0.3
    # Words not in the paragraphs: opening clause, heading, list, footnote, table.
    overhead = 115 if with_table else 90
    per_paragraph = max(30, (target - overhead) // paragraphs)

    opening = rng.choice(OPENINGS).format(topic=topic_name.lower())
    who = "%s and %s" % (", ".join(actor_names[:-1]), actor_names[-1])
    link_text = " ".join(prose.words(2))
    blocks = [
        "In %s, %s %s. %s See the [%s](https://example.org/briefs/%s) for background."
        % (place, who, opening, prose.paragraph(per_paragraph - 12), link_text,
           slug[:30].rstrip("-")),
        "## " + prose.phrase(2, 5),
        prose.paragraph(per_paragraph) + "[^1]",
        "\n".join("- " + " ".join(prose.words(rng.randint(4, 9)))
                  for _ in range(rng.randint(3, 5))),
    ]
    for n in range(paragraphs - 2):
        blocks.append(prose.paragraph(per_paragraph))
        if with_table and n == 0:
            rows = ["| Year | Actor | Figure |", "| --- | --- | ---: |"]
            for _ in range(rng.randint(3, 5)):
                rows.append("| %d | %s | %d |" % (rng.randint(2001, 2025),
                                                 rng.choice(actor_names),
                                                 rng.randint(1, 9999)))
            blocks.append("\n".join(rows))
    blocks.append("[^1]: " + prose.sentence(8, 16))
    return "\n\n".join(blocks) + "\n"


def make_entry(rng, prose, index, actors, topics):
    """Entry number `index`: front-matter fields and body."""
    cast = actors.draw_distinct(rng, rng.randint(2, 5))
    themes = topics.draw_distinct(rng, rng.randint(1, 3))
    day = FIRST_DAY + datetime.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    place = rng.choice(CITIES)
    publisher = rng.choice(PUBLISHERS)
    fill = {"a": cast[0]["name"], "b": cast[1]["name"], "t": themes[0]["name"].lower(),
            "loc": place, "pub": publisher}
    title = capitalize_first(rng.choice(TITLE_PATTERNS).format(**fill))
    summary = capitalize_first(rng.choice(SUMMARY_PATTERNS).format(**fill))
    # The index keeps slugs unique; it also keeps file order close to creation order.
    slug = "%s-%05d" % (slugify(title)[:56].rstrip("-"), index)

    sources = []
    for n in range(rng.randint(1, 3)):
        by = publisher if n == 0 else rng.choice(PUBLISHERS)
        published = min(day + datetime.timedelta(days=rng.randint(0, 3)), LAST_DAY)
        sources.append({
            "title": "%s: %s" % (rng.choice(SOURCE_KINDS), prose.phrase(3, 7)),
            "publisher": by,
            "url": "https://example.org/%s/%d/%02d/%s-%d" % (
                slugify(by), published.year, published.month, slug[:30].rstrip("-"), n + 1),
            "date": published.isoformat(),
        })
    body = make_body(rng, prose, slug, [a["name"] for a in cast], themes[0]["name"], place)
    return {"slug": slug, "title": title, "date": day.isoformat(),
            "actors": [a["slug"] for a in cast], "topics": [t["slug"] for t in themes],
            "location": place, "summary": summary, "sources": sources, "body": body}


class DataSet:
    """Entries, actors and topics, all drawn from one random.Random(seed)."""

    def __init__(self, entries, seed):
        rng = random.Random(seed)
        prose = Prose(rng)
        actors = Zipf(make_actors(rng, max(10, entries // 20)), 1.15)
        topics = Zipf(make_topics(rng), 0.8)
        self.entries = [make_entry(rng, prose, i, actors, topics) for i in range(entries)]
        named_actors = {s for e in self.entries for s in e["actors"]}
        named_topics = {s for e in self.entries for s in e["topics"]}
        # Kept in popularity order; only what some entry names is written.
        self.actors = [a for a in actors.items if a["slug"] in named_actors]
        self.topics = [t for t in topics.items if t["slug"] in named_topics]


# --- writing ---------------------------------------------------------------------------

def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def yaml_front_matter(entry):
    """An entry's front matter as chronicle (and Hugo) read it."""
    lines = [
        "---",
        "title: " + quoted(entry["title"]),
        "date: " + entry["date"],
        "actors: [%s]" % ", ".join(entry["actors"]),
        "topics: [%s]" % ", ".join(entry["topics"]),
        "location: " + entry["location"],
        "summary: " + quoted(entry["summary"]),
        "sources:",
    ]
    for s in entry["sources"]:
        lines.append("  - title: " + quoted(s["title"]))
        lines.append("    publisher: " + quoted(s["publisher"]))
        lines.append("    url: " + s["url"])
        lines.append("    date: " + s["date"])
    lines.append("---")
    return "\n".join(lines) + "\n"


def toml_front_matter(entry):
    """The same front matter as Zola reads it: taxonomies and extra fields in tables."""
    lines = [
        "+++",
        "title = " + quoted(entry["title"]),
        "date = " + entry["date"],
        "",
        "[taxonomies]",
        "actors = [%s]" % ", ".join(quoted(a) for a in entry["actors"]),
        "topics = [%s]" % ", ".join(quoted(t) for t in entry["topics"]),
        "",
        "[extra]",
        "location = " + quoted(entry["location"]),
        "summary = " + quoted(entry["summary"]),
    ]
    for s in entry["sources"]:
        lines += ["", "[[extra.sources]]"]
        lines += ["%s = %s" % (k, quoted(s[k])) for k in ("title", "publisher", "url", "date")]
    lines.append("+++")
    return "\n".join(lines) + "\n"


def data_files(data):
    """data/actors.toml and data/topics.toml for the Hugo and Zola sites: one table per
    actor or topic, keyed by slug, holding what chronicle reads from its own files."""
    actors = []
    for a in data.actors:
        actors += ["[%s]" % quoted(a["slug"]),
                   "name = " + quoted(a["name"]),
                   "kind = " + quoted(a["kind"]),
                   "other_names = [%s]" % ", ".join(quoted(x) for x in a["aliases"]),
                   ""]
    topics = []
    for t in data.topics:
        topics += ["[%s]" % quoted(t["slug"]),
                   "name = " + quoted(t["name"]),
                   "description = " + quoted(t["description"]),
                   ""]
    return {"data/actors.toml": "\n".join(actors), "data/topics.toml": "\n".join(topics)}


def write_chronicle(data, out):
    write_file(os.path.join(out, "chronicle.yaml"),
               'title: "Relations Chronicle"\nbase_url: "https://example.org/"\n')
    for e in data.entries:
        write_file(os.path.join(out, "content", "entries", e["slug"] + ".md"),
                   yaml_front_matter(e) + "\n" + e["body"])
    for a in data.actors:
        write_file(os.path.join(out, "content", "actors", a["slug"] + ".md"),
                   "---\nname: %s\nkind: %s\naliases: [%s]\n---\n"
                   % (quoted(a["name"]), a["kind"],
                      ", ".join(quoted(x) for x in a["aliases"])))
    for t in data.topics:
        write_file(os.path.join(out, "content", "topics", t["slug"] + ".md"),
                   "---\nname: %s\ndescription: %s\n---\n"
                   % (quoted(t["name"]), quoted(t["description"])))


HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Relations Chronicle"
# HTML pages only, as in the Zola site: no RSS, sitemap or robots.txt.
disableKinds = ["rss", "sitemap", "robotsTXT"]
enableRobotsTXT = false
disableHugoGeneratorInject = true
buildFuture = true
capitalizeListTitles = false
titleCaseStyle = "none"

[taxonomies]
  actor = "actors"
  topic = "topics"

# Markdown as Zola renders it by default: tables and footnotes on; no typographer,
# no autolinking of bare URLs, no definition lists.
[markup.goldmark.extensions]
  linkify = false
  definitionList = false
  [markup.goldmark.extensions.typographer]
    disable = true
"""

# A list of entries, newest first, as every list page shows it.
HUGO_ENTRY_LIST = """\
<ul>
{{ range .Pages.ByDate.Reverse }}<li><time>{{ .Date.Format "2006-01-02" }}</time> \
<a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ block "title" . }}{{ site.Title }}{{ end }}</title></head>
<body>
<header><a href="{{ site.Home.Permalink }}">{{ site.Title }}</a> | \
<a href="{{ "actors/" | absURL }}">Actors</a> | <a href="{{ "topics/" | absURL }}">Topics</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    # Home: every entry, grouped by year.
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ range (where site.RegularPages "Section" "entries").GroupByDate "2006" }}
<h2>{{ .Key }}</h2>
<ul>
{{ range .Pages }}<li><time>{{ .Date.Format "2006-01-02" }}</time> \
<a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
{{ end }}
""",
    # The /entries/ section.
    "section.html": """\
{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
""" + HUGO_ENTRY_LIST + """\
{{ end }}
""",
    # One entry.
    "page.html": """\
{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> \
| {{ .Params.location }}</p>
<p class="summary">{{ .Params.summary }}</p>
<p class="actors">Actors: {{ range .GetTerms "actors" }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p class="topics">Topics: {{ range .GetTerms "topics" }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<div class="body">
{{ .Content }}
</div>
<h2>Sources</h2>
<ol class="sources">
{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}, \
{{ time.Format "2006-01-02" .date }}</li>
{{ end }}</ol>
</article>
{{ end }}
""",
    # /actors/ and /topics/: every term with its number of entries.
    "taxonomy.html": """\
{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.LinkTitle }}</a> \
({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    # One actor or topic: what data/ says about it, then its entries.
    "term.html": """\
{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "main" }}
{{ $slug := .Data.Term }}
{{ if eq .Data.Plural "actors" }}
{{ with index hugo.Data.actors $slug }}
<h1>{{ .name }}</h1>
<p class="kind">{{ .kind }}</p>
{{ with .other_names }}<p>Also known as: {{ delimit . ", " }}</p>{{ end }}
{{ end }}
{{ else }}
{{ with index hugo.Data.topics $slug }}
<h1>{{ .name }}</h1>
<p>{{ .description }}</p>
{{ end }}
{{ end }}
<p>{{ len .Pages }} entries</p>
""" + HUGO_ENTRY_LIST + """\
{{ end }}
""",
    "404.html": """\
{{ define "main" }}
<h1>Not found</h1>
{{ end }}
""",
}

ZOLA_CONFIG = """\
base_url = "https://example.org"
title = "Relations Chronicle"
compile_sass = false
minify_html = false
# HTML pages only, as in the Hugo site: no feeds, sitemap, robots.txt or search index.
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [
  { name = "actors" },
  { name = "topics" },
]

[markdown]
smart_punctuation = false
render_emoji = false
# Footnotes collected at the bottom with back references, as Hugo renders them.
bottom_footnotes = true
insert_anchor_links = "none"
# No rel attribute on external links, as in Hugo.
external_links_external = false
"""

# A list of entries (Zola sorts section and term pages newest first).
ZOLA_ENTRY_LIST = """\
<ul>
{% for p in PAGES %}<li><time>{{ p.date }}</time> <a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>
{% endfor %}</ul>
"""

ZOLA_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title></head>
<body>
<header><a href="{{ config.base_url | safe }}/">{{ config.title }}</a> | \
<a href="{{ config.base_url | safe }}/actors/">Actors</a> | \
<a href="{{ config.base_url | safe }}/topics/">Topics</a></header>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
""",
    # Home: every entry (the entries section is transparent), grouped by year.
    "index.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ config.title }}</h1>
{% set_global year = 0 %}
{% for p in section.pages %}{% if p.year != year %}{% if year != 0 %}</ul>
{% endif %}
<h2>{{ p.year }}</h2>
<ul>
{% set_global year = p.year %}{% endif %}<li><time>{{ p.date }}</time> \
<a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>
{% endfor %}{% if year != 0 %}</ul>{% endif %}
{% endblock content %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
""" + ZOLA_ENTRY_LIST.replace("PAGES", "section.pages") + """\
{% endblock content %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date }}</time> | {{ page.extra.location }}</p>
<p class="summary">{{ page.extra.summary }}</p>
<p class="actors">Actors: {% for a in page.taxonomies.actors %}\
<a href="{{ get_taxonomy_url(kind="actors", name=a) | safe }}">{{ a }}</a> {% endfor %}</p>
<p class="topics">Topics: {% for t in page.taxonomies.topics %}\
<a href="{{ get_taxonomy_url(kind="topics", name=t) | safe }}">{{ t }}</a> {% endfor %}</p>
<div class="body">
{{ page.content | safe }}
</div>
<h2>Sources</h2>
<ol class="sources">
{% for s in page.extra.sources %}<li><a href="{{ s.url | safe }}">{{ s.title }}</a>, \
{{ s.publisher }}, {{ s.date }}</li>
{% endfor %}</ol>
</article>
{% endblock content %}
""",
    "taxonomy_list.html": """\
{% extends "base.html" %}
{% block title %}{{ taxonomy.name }} | {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul>
{% for t in terms %}<li><a href="{{ t.permalink | safe }}">{{ t.name }}</a> ({{ t.page_count }})</li>
{% endfor %}</ul>
{% endblock content %}
""",
    # One actor or topic: what data/ says about it, then its entries.
    "taxonomy_single.html": """\
{% extends "base.html" %}
{% block title %}{{ term.name }} | {{ config.title }}{% endblock title %}
{% block content %}
{% set info = load_data(path="data/" ~ taxonomy.name ~ ".toml") %}
{% set d = info[term.name] %}
<h1>{{ d.name }}</h1>
{% if taxonomy.name == "actors" %}
<p class="kind">{{ d.kind }}</p>
{% if d.other_names %}<p>Also known as: {{ d.other_names | join(sep=", ") }}</p>{% endif %}
{% else %}
<p>{{ d.description }}</p>
{% endif %}
<p>{{ term.page_count }} entries</p>
""" + ZOLA_ENTRY_LIST.replace("PAGES", "term.pages") + """\
{% endblock content %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block content %}
<h1>Not found</h1>
{% endblock content %}
""",
}


def write_site(out, config_name, config, template_dir, templates, data):
    """The files every Hugo or Zola site here shares: config, templates, data/."""
    write_file(os.path.join(out, config_name), config)
    for name, text in templates.items():
        write_file(os.path.join(out, template_dir, name), text)
    for name, text in data_files(data).items():
        write_file(os.path.join(out, name), text)


def write_hugo(data, out):
    write_site(out, "hugo.toml", HUGO_CONFIG, "layouts", HUGO_LAYOUTS, data)
    write_file(os.path.join(out, "content", "entries", "_index.md"), "---\ntitle: Entries\n---\n")
    for e in data.entries:
        write_file(os.path.join(out, "content", "entries", e["slug"] + ".md"),
                   yaml_front_matter(e) + "\n" + e["body"])


def write_zola(data, out):
    write_site(out, "config.toml", ZOLA_CONFIG, "templates", ZOLA_TEMPLATES, data)
    write_file(os.path.join(out, "content", "_index.md"),
               '+++\ntitle = "Relations Chronicle"\nsort_by = "date"\n+++\n')
    write_file(os.path.join(out, "content", "entries", "_index.md"),
               '+++\ntitle = "Entries"\nsort_by = "date"\ntransparent = true\n+++\n')
    for e in data.entries:
        write_file(os.path.join(out, "content", "entries", e["slug"] + ".md"),
                   toml_front_matter(e) + "\n" + e["body"])


WRITERS = {"chronicle": write_chronicle, "hugo": write_hugo, "zola": write_zola}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write the deterministic benchmark corpus in one of three layouts.")
    parser.add_argument("--format", choices=sorted(WRITERS), required=True,
                        help="layout to write")
    parser.add_argument("--out", required=True, help="directory to write (new or empty)")
    parser.add_argument("--entries", "-n", type=int, default=10000,
                        help="number of entries (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true",
                        help="delete --out first if it exists and is not empty")
    args = parser.parse_args(argv)
    if args.entries < 2:
        parser.error("--entries must be at least 2")
    if os.path.isdir(args.out) and os.listdir(args.out):
        if not args.force:
            parser.error("%s exists and is not empty (use --force)" % args.out)
        shutil.rmtree(args.out)

    data = DataSet(args.entries, args.seed)
    WRITERS[args.format](data, args.out)
    words = sum(len(e["body"].split()) for e in data.entries)
    print("%s: %d entries, %d actors, %d topics, ~%d body words/entry -> %s"
          % (args.format, len(data.entries), len(data.actors), len(data.topics),
             words // len(data.entries), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
