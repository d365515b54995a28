//! Long lists in parts: a year, actor, topic or relation with more entries
//! than `per_page`, and the sources, relations and actors indexes with more
//! rows than `index_per_page`, are split into pages `…/page/2/`, `…/page/3/`.
//!
//! Part 1 is the list's own page; every part links to the others (and says
//! `rel="prev"`/`"next"`), and every part is in the sitemap, so nothing is
//! out of reach of a reader or a crawler without JavaScript.

use serde::Serialize;

use crate::model::Chronicle;
use crate::paths::Listing;

/// A list that may be split into parts, by model index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    Year(usize),
    Actor(usize),
    Topic(usize),
    Relation(usize),
    Sources,
    Relations,
    Actors,
}

impl List {
    /// How many rows the list has.
    pub fn len(self, m: &Chronicle) -> usize {
        match self {
            List::Year(y) => m.years[y].entries.len(),
            List::Actor(a) => m.actors[a].entries.len(),
            List::Topic(t) => m.topics[t].entries.len(),
            List::Relation(r) => m.relations[r].entries.len(),
            List::Sources => m.publishers.iter().map(|p| p.items.len()).sum(),
            List::Relations => m.relations.len(),
            List::Actors => m.actors.len(),
        }
    }

    /// Rows on one part of the list.
    pub fn per_part(self, m: &Chronicle) -> usize {
        match self {
            List::Sources | List::Relations | List::Actors => m.config.index_per_page,
            _ => m.config.per_page,
        }
        .max(1)
    }

    /// How many parts the list has: 1 at least, even when it is empty.
    pub fn parts(self, m: &Chronicle) -> usize {
        self.len(m).div_ceil(self.per_part(m)).max(1)
    }

    /// The part (from 1) that shows row `row` (from 0).
    pub fn part_of(self, m: &Chronicle, row: usize) -> usize {
        row / self.per_part(m) + 1
    }

    /// The rows part `n` shows.
    pub fn rows(self, m: &Chronicle, n: usize) -> std::ops::Range<usize> {
        let per = self.per_part(m);
        let len = self.len(m);
        let start = (n.saturating_sub(1)).saturating_mul(per).min(len);
        start..start.saturating_add(per).min(len)
    }

    /// The list as a place of the site.
    pub fn listing(self, m: &Chronicle) -> Listing<'_> {
        match self {
            List::Year(y) => Listing::Year(m.years[y].year),
            List::Actor(a) => Listing::Actor(&m.actors[a].slug),
            List::Topic(t) => Listing::Topic(&m.topics[t].slug),
            List::Relation(r) => Listing::Relation(&m.relations[r].slug),
            List::Sources => Listing::Sources,
            List::Relations => Listing::Relations,
            List::Actors => Listing::Actors,
        }
    }
}

/// Each publisher's first row in the bibliography (its sources are listed
/// publisher by publisher).
pub fn source_offsets(m: &Chronicle) -> Vec<usize> {
    m.publishers
        .iter()
        .scan(0, |row, p| {
            let first = *row;
            *row += p.items.len();
            Some(first)
        })
        .collect()
}

/// Where the pages that list entry `i` have it: the part of its year, and
/// the part of the bibliography listing each of its sources. An entry's
/// page links to those parts, so `serve` renders it again when they move.
pub fn entry_parts(m: &Chronicle, offsets: &[usize], i: usize) -> (usize, Vec<usize>) {
    let e = &m.entries[i];
    let year = m.year_index(e.date.year()).map_or(1, |y| {
        let row = i - m.years[y].entries.first().copied().unwrap_or(i);
        List::Year(y).part_of(m, row)
    });
    let sources = e
        .sources
        .iter()
        .map(|(_, r)| List::Sources.part_of(m, offsets.get(r.publisher).copied().unwrap_or(0) + r.item))
        .collect();
    (year, sources)
}

/// What a template gets to show where it is in a list split into parts
/// (`pager`; null when the list fits on one page).
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This part, from 1.
    pub part: usize,
    pub parts: usize,
    /// Rows shown here, from 1: "101–200 of 5,512".
    pub first_row: usize,
    pub last_row: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Links to parts: the first, the last, and those near this one; a
    /// `None` between two stands for the parts left out.
    pub links: Vec<Option<PartLink>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartLink {
    pub n: usize,
    pub url: String,
    pub current: bool,
}

/// The pager of part `n` of `list`, or `None` when the list has one part.
pub fn pager(m: &Chronicle, list: List, n: usize) -> Option<Pager> {
    let parts = list.parts(m);
    if parts <= 1 {
        return None;
    }
    let root = &m.config.root;
    let url = |k: usize| list.listing(m).part(k).url(root);
    let rows = list.rows(m, n);
    let mut links = Vec::new();
    let mut last = 0;
    for k in 1..=parts {
        if k == 1 || k == parts || k.abs_diff(n) <= 2 {
            if k > last + 1 {
                links.push(None);
            }
            links.push(Some(PartLink {
                n: k,
                url: url(k),
                current: k == n,
            }));
            last = k;
        }
    }
    Some(Pager {
        part: n,
        parts,
        first_row: rows.start + 1,
        last_row: rows.end,
        total: list.len(m),
        prev: (n > 1).then(|| url(n - 1)),
        next: (n < parts).then(|| url(n + 1)),
        links,
    })
}
