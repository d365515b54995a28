//! Chart data: the linked chronicle turned into the plain inputs the
//! [`charts`](super::charts) draw from (tone points, dates, the actors and
//! ties of the relations map), so that the drawing knows nothing of the
//! model. Each time chart spans the dates it is given, not the chronicle's
//! years.

use std::collections::BTreeMap;

use crate::content::date::PartialDate;
use crate::model::relations::pair_of;
use crate::model::Chronicle;
use crate::paths::Place;
use crate::render::charts::Script;
use crate::render::charts::{network, Network, NodeIn, TieIn, TonePoint, MAP_MAX_NODES};
use crate::render::i18n::Ui;
use crate::render::views::when;

/// The barometer points of some entries of a chronicle (those with a tone).
pub fn tone_points<'a>(m: &'a Chronicle, ui: &Ui, entries: &[usize]) -> Vec<TonePoint<'a>> {
    entries
        .iter()
        .filter_map(|&i| m.entries[i].tone.map(|tone| point(m, ui, i, tone)))
        .collect()
}

/// Entry `i`'s mark for `tone`.
fn point<'a>(m: &'a Chronicle, ui: &Ui, i: usize, tone: i8) -> TonePoint<'a> {
    let e = &m.entries[i];
    TonePoint {
        date: e.date,
        tone,
        status: e.status.as_str(),
        title: &e.title,
        when: when(e, ui),
        url: Place::Entry(&e.slug).url(&m.config.root),
    }
}

/// The barometer points of a relation: the tones declared for its pair,
/// and nothing else.
pub fn relation_points<'a>(m: &'a Chronicle, ui: &Ui, rel: &'a crate::model::Relation) -> Vec<TonePoint<'a>> {
    rel.tones.iter().map(|&(i, tone, _)| point(m, ui, i, tone)).collect()
}

/// The dates of some entries, for an activity strip.
pub fn entry_dates(m: &Chronicle, entries: &[usize]) -> Vec<PartialDate> {
    entries.iter().map(|&i| m.entries[i].date).collect()
}

/// The entries two actors share, in time order (both lists are).
pub fn shared_entries(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The relations map of a chronicle: its actors with the most entries
/// (at most [`MAP_MAX_NODES`]), tied by the entries they share, each tie
/// with the tones declared for its pair and, when `relation_pages`, the
/// URL of the pair's relation page (if the pair has one).
pub fn relations_map(m: &Chronicle, ui: &Ui, relation_pages: bool) -> Option<Network> {
    // The font the page's stack starts with draws every label.
    let page_font = match m.config.language.primary() {
        "ur" => Script::Nastaliq,
        _ if m.config.language.is_rtl() => Script::Naskh,
        _ => Script::Latin,
    };
    let mut ids: Vec<usize> = (0..m.actors.len())
        .filter(|&a| !m.actors[a].entries.is_empty())
        .collect();
    let actors_with_entries = ids.len();
    if ids.is_empty() {
        return None;
    }
    // Most entries first; actors are in name order, so ties go by name.
    ids.sort_by(|&a, &b| {
        m.actors[b]
            .entries
            .len()
            .cmp(&m.actors[a].entries.len())
            .then(a.cmp(&b))
    });
    ids.truncate(MAP_MAX_NODES);
    let inputs: Vec<NodeIn> = ids
        .iter()
        .map(|&a| {
            let actor = &m.actors[a];
            NodeIn {
                name: actor.name.clone(),
                url: Place::Actor(&actor.slug).url(&m.config.root),
                kind: actor.kind.map(|k| k.as_str()),
                count: actor.entries.len(),
                page_font,
            }
        })
        .collect();
    let ties: Vec<TieIn> = co_appearances(m, &ids)
        .into_iter()
        .map(|(a, b, count)| {
            let relation = m
                .relation_index(pair_of(&m.actors, ids[a], ids[b]))
                .map(|r| &m.relations[r]);
            TieIn {
                a,
                b,
                count,
                tones: relation
                    .map(|r| r.tones.iter().map(|t| t.1).collect())
                    .unwrap_or_default(),
                url: relation
                    .filter(|_| relation_pages)
                    .map(|r| Place::Relation(&r.slug).url(&m.config.root)),
            }
        })
        .collect();
    Some(network(&inputs, &ties, actors_with_entries, ui))
}

/// The ties between the actors `ids` (node `k` is actor `ids[k]`), as
/// `(a, b, entries they share)` with `a < b`, in node order.
fn co_appearances(m: &Chronicle, ids: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut node_of = vec![usize::MAX; m.actors.len()];
    for (k, &a) in ids.iter().enumerate() {
        node_of[a] = k;
    }
    let mut weights: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut shown = Vec::with_capacity(8);
    for e in &m.entries {
        shown.clear();
        shown.extend(e.actors.iter().map(|&a| node_of[a]).filter(|&k| k != usize::MAX));
        for (i, &a) in shown.iter().enumerate() {
            for &b in &shown[i + 1..] {
                if a != b {
                    *weights.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
    }
    weights.into_iter().map(|((a, b), w)| (a, b, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::en;
    use crate::render::charts::{barometer, MapTie, Size, MAP_H, MAP_W};
    use crate::site::{load_chronicle, Options};
    use scraper::{Html, Selector};
    use std::collections::BTreeMap as Map;
    use std::path::PathBuf;

    fn fixture() -> Chronicle {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/theme");
        load_chronicle(&Options::new(root)).expect("the theme fixture loads").0
    }

    fn sel(s: &str) -> Selector {
        Selector::parse(s).unwrap()
    }

    fn count(doc: &Html, s: &str) -> usize {
        doc.select(&sel(s)).count()
    }

    #[test]
    fn shared_entries_intersects_sorted_lists() {
        assert_eq!(shared_entries(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), vec![3, 7]);
        assert!(shared_entries(&[], &[1]).is_empty());
    }

    #[test]
    fn map_has_one_node_per_actor_with_entries_and_the_right_weights() {
        let m = fixture();
        let net = relations_map(&m, en(), true).unwrap();
        // Seven actors, one of them in no entry.
        assert_eq!(m.actors.len(), 7);
        assert_eq!(net.actors_with_entries, 6);
        assert_eq!(net.shown, 6);
        let doc = Html::parse_fragment(&net.svg);
        assert_eq!(count(&doc, "a.node"), 6);
        assert_eq!(count(&doc, "a.node .mark"), 6);
        assert!(!net.svg.contains("Lonely Actor"));
        // Each node links to its actor page under the site's sub-path.
        let hrefs: Vec<&str> = doc
            .select(&sel("a.node"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(hrefs.contains(&"/sub/actors/pakistan/"), "{hrefs:?}");
        assert!(net.svg.contains("UNHCR &lt;refugees&gt; &amp; returns"));
        // Shared entries, counted by hand from the fixture; a tie of one
        // entry is not drawn.
        let ties: Map<(String, String), &MapTie> = net
            .ties
            .iter()
            .map(|t| {
                let (a, b) = if t.a_name < t.b_name {
                    (t.a_name.clone(), t.b_name.clone())
                } else {
                    (t.b_name.clone(), t.a_name.clone())
                };
                ((a, b), t)
            })
            .collect();
        let tie = |a: &str, b: &str| ties.get(&(a.to_string(), b.to_string())).copied();
        let w = |a: &str, b: &str| tie(a, b).map(|t| t.count);
        assert_eq!(w("Afghanistan", "Pakistan"), Some(6));
        assert_eq!(w("China", "Pakistan"), Some(2));
        assert_eq!(w("Amir Khan Muttaqi", "Pakistan"), Some(2));
        assert_eq!(w("Afghanistan", "Tehrik-i-Taliban Pakistan"), None);
        assert_eq!(w("Afghanistan", "UNHCR <refugees> & returns"), None);
        assert_eq!(w("China", "Tehrik-i-Taliban Pakistan"), None);
        assert_eq!(net.ties_total, 10);
        assert_eq!(net.ties_shown, net.ties.len());
        assert!(net.ties.iter().all(|t| t.count >= 2));
        assert_eq!(doc.select(&sel("line.edge")).count(), net.ties_shown);
        // Strongest first.
        assert_eq!(net.ties[0].count, 6);
        // Nodes are sized by entries and kept inside the drawing.
        let pak = net.nodes.iter().find(|n| n.name == "Pakistan").unwrap();
        assert_eq!(pak.count, 8);
        assert!(net.nodes.iter().all(|n| n.r <= pak.r));
        assert!(net
            .nodes
            .iter()
            .all(|n| (0.0..=MAP_W).contains(&n.x) && (0.0..=MAP_H).contains(&n.y)));
    }

    #[test]
    fn map_ties_carry_their_pairs_declared_tones_and_relation_pages() {
        let m = fixture();
        let net = relations_map(&m, en(), true).unwrap();
        let find = |a: &str, b: &str| {
            net.ties
                .iter()
                .find(|t| (t.a_name == a && t.b_name == b) || (t.a_name == b && t.b_name == a))
                .unwrap_or_else(|| panic!("{a} and {b} are tied on the map"))
        };
        // The focus pair: tones −2, −1, 0, +1, +1, +2 declared by a bare
        // `tone:`; the mean rounds to neutral.
        let focus = find("Pakistan", "Afghanistan");
        assert_eq!(
            (focus.declared, focus.tone_text.as_str(), focus.tone_class),
            (6, "+0.2", "0")
        );
        assert_eq!(focus.url.as_deref(), Some("/sub/relations/afghanistan--pakistan/"));
        assert_eq!(
            focus.label,
            "Pakistan and Afghanistan: 6 shared entries, mean declared tone +0.2"
        );
        // One tone declared under `relations:`, nothing inferred from others.
        let visit = find("Pakistan", "Amir Khan Muttaqi");
        assert_eq!((visit.declared, visit.tone_class), (1, "p1"));
        assert!(visit.url.is_some());
        // Two shared entries and no tone: drawn, grey, and with no page (a
        // page takes three shared entries or a tone).
        let china = find("Pakistan", "China");
        assert_eq!(
            (china.declared, china.tone_class, china.url.as_deref()),
            (0, "none", None)
        );
        assert!(china.label.ends_with("no declared tone"));
        // Every linked tie goes to a relation the model has.
        for t in net.ties.iter().filter_map(|t| t.url.as_deref()) {
            let slug = t.trim_start_matches("/sub/relations/").trim_end_matches('/');
            assert!(m.relations.iter().any(|r| r.slug == slug), "{t}");
        }
        // A theme without relation pages gets no tie links.
        let bare = relations_map(&m, en(), false).unwrap();
        assert!(bare.ties.iter().all(|t| t.url.is_none()));
        assert!(!bare.svg.contains("<a href=\"/sub/relations/"));
    }

    #[test]
    fn charts_are_the_same_from_build_to_build() {
        let m = fixture();
        let a = relations_map(&m, en(), true).unwrap().svg;
        let b = relations_map(&m, en(), true).unwrap().svg;
        assert_eq!(a, b);
        let all: Vec<usize> = (0..m.entries.len()).collect();
        let p = tone_points(&m, en(), &all);
        assert_eq!(
            barometer("x", "X", &p, Size::Full, en()).unwrap().svg,
            barometer("x", "X", &p, Size::Full, en()).unwrap().svg
        );
        // Each point links to its entry's page under the site's sub-path.
        assert!(p.iter().all(|p| p.url.starts_with("/sub/entries/")));
    }
}
