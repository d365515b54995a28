//! The bibliography: every cited source once, grouped by publisher.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::parse::Source;

use super::{BibItem, BibRecord, BibRef, Publisher};

/// Name under which sources without a publisher are grouped.
pub const NO_PUBLISHER: &str = "Other sources";

/// The bibliography: distinct sources grouped by publisher, and where each
/// entry's sources sit in it.
pub(super) struct Bibliography {
    pub(super) publishers: Arc<Vec<Publisher>>,
    /// For each entry (in model order), the record of each of its sources.
    pub(super) cited: Vec<Vec<BibRef>>,
}

/// What makes two citations one source: its address (a trailing slash
/// aside), or else its title and publisher, case aside.
fn source_key(s: &Source) -> Cow<'_, str> {
    match &s.url {
        Some(u) => Cow::Borrowed(u.trim_end_matches('/')),
        None => Cow::Owned(format!(
            "{}\u{1f}{}",
            s.title.to_lowercase(),
            s.publisher.as_deref().unwrap_or("").to_lowercase()
        )),
    }
}

/// Whether an entry citing `a` cites just what `b` does, in order (the
/// same shared sources, or equal ones).
pub(super) fn same_citations<'a>(a: impl ExactSizeIterator<Item = &'a Arc<Source>>, b: &[Arc<Source>]) -> bool {
    a.len() == b.len() && a.zip(b).all(|(x, y)| Arc::ptr_eq(x, y) || x == y)
}

/// What makes two publisher names one: case and spacing aside.
fn publisher_key(name: &str) -> String {
    name.split_whitespace().collect::<String>().to_lowercase()
}

/// `name` with runs of spaces made one.
fn collapse_spaces(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, for short ids that stay the same from build to build.
pub fn short_hash(s: &str) -> String {
    short_id("", s)
}

/// `prefix` and the short hash of `s`, in one string.
fn short_id(prefix: &str, s: &str) -> String {
    use std::fmt::Write;
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    let mut id = String::with_capacity(prefix.len() + 8);
    id.push_str(prefix);
    let _ = write!(id, "{:08x}", (h >> 32) as u32 ^ (h as u32));
    id
}

/// A map hashed fast, for the keys of every source.
type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

impl Bibliography {
    /// The bibliography of entries citing `entries` (each entry's sources,
    /// in model order).
    pub(super) fn build(entries: &[Vec<Arc<Source>>]) -> Bibliography {
        // Distinct sources in order of first citation; the first citation
        // wins the record's details (entries are in time order).
        // The keys are worked out on every core; the records, in order.
        let keys: Vec<Vec<Cow<str>>> = entries
            .par_iter()
            .map(|sources| sources.iter().map(|s| source_key(s)).collect())
            .collect();
        let mut record_of: FastMap<&str, usize> =
            FastMap::with_capacity_and_hasher(keys.iter().map(Vec::len).sum(), Default::default());
        // Each record's key, source and citing entries.
        let mut records: Vec<(&str, &Arc<Source>, Vec<usize>)> = Vec::new();
        let mut cited: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
        for (i, (sources, keys)) in entries.iter().zip(&keys).enumerate() {
            let mut refs = Vec::with_capacity(sources.len());
            for (s, key) in sources.iter().zip(keys) {
                let r = *record_of.entry(key.as_ref()).or_insert_with(|| {
                    records.push((key.as_ref(), s, Vec::new()));
                    records.len() - 1
                });
                let cited_by = &mut records[r].2;
                if cited_by.last() != Some(&i) {
                    cited_by.push(i);
                }
                refs.push(r);
            }
            cited.push(refs);
        }
        // Publishers by name, whatever its case or spacing ("REUTERS" and
        // "Reuters" are one), under the spelling most of its sources use;
        // "Other sources" last. Each spelling's group is looked up once.
        let mut group_of_key: FastMap<String, usize> = FastMap::default();
        let mut group_of_name: FastMap<&str, usize> = FastMap::default();
        let mut groups: Vec<(String, Vec<usize>, HashMap<&str, usize>)> = Vec::new();
        for (r, (_, source, _)) in records.iter().enumerate() {
            let name = spelling(source);
            let g = *group_of_name.entry(name).or_insert_with(|| {
                let key = publisher_key(name);
                *group_of_key.entry(key.clone()).or_insert_with(|| {
                    groups.push((key, Vec::new(), HashMap::new()));
                    groups.len() - 1
                })
            });
            groups[g].1.push(r);
            *groups[g].2.entry(name).or_default() += 1;
        }
        let mut named: Vec<(String, String, Vec<usize>)> = groups
            .into_iter()
            .map(|(key, items, spellings)| (key, commonest(spellings), items))
            .collect();
        named.sort_by(|(ka, na, _), (kb, nb, _)| (na == NO_PUBLISHER, ka).cmp(&(nb == NO_PUBLISHER, kb)));
        // In each publisher, newest first, then by title and key (a total
        // order: keys are distinct): sorted on every core.
        named.par_iter_mut().for_each(|(_, _, items)| {
            items.sort_by_cached_key(|&r| {
                let (key, source, _) = &records[r];
                item_order(source, key)
            });
        });
        let mut place = vec![BibRef { publisher: 0, item: 0 }; records.len()];
        for (p, (_, _, items)) in named.iter().enumerate() {
            for (k, &r) in items.iter().enumerate() {
                place[r] = BibRef { publisher: p, item: k };
            }
        }
        // The records made items on every core, each then moved to its place.
        let mut made: Vec<Option<BibItem>> = records
            .into_par_iter()
            .map(|(key, source, cited_by)| {
                Some(BibItem {
                    record: Arc::new(BibRecord {
                        id: short_id("src-", key).into(),
                        key: Arc::from(key),
                        source: Arc::clone(source),
                    }),
                    cited_by,
                })
            })
            .collect();
        let publishers: Vec<Publisher> = named
            .into_iter()
            .map(|(key, name, items)| Publisher {
                id: short_id("pub-", &key),
                name,
                items: items.iter().filter_map(|&r| made[r].take()).collect(),
            })
            .collect();
        let cited = cited
            .into_iter()
            .map(|refs| refs.into_iter().map(|r| place[r]).collect())
            .collect();
        Bibliography {
            publishers: Arc::new(publishers),
            cited,
        }
    }
}

/// Up to how many citations [`Bibliography::patched`] finds the records
/// of by looking through every record (an edit or two), rather than
/// making a map of them all.
pub(super) const LOOK_THROUGH: usize = 32;

/// A record of [`Bibliography::patched`]: a distinct source, by its key.
struct Record {
    record: Arc<BibRecord>,
    cited_by: Vec<usize>,
    /// Cited by an entry that changed, before or now.
    touched: bool,
    /// Its place may have changed: a new record, or one whose details
    /// (those of its first citation) changed.
    moves: bool,
}

/// How a source spells its publisher, for choosing a publisher's name.
fn spelling(s: &Source) -> &str {
    s.publisher.as_deref().map(str::trim).unwrap_or(NO_PUBLISHER)
}

/// A publisher's name: the spelling most of its sources use (of equals, the
/// first in order), its runs of spaces made one.
fn commonest(spellings: HashMap<&str, usize>) -> String {
    spellings
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map_or_else(|| NO_PUBLISHER.to_string(), |(n, _)| collapse_spaces(n))
}

/// How items are ordered in a publisher: newest first, then by title
/// whatever its case, then by key (a total order: keys are distinct).
fn item_order<'k>(
    source: &Source,
    key: &'k str,
) -> (
    std::cmp::Reverse<Option<crate::content::date::PartialDate>>,
    String,
    &'k str,
) {
    (std::cmp::Reverse(source.date), source.title.to_lowercase(), key)
}

impl Bibliography {
    /// What [`Bibliography::build`] makes of `sources` (each entry's, in
    /// model order), made from this bibliography by patching only the
    /// records that the entries whose citations changed cite, before or
    /// now. Entry `j` of this bibliography is entry `moved[j]` now (`None`:
    /// it is gone), and `changed[i]` says whether entry `i` now cites other
    /// sources than it did, or is new. Everything else is renumbered.
    ///
    /// A record's details are its first citation's: they are looked up
    /// again when that citation is another now. A record whose details
    /// changed, or a new one, is placed in its publisher again, and the
    /// name of each publisher that gained or lost a record is chosen again
    /// (the spelling most of its sources use).
    pub(super) fn patched(
        &self,
        moved: &[Option<usize>],
        sources: &[Vec<Arc<Source>>],
        changed: &[bool],
    ) -> Bibliography {
        self.patched_looking_up(moved, sources, changed, LOOK_THROUGH)
    }

    /// [`Bibliography::patched`], finding records by key in a map once the
    /// entries that changed have more than `look_through` citations.
    fn patched_looking_up(
        &self,
        moved: &[Option<usize>],
        sources: &[Vec<Arc<Source>>],
        changed: &[bool],
        look_through: usize,
    ) -> Bibliography {
        let last = Cited {
            publishers: &self.publishers,
            cited: |j: usize| self.cited[j].iter().copied(),
        };
        last.patched(moved, &|i| sources[i].iter().collect(), changed, look_through)
    }
}

/// A bibliography as [`Bibliography::patched`] reads it: its publishers,
/// and where entry `j`'s citations were in them (`cited(j)`). The model
/// `serve` relinks is read this way, without a bibliography of its own.
pub(super) struct Cited<'a, C> {
    pub(super) publishers: &'a [Publisher],
    pub(super) cited: C,
}

impl<'a, C, I> Cited<'a, C>
where
    C: Fn(usize) -> I,
    I: Iterator<Item = BibRef>,
{
    /// [`Bibliography::patched`] of this bibliography, entry `i` now citing
    /// `sources(i)` (looked up for the entries that changed and for the
    /// first citations of the records they touch), with the records found
    /// in a map once the entries that changed have more than
    /// `look_through` citations.
    pub(super) fn patched<'s>(
        &self,
        moved: &[Option<usize>],
        sources: &dyn Fn(usize) -> Vec<&'s Arc<Source>>,
        changed: &[bool],
        look_through: usize,
    ) -> Bibliography {
        // Every record, in this bibliography's order, cited by the entries
        // that did not change.
        let mut offsets = Vec::with_capacity(self.publishers.len());
        let mut count = 0;
        for p in self.publishers {
            offsets.push(count);
            count += p.items.len();
        }
        let mut records: Vec<Record> = self
            .publishers
            .par_iter()
            .flat_map_iter(|p| &p.items)
            .map(|item| {
                let mut cited_by: Vec<usize> = item
                    .cited_by
                    .iter()
                    .filter_map(|&j| moved[j])
                    .filter(|&i| !changed[i])
                    .collect();
                cited_by.sort_unstable();
                // Its first citation is another's now: its details may be.
                let first = item.cited_by.first().and_then(|&j| moved[j]);
                let touched = cited_by.len() != item.cited_by.len() || cited_by.first().copied() != first;
                Record {
                    record: Arc::clone(&item.record),
                    cited_by,
                    touched,
                    moves: false,
                }
            })
            .collect();
        let kept = records.len();
        // The citations of the entries that changed, in order.
        let changes: Vec<(usize, Vec<&Arc<Source>>)> = (0..changed.len())
            .filter(|&i| changed[i])
            .map(|i| (i, sources(i)))
            .collect();
        // Records are found by key: by looking through them all for the
        // few citations of an edit or two, else in a map of every key.
        // Entry `i`'s citations now: those of a change already looked up.
        let cites_of = |i: usize| match changes.binary_search_by_key(&i, |(c, _)| *c) {
            Ok(c) => changes[c].1.clone(),
            Err(_) => sources(i),
        };
        let citations: usize = changes.iter().map(|(_, s)| s.len()).sum();
        let mut record_of: Option<FastMap<Arc<str>, usize>> = (citations > look_through).then(|| {
            let mut map = FastMap::with_capacity_and_hasher(records.len(), Default::default());
            for (r, record) in records.iter().enumerate() {
                map.insert(record.record.key.clone(), r);
            }
            map
        });
        let find = |records: &[Record], map: &Option<FastMap<Arc<str>, usize>>, key: &str| match map {
            Some(map) => map.get(key).copied(),
            None => records.iter().position(|r| &*r.record.key == key),
        };
        for (i, cites) in &changes {
            let i = *i;
            for s in cites {
                let key = source_key(s);
                match find(&records, &record_of, &key) {
                    Some(r) => {
                        let record = &mut records[r];
                        if record.cited_by.last() != Some(&i) {
                            record.cited_by.push(i);
                        }
                        record.touched = true;
                    }
                    None => {
                        let key: Arc<str> = Arc::from(key);
                        if let Some(map) = &mut record_of {
                            map.insert(Arc::clone(&key), records.len());
                        }
                        records.push(Record {
                            record: Arc::new(BibRecord {
                                id: short_id("src-", &key).into(),
                                key,
                                source: Arc::clone(s),
                            }),
                            cited_by: vec![i],
                            touched: true,
                            moves: true,
                        });
                    }
                }
            }
        }
        // Each touched record's citing entries in order, and its details
        // its first citation's; one no entry cites any more is dropped.
        for record in records.iter_mut().filter(|r| r.touched) {
            record.cited_by.sort_unstable();
            record.cited_by.dedup();
            let Some(&first) = record.cited_by.first() else {
                record.moves = true;
                continue;
            };
            let details = cites_of(first)
                .into_iter()
                .find(|s| *source_key(s) == *record.record.key);
            if let Some(details) = details.filter(|d| !Arc::ptr_eq(d, &record.record.source)) {
                record.moves |= **details != *record.record.source;
                record.record = Arc::new(BibRecord {
                    source: Arc::clone(details),
                    key: Arc::clone(&record.record.key),
                    id: Arc::clone(&record.record.id),
                });
            }
        }

        // The publishers: the records that stay where they were, in their
        // order, then each that moves put in its place.
        struct Group {
            key: String,
            name: String,
            id: Option<String>,
            items: Vec<usize>,
            renamed: bool,
        }
        let mut groups: Vec<Group> = Vec::with_capacity(self.publishers.len() + 1);
        let mut group_of: FastMap<String, usize> = FastMap::default();
        for (p, publisher) in self.publishers.iter().enumerate() {
            let end = offsets.get(p + 1).copied().unwrap_or(kept);
            let items: Vec<usize> = (offsets[p]..end).filter(|&r| !records[r].moves).collect();
            let key = publisher_key(&publisher.name);
            group_of.insert(key.clone(), groups.len());
            groups.push(Group {
                renamed: items.len() != end - offsets[p],
                key,
                name: publisher.name.clone(),
                id: Some(publisher.id.clone()),
                items,
            });
        }
        for r in (0..records.len()).filter(|&r| records[r].moves && !records[r].cited_by.is_empty()) {
            let key = publisher_key(spelling(&records[r].record.source));
            let g = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push(Group {
                    key,
                    name: String::new(),
                    id: None,
                    items: Vec::new(),
                    renamed: true,
                });
                groups.len() - 1
            });
            let order_of = |q: usize| item_order(&records[q].record.source, &records[q].record.key);
            let order = order_of(r);
            let items = &groups[g].items;
            let place = items.partition_point(|&q| order_of(q) < order);
            groups[g].items.insert(place, r);
            groups[g].renamed = true;
        }
        groups.retain(|g| !g.items.is_empty());
        for g in groups.iter_mut().filter(|g| g.renamed) {
            let mut spellings: HashMap<&str, usize> = HashMap::new();
            for &r in &g.items {
                *spellings.entry(spelling(&records[r].record.source)).or_default() += 1;
            }
            g.name = commonest(spellings);
        }
        groups.sort_by(|a, b| (a.name == NO_PUBLISHER, &a.key).cmp(&(b.name == NO_PUBLISHER, &b.key)));

        let mut place = vec![BibRef { publisher: 0, item: 0 }; records.len()];
        for (p, g) in groups.iter().enumerate() {
            for (k, &r) in g.items.iter().enumerate() {
                place[r] = BibRef { publisher: p, item: k };
            }
        }
        // Each entry's citations: an entry that changed looks its sources
        // up, one that did not has its records placed anew.
        let mut from = vec![None; changed.len()];
        for (j, i) in moved.iter().enumerate() {
            if let Some(i) = *i {
                from[i] = Some(j);
            }
        }
        let cited = (0..changed.len())
            .map(|i| match from[i].filter(|_| !changed[i]) {
                Some(j) => (self.cited)(j).map(|b| place[offsets[b.publisher] + b.item]).collect(),
                None => cites_of(i)
                    .into_iter()
                    .map(|s| place[find(&records, &record_of, &source_key(s)).unwrap_or_default()])
                    .collect(),
            })
            .collect();
        let mut made: Vec<Option<Record>> = records.into_iter().map(Some).collect();
        let publishers = groups
            .into_iter()
            .map(|g| Publisher {
                id: g.id.unwrap_or_else(|| short_id("pub-", &g.key)),
                name: g.name,
                items: g
                    .items
                    .iter()
                    .filter_map(|&r| made[r].take())
                    .map(|r| BibItem {
                        record: r.record,
                        cited_by: r.cited_by,
                    })
                    .collect(),
            })
            .collect();
        Bibliography {
            publishers: Arc::new(publishers),
            cited,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::{Section, SourceFile};
    use crate::content::parse::{parse_file, Doc, EntryDoc};

    fn entry(slug: &str, date: &str, sources: &str) -> Arc<EntryDoc> {
        let text = format!("---\ntitle: {slug}\ndate: {date}\nactors: [a]\nsources:\n{sources}---\nBody.\n");
        match parse_file(SourceFile {
            translation: None,
            section: Section::Entries,
            slug: slug.into(),
            rel: format!("content/entries/{slug}.md"),
            text,
        }) {
            (Some(Doc::Entry(e)), _) => e,
            (_, d) => panic!("{d:?}"),
        }
    }

    fn sources_of(entries: &[Arc<EntryDoc>]) -> Vec<Vec<Arc<Source>>> {
        entries.iter().map(|e| e.sources.clone()).collect()
    }

    /// Everything a bibliography holds, to compare two.
    fn shown(b: &Bibliography) -> String {
        format!("{:?} {:?}", b.publishers, b.cited)
    }

    #[test]
    fn a_bibliography_reordered_is_the_one_built_in_the_new_order() {
        let z = "  - {title: Zeta, publisher: Dawn, url: 'https://x.org/z', date: 2025-01-01}\n";
        let entries = [
            entry("a", "2025-01-01", z),
            entry("b", "2025-02-01", &format!("{z}  - {{title: Beta, publisher: AFP}}\n")),
            entry(
                "c",
                "2025-03-01",
                "  - {title: Gamma, publisher: Dawn, url: 'https://x.org/g'}\n",
            ),
        ];
        let bib = Bibliography::build(&sources_of(&entries));
        // `a` moved last: entry 0 is now 2, 1 is 0, 2 is 1.
        let moved = [Some(2), Some(0), Some(1)];
        let now = [entries[1].clone(), entries[2].clone(), entries[0].clone()];
        let again = bib.patched(&moved, &sources_of(&now), &[false; 3]);
        assert_eq!(shown(&again), shown(&Bibliography::build(&sources_of(&now))));
        // Zeta's first citation is now `b`'s, which reads otherwise: its
        // details are `b`'s.
        let other = entry(
            "b",
            "2025-02-01",
            "  - {title: Zeta (updated), publisher: Dawn, url: 'https://x.org/z'}\n",
        );
        let now = [other, entries[2].clone(), entries[0].clone()];
        let again = bib.patched(&moved, &sources_of(&now), &[true, false, false]);
        assert_eq!(shown(&again), shown(&Bibliography::build(&sources_of(&now))));
        assert!(again
            .publishers
            .iter()
            .flat_map(|p| &p.items)
            .any(|i| i.source.title == "Zeta (updated)"));
    }

    /// A small generator of numbers, the same on every run.
    struct Dice(u64);

    impl Dice {
        fn roll(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// One of a few sources, to cite: addresses shared by several titles
    /// and publishers spelt in several ways, and some without an address.
    fn some_source(d: &mut Dice) -> String {
        let publishers = [
            "Dawn",
            "DAWN",
            " dawn ",
            "Reuters",
            "New  York Times",
            "new york times",
            "Other sources",
        ];
        let titles = ["Alpha", "alpha", "Beta", "Gamma talks", "Delta"];
        let dates = ["", ", date: 2025-03-01", ", date: 2025-03", ", date: 2024-12-31"];
        let publisher = match d.roll(8) {
            7 => String::new(),
            p => format!(", publisher: '{}'", publishers[p]),
        };
        let url = match d.roll(4) {
            0 => String::new(),
            n => format!(", url: 'https://x.org/{}{}'", d.roll(6), if n == 1 { "/" } else { "" }),
        };
        format!(
            "  - {{title: '{}'{publisher}{url}{}}}\n",
            titles[d.roll(titles.len())],
            dates[d.roll(dates.len())]
        )
    }

    fn some_entry(d: &mut Dice, slug: &str) -> Arc<EntryDoc> {
        let sources: String = (0..1 + d.roll(3)).map(|_| some_source(d)).collect();
        entry(slug, "2025-01-01", &sources)
    }

    #[test]
    fn a_bibliography_patched_is_the_one_built_whatever_changed() {
        let mut d = Dice(7);
        for round in 0..400 {
            let mut slugs: Vec<String> = (0..2 + d.roll(9)).map(|i| format!("e{round}-{i}")).collect();
            let before: Vec<Arc<EntryDoc>> = slugs.iter().map(|s| some_entry(&mut d, s)).collect();
            let bib = Bibliography::build(&sources_of(&before));
            // Some entries cite other sources, some go, some come, and
            // they are shuffled.
            let mut now: Vec<(Option<usize>, Arc<EntryDoc>)> = Vec::new();
            for (j, e) in before.iter().enumerate() {
                match d.roll(6) {
                    0 => {}
                    1 => now.push((Some(j), some_entry(&mut d, &slugs[j]))),
                    _ => now.push((Some(j), Arc::clone(e))),
                }
            }
            for _ in 0..d.roll(3) {
                let slug = format!("new{round}-{}", slugs.len());
                slugs.push(slug.clone());
                now.push((None, some_entry(&mut d, &slug)));
            }
            for i in (1..now.len()).rev() {
                now.swap(i, d.roll(i + 1));
            }
            let mut moved = vec![None; before.len()];
            let mut changed = vec![true; now.len()];
            for (i, (j, e)) in now.iter().enumerate() {
                if let Some(j) = *j {
                    moved[j] = Some(i);
                    changed[i] = e.sources != before[j].sources;
                }
            }
            let docs: Vec<Arc<EntryDoc>> = now.into_iter().map(|(_, e)| e).collect();
            let built = shown(&Bibliography::build(&sources_of(&docs)));
            // Records found by looking through them all, and in a map.
            for look_through in [usize::MAX, 0] {
                let patched = bib.patched_looking_up(&moved, &sources_of(&docs), &changed, look_through);
                assert_eq!(shown(&patched), built, "round {round}, looking through {look_through}");
            }
        }
    }

    #[test]
    fn bibliography_groups_orders_and_deduplicates() {
        let entries = [
            entry(
                "one",
                "2025-01-01",
                "  - {title: Zeta, publisher: dawn, url: 'https://x.org/z/', date: 2025-01-01}\n  - {title: Notes}\n",
            ),
            entry(
                "two",
                "2025-02-01",
                concat!(
                    "  - {title: Zeta again, publisher: Elsewhere, url: 'https://x.org/z'}\n",
                    "  - {title: alpha, publisher: Dawn, date: 2025-03-01}\n",
                    "  - {title: Beta, publisher: Dawn, date: 2025-03-01}\n",
                    "  - {title: Old, publisher: Dawn}\n",
                ),
            ),
        ];
        let bib = Bibliography::build(&sources_of(&entries));
        let names: Vec<&str> = bib.publishers.iter().map(|p| p.name.as_str()).collect();
        // One group for "dawn" and "Dawn", named as most of its sources
        // spell it; by name; "Other sources" last.
        assert_eq!(names, ["Dawn", NO_PUBLISHER]);
        let titles: Vec<&str> = bib.publishers[0]
            .items
            .iter()
            .map(|i| i.source.title.as_str())
            .collect();
        // Newest first, then by title whatever its case; undated last.
        assert_eq!(titles, ["alpha", "Beta", "Zeta", "Old"]);
        // One record per URL (a trailing slash aside), with the first citation's details.
        let zeta = &bib.publishers[0].items[2];
        assert_eq!(zeta.source.title, "Zeta");
        assert_eq!(zeta.cited_by, [0, 1]);
        assert_eq!(bib.cited[1][0], BibRef { publisher: 0, item: 2 });
        assert_eq!(bib.cited[1][3], BibRef { publisher: 0, item: 3 });
        assert_eq!(bib.cited[0].len(), 2);
    }

    #[test]
    fn publishers_differing_in_case_or_spacing_are_one_under_the_commonest_spelling() {
        let entries = [entry(
            "one",
            "2025-01-01",
            concat!(
                "  - {title: A, publisher: REUTERS, url: 'https://r.example/a'}
",
                "  - {title: B, publisher: Reuters, url: 'https://r.example/b'}
",
                "  - {title: C, publisher: ' Reuters ', url: 'https://r.example/c'}
",
                "  - {title: D, publisher: 'New  York Times', url: 'https://n.example/d'}
",
                "  - {title: E, publisher: 'new york times', url: 'https://n.example/e'}
",
            ),
        )];
        let bib = Bibliography::build(&sources_of(&entries));
        let groups: Vec<(&str, usize)> = bib
            .publishers
            .iter()
            .map(|p| (p.name.as_str(), p.items.len()))
            .collect();
        assert_eq!(groups, [("New York Times", 2), ("Reuters", 3)]);
    }
}
