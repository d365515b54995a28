//! Relations: the tone of a pair of actors, as entries declare it.
//!
//! A tone belongs to a pair, never to a whole entry: an entry may declare
//! the tones of several pairs of its actors (`relations:`), and a bare
//! `tone:` is the tone of the chronicle's focus pair. A pair's barometer
//! shows only the tones declared for it; nothing is inferred from other
//! pairs. Every pair with a declared tone, or with enough shared entries,
//! is a [`Relation`] with a page of its own.

use crate::config::{Config, CONFIG_FILE};
use crate::content::parse::{Origin, RelationDoc};
use crate::diagnostics::{Diagnostic, Diagnostics};

use super::targets::LinkTargets;
use super::{Actor, Entry};

/// A pair of actors by model index, ordered by slug: `(a, b)` with
/// `actors[a].slug < actors[b].slug`, so a pair is written one way only.
pub type Pair = (usize, usize);

/// The entries each pair of actors shares (in entry order), each pair once
/// and in order: `serve` makes it again after every edit that moves
/// entries, so it is sorted from a bucket per actor rather than hashed.
#[derive(Debug, Default)]
pub struct Shared {
    /// Each pair, and where its entries are in `entries`.
    pairs: Vec<(Pair, std::ops::Range<usize>)>,
    entries: Vec<usize>,
}

impl Shared {
    /// Adds `pair`, sharing `entries`, after the pairs added before.
    pub(super) fn push(&mut self, pair: Pair, entries: impl Iterator<Item = usize>) {
        let start = self.entries.len();
        self.entries.extend(entries);
        self.pairs.push((pair, start..self.entries.len()));
    }

    /// Each pair, in the order added, and the entries it shares.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Pair, &[usize])> {
        self.pairs.iter().map(|(pair, at)| (*pair, &self.entries[at.clone()]))
    }
}

/// The tone an entry declares for one pair of its actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRelation {
    pub pair: Pair,
    /// From -2 (hostile) to +2 (cooperative).
    pub tone: i8,
    pub note: Option<String>,
}

/// One pair of actors, with the entries they share and the tones declared.
#[derive(Debug, Clone)]
pub struct Relation {
    /// `a--b`, the two actors' slugs in order: the page's slug.
    pub slug: String,
    pub pair: Pair,
    /// Entries naming both actors, in time order.
    pub entries: Vec<usize>,
    /// `(entry, tone, note)` for each entry declaring the pair's tone, in
    /// time order.
    pub tones: Vec<(usize, i8, Option<String>)>,
}

/// `(a, b)` ordered by slug.
pub fn pair_of(actors: &[Actor], a: usize, b: usize) -> Pair {
    if actors[a].slug <= actors[b].slug {
        (a, b)
    } else {
        (b, a)
    }
}

/// The slug of a relation page: `a--b`.
pub fn pair_slug(actors: &[Actor], (a, b): Pair) -> String {
    format!("{}--{}", actors[a].slug, actors[b].slug)
}

/// The focus pair of `config`, resolved; unknown actors are errors in
/// `chronicle.yaml`.
pub(super) fn resolve_focus(config: &Config, targets: &LinkTargets, diags: &mut Diagnostics) -> Option<(usize, usize)> {
    let [a, b] = config.focus.as_ref()?;
    let (line, column) = config.focus_at;
    let mut find = |name: &str| {
        let found = targets.find_actor(name);
        if found.is_none() {
            diags.push(Diagnostic::error(
                CONFIG_FILE,
                line,
                column,
                format!("`focus` names `{name}`, which is not an actor of the chronicle (give an actor's slug, name or alias)"),
            ));
        }
        found
    };
    let (a, b) = (find(a), find(b));
    match (a, b) {
        (Some(a), Some(b)) if a != b => Some((a, b)),
        (Some(_), Some(_)) => {
            diags.push(Diagnostic::error(
                CONFIG_FILE,
                line,
                column,
                "the two actors of `focus` are the same actor; name two different ones",
            ));
            None
        }
        _ => None,
    }
}

/// The relations an entry (at `origin`) declares, resolved against its actors
/// (`actors`, model indices): both actors of a pair must be among the
/// entry's actors, a pair may be declared once, and a bare `tone` needs a
/// focus pair the entry involves. Pairs are ordered by model index here
/// and by slug once the model is assembled (see [`order_pairs`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve(
    origin: &Origin,
    tone: Option<i8>,
    declared: &[RelationDoc],
    actors: &[usize],
    focus: Option<(usize, usize)>,
    focus_names: Option<&[String; 2]>,
    targets: &LinkTargets,
    diags: &mut Diagnostics,
) -> Vec<EntryRelation> {
    let mut out: Vec<EntryRelation> = Vec::new();
    let push = |pair: Pair,
                tone: i8,
                note: Option<String>,
                at: &dyn Fn(&str) -> Diagnostic,
                out: &mut Vec<EntryRelation>,
                diags: &mut Diagnostics| {
        let key = (pair.0.min(pair.1), pair.0.max(pair.1));
        if out.iter().any(|r| r.pair == key) {
            diags.push(at("this pair's tone is declared twice in this entry; keep one"));
            return;
        }
        out.push(EntryRelation { pair: key, tone, note });
    };
    if let Some(tone) = tone {
        let at = |m: &str| origin.error_at("tone", &tone.to_string(), m.to_string());
        match (focus, focus_names) {
            (Some((a, b)), _) if actors.contains(&a) && actors.contains(&b) => {
                push((a, b), tone, None, &at, &mut out, diags);
            }
            (_, Some([a, b])) => diags.push(at(&format!(
                "a bare `tone` is the tone of the focus pair (`{a}` and `{b}`), and this entry does not name both; declare the pair it is about under `relations:` (`- between: [x, y]` with its `tone`)"
            ))),
            _ => diags.push(at(
                "a bare `tone` is the tone of the chronicle's focus pair, and chronicle.yaml declares none: add `focus: [actor, actor]` there, or declare the pair under `relations:` (`- between: [x, y]` with its `tone`)",
            )),
        }
    }
    for r in declared {
        let at_name = |name: &str, m: String| origin.error_in_item("relations", r.index, "between", name, m);
        let mut ids = Vec::with_capacity(2);
        for name in &r.between {
            let Some(i) = targets.actor_named_in_item(origin, "relations", r.index, name, diags) else {
                continue;
            };
            if actors.contains(&i) {
                ids.push(i);
            } else {
                diags.push(at_name(
                    name,
                    format!("`{name}` is not among this entry's actors: add it to `actors`, or name a pair of them"),
                ));
            }
        }
        if let [a, b] = ids[..] {
            if a == b {
                diags.push(at_name(
                    &r.between[1],
                    "the two actors of a relation must be different actors".into(),
                ));
                continue;
            }
            let at = |m: &str| origin.error_in_item("relations", r.index, "between", &r.between[0], m.to_string());
            push((a, b), r.tone, r.note.clone(), &at, &mut out, diags);
        }
    }
    out
}

/// Orders each entry's pairs by slug, once the actors' order is final.
pub(super) fn order_pairs(entries: &mut [Entry], actors: &[Actor]) {
    for e in entries {
        for r in &mut e.relations {
            r.pair = pair_of(actors, r.pair.0, r.pair.1);
        }
    }
}

/// The relations of a chronicle: every pair with a declared tone or at
/// least `min_shared` shared entries, by slug; each actor learns its
/// relations, most shared entries first.
pub(super) fn build(entries: &[Entry], actors: &mut [Actor], shared: &Shared, min_shared: usize) -> Vec<Relation> {
    let mut tones: rustc_hash::FxHashMap<Pair, Vec<(usize, i8, Option<String>)>> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        for r in &e.relations {
            tones.entry(r.pair).or_default().push((i, r.tone, r.note.clone()));
        }
    }
    let mut relations: Vec<Relation> = Vec::new();
    for ((x, y), list) in shared.iter() {
        let pair = pair_of(actors, x, y);
        let declared = tones.remove(&pair).unwrap_or_default();
        // A minister and their government share entries because one is
        // part of the other: an affiliation, not a relation, unless an
        // entry declares its tone.
        let affiliated = actors[x].affiliation == Some(y) || actors[y].affiliation == Some(x);
        if declared.is_empty() && (list.len() < min_shared || affiliated) {
            continue;
        }
        relations.push(Relation {
            slug: pair_slug(actors, pair),
            pair,
            entries: list.to_vec(),
            tones: declared,
        });
    }
    relations.sort_by(|a, b| a.slug.cmp(&b.slug));
    for (k, r) in relations.iter().enumerate() {
        actors[r.pair.0].relations.push(k);
        actors[r.pair.1].relations.push(k);
    }
    for a in actors.iter_mut() {
        a.relations.sort_by(|&x, &y| {
            relations[y]
                .entries
                .len()
                .cmp(&relations[x].entries.len())
                .then(x.cmp(&y))
        });
    }
    relations
}
