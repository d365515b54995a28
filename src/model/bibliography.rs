//! The bibliography: every cited source once, grouped by publisher.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::parse::{EntryDoc, Source};

use super::{BibItem, BibRef, Publisher};

/// Name under which sources without a publisher are grouped.
pub const NO_PUBLISHER: &str = "Other sources";

/// The bibliography: distinct sources grouped by publisher, and where each
/// entry's sources sit in it.
pub(super) struct Bibliography {
    pub(super) publishers: Vec<Publisher>,
    /// For each entry (in model order), the record of each of its sources.
    pub(super) cited: Vec<Vec<BibRef>>,
}

fn source_key(s: &Source) -> String {
    match &s.url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => format!(
            "{}\u{1f}{}",
            s.title.to_lowercase(),
            s.publisher.as_deref().unwrap_or("").to_lowercase()
        ),
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
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", (h >> 32) as u32 ^ (h as u32))
}

impl Bibliography {
    pub(super) fn build(entries: &[EntryDoc]) -> Bibliography {
        // Distinct sources in order of first citation; the first citation
        // wins the record's details (entries are in time order).
        // The keys are worked out on every core; the records, in order.
        let keys: Vec<Vec<String>> = entries
            .par_iter()
            .map(|e| e.sources.iter().map(source_key).collect())
            .collect();
        let mut record_of: HashMap<String, usize> = HashMap::new();
        let mut records: Vec<(String, &Source, Vec<usize>)> = Vec::new();
        let mut cited: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
        for (i, (e, keys)) in entries.iter().zip(keys).enumerate() {
            let mut refs = Vec::with_capacity(e.sources.len());
            for (s, key) in e.sources.iter().zip(keys) {
                let r = match record_of.get(&key) {
                    Some(&r) => r,
                    None => {
                        record_of.insert(key.clone(), records.len());
                        records.push((key, s, Vec::new()));
                        records.len() - 1
                    }
                };
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
        // "Other sources" last. In each, newest first, then by title and
        // key (a total order: keys are distinct).
        let mut groups: HashMap<String, (Vec<usize>, HashMap<&str, usize>)> = HashMap::new();
        for (r, (_, source, _)) in records.iter().enumerate() {
            let name = source.publisher.as_deref().map(str::trim).unwrap_or(NO_PUBLISHER);
            let group = groups.entry(publisher_key(name)).or_default();
            group.0.push(r);
            *group.1.entry(name).or_default() += 1;
        }
        let mut named: Vec<(String, String, Vec<usize>)> = groups
            .into_iter()
            .map(|(key, (items, spellings))| {
                let name = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                    .map_or_else(|| NO_PUBLISHER.to_string(), |(n, _)| collapse_spaces(n));
                (key, name, items)
            })
            .collect();
        named.sort_by_cached_key(|(key, name, _)| (name == NO_PUBLISHER, key.clone()));
        // Each publisher's sources sorted and made items on every core.
        let records = &records;
        let publishers: Vec<(Publisher, Vec<usize>)> = named
            .into_par_iter()
            .map(|(key, name, mut items)| {
                items.sort_by_cached_key(|&r| {
                    let (key, source, _) = &records[r];
                    (std::cmp::Reverse(source.date), source.title.to_lowercase(), key.clone())
                });
                let made = items
                    .iter()
                    .map(|&r| {
                        let (key, source, cited_by) = &records[r];
                        BibItem {
                            id: format!("src-{}", short_hash(key)),
                            source: (*source).clone(),
                            cited_by: cited_by.clone(),
                        }
                    })
                    .collect();
                let publisher = Publisher {
                    id: format!("pub-{}", short_hash(&key)),
                    name,
                    items: made,
                };
                (publisher, items)
            })
            .collect();
        let mut place = vec![BibRef { publisher: 0, item: 0 }; records.len()];
        for (p, (_, items)) in publishers.iter().enumerate() {
            for (k, &r) in items.iter().enumerate() {
                place[r] = BibRef { publisher: p, item: k };
            }
        }
        let publishers: Vec<Publisher> = publishers.into_iter().map(|(p, _)| p).collect();
        let cited = cited
            .into_iter()
            .map(|refs| refs.into_iter().map(|r| place[r]).collect())
            .collect();
        Bibliography { publishers, cited }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::{Section, SourceFile};
    use crate::content::parse::{parse_file, Doc};

    fn entry(slug: &str, date: &str, sources: &str) -> EntryDoc {
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
        let bib = Bibliography::build(&entries);
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
        let bib = Bibliography::build(&entries);
        let groups: Vec<(&str, usize)> = bib
            .publishers
            .iter()
            .map(|p| (p.name.as_str(), p.items.len()))
            .collect();
        assert_eq!(groups, [("New York Times", 2), ("Reuters", 3)]);
    }
}
