//! The bibliography: every cited source once, grouped by publisher.

use std::collections::HashMap;

use crate::content::parse::{EntryDoc, Source};

use super::{BibItem, BibRef, Publisher};

/// Name under which sources without a publisher are grouped.
const NO_PUBLISHER: &str = "Other sources";

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
        let mut record_of: HashMap<String, usize> = HashMap::new();
        let mut records: Vec<(String, &Source, Vec<usize>)> = Vec::new();
        let mut cited: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let mut refs = Vec::with_capacity(e.sources.len());
            for s in &e.sources {
                let key = source_key(s);
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
        // Publishers by name, "Other sources" last; in each, newest first,
        // then by title and key (a total order: keys are distinct).
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, (_, source, _)) in records.iter().enumerate() {
            groups
                .entry(source.publisher.as_deref().unwrap_or(NO_PUBLISHER))
                .or_default()
                .push(r);
        }
        let mut names: Vec<&str> = groups.keys().copied().collect();
        names.sort_by_cached_key(|n| (*n == NO_PUBLISHER, n.to_lowercase(), n.to_string()));
        let mut place = vec![BibRef { publisher: 0, item: 0 }; records.len()];
        let mut publishers = Vec::with_capacity(names.len());
        for (p, name) in names.into_iter().enumerate() {
            let mut items = groups.remove(name).unwrap_or_default();
            items.sort_by_cached_key(|&r| {
                let (key, source, _) = &records[r];
                (std::cmp::Reverse(source.date), source.title.to_lowercase(), key.clone())
            });
            let items = items
                .into_iter()
                .enumerate()
                .map(|(k, r)| {
                    place[r] = BibRef { publisher: p, item: k };
                    let (key, source, cited_by) = &mut records[r];
                    BibItem {
                        id: format!("src-{}", short_hash(key)),
                        source: (*source).clone(),
                        cited_by: std::mem::take(cited_by),
                    }
                })
                .collect();
            publishers.push(Publisher {
                id: format!("pub-{}", short_hash(name)),
                name: name.to_string(),
                items,
            });
        }
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
        // By name, case aside (byte order breaks the tie); "Other sources" last.
        assert_eq!(names, ["Dawn", "dawn", NO_PUBLISHER]);
        let titles: Vec<&str> = bib.publishers[0]
            .items
            .iter()
            .map(|i| i.source.title.as_str())
            .collect();
        // Newest first, then by title whatever its case; undated last.
        assert_eq!(titles, ["alpha", "Beta", "Old"]);
        // One record per URL (a trailing slash aside), with the first citation's details.
        let zeta = &bib.publishers[1].items[0];
        assert_eq!(zeta.source.title, "Zeta");
        assert_eq!(zeta.cited_by, [0, 1]);
        assert_eq!(bib.cited[1][0], BibRef { publisher: 1, item: 0 });
        assert_eq!(bib.cited[1][3], BibRef { publisher: 0, item: 2 });
        assert_eq!(bib.cited[0].len(), 2);
    }
}
