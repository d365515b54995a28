//! The bibliography: every cited source once, grouped by publisher.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::parse::Source;

use super::{BibItem, BibRef, Publisher};

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
            let name = source.publisher.as_deref().map(str::trim).unwrap_or(NO_PUBLISHER);
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
            .map(|(key, items, spellings)| {
                let name = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                    .map_or_else(|| NO_PUBLISHER.to_string(), |(n, _)| collapse_spaces(n));
                (key, name, items)
            })
            .collect();
        named.sort_by(|(ka, na, _), (kb, nb, _)| (na == NO_PUBLISHER, ka).cmp(&(nb == NO_PUBLISHER, kb)));
        // In each publisher, newest first, then by title and key (a total
        // order: keys are distinct): sorted on every core.
        named.par_iter_mut().for_each(|(_, _, items)| {
            items.sort_by_cached_key(|&r| {
                let (key, source, _) = &records[r];
                (std::cmp::Reverse(source.date), source.title.to_lowercase(), *key)
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
                    id: short_id("src-", key),
                    source: Arc::clone(source),
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

impl Bibliography {
    /// This bibliography, for the same entries citing the same sources in
    /// another order: entry `j` of this one is entry `moved[j]` of the new
    /// one, which cites `sources`. Publishers, items and their order depend
    /// on no entry's place; citing entries are renumbered; a record whose
    /// first citation is now another entry's must read as it did (else
    /// `None`: it is built anew).
    pub(super) fn reordered(&self, moved: &[usize], sources: &[Vec<Arc<Source>>]) -> Option<Bibliography> {
        let mut publishers = Vec::with_capacity(self.publishers.len());
        for p in self.publishers.iter() {
            let mut items = Vec::with_capacity(p.items.len());
            for item in &p.items {
                let first = moved[*item.cited_by.first()?];
                let mut cited_by: Vec<usize> = item.cited_by.iter().map(|&j| moved[j]).collect();
                cited_by.sort_unstable();
                if cited_by[0] != first {
                    let key = source_key(&item.source);
                    let now = sources[cited_by[0]].iter().find(|s| source_key(s) == key)?;
                    if **now != *item.source {
                        return None;
                    }
                }
                items.push(BibItem {
                    source: Arc::clone(&item.source),
                    id: item.id.clone(),
                    cited_by,
                });
            }
            publishers.push(Publisher {
                name: p.name.clone(),
                id: p.id.clone(),
                items,
            });
        }
        let mut cited = vec![Vec::new(); self.cited.len()];
        for (j, refs) in self.cited.iter().enumerate() {
            cited[moved[j]] = refs.clone();
        }
        Some(Bibliography {
            publishers: Arc::new(publishers),
            cited,
        })
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
        let moved = [2, 0, 1];
        let now = [entries[1].clone(), entries[2].clone(), entries[0].clone()];
        let again = bib.reordered(&moved, &sources_of(&now)).expect("the same records");
        assert_eq!(shown(&again), shown(&Bibliography::build(&sources_of(&now))));
        // Zeta's first citation is now `b`'s, which reads otherwise: built anew.
        let other = entry(
            "b",
            "2025-02-01",
            "  - {title: Zeta (updated), publisher: Dawn, url: 'https://x.org/z'}\n",
        );
        let now = [other, entries[2].clone(), entries[0].clone()];
        assert!(bib.reordered(&moved, &sources_of(&now)).is_none());
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
