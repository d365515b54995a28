//! The link stage again, for entries edited, added or removed in `serve`:
//! only the edited and added entries are resolved, and only what depends
//! on their place is worked out anew (the order, the indexes, the
//! bibliography's citing entries), against the link targets the last model
//! has, with the slugs of entries that came or went put in or taken out.
//! Whatever reaches further (a link elsewhere to an entry that comes or
//! goes, an actor, a topic or a page, the configuration) is linked in full
//! by [`super::link`].

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::date::PartialDate;
use crate::content::load::Section;
use crate::content::parse::{EntryDoc, Source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::stages::timing;

use super::bibliography::{same_citations, Cited, LOOK_THROUGH};
use super::cache::Citing;
use super::link::{duplicate_events, index_model, resolve_entry, Resolved};
use super::markdown::Rendered;
use super::stored::Stored;
use super::{entry_order, relations, summary_of, Chronicle, Entry, LinkTargets, MarkdownCache};

/// An entry file read again: the document the model was linked from, the
/// one it is now, and its body rendered against the model's link targets.
pub struct Reread {
    pub old: Arc<EntryDoc>,
    pub new: Arc<EntryDoc>,
    pub body: Arc<Rendered>,
}

/// A model relinked after edits, with the problems linking found in the
/// edited entries' front matter before (`stale`) and now (`fresh`): the
/// warnings of the last model, less the stale and with the fresh, are the
/// new model's.
pub struct Relinked {
    pub model: Chronicle,
    pub stale: Vec<Diagnostic>,
    pub fresh: Vec<Diagnostic>,
}

/// What [`Chronicle::relink_entries`] links in.
#[derive(Clone, Copy)]
pub struct Changes<'c> {
    /// Entries edited.
    pub edits: &'c [Reread],
    /// Entries added (new files, with their bodies): for each, `old` is
    /// `new`.
    pub added: &'c [Reread],
    /// The slugs of the entries of the last model taken out.
    pub removed: &'c [String],
    /// The document each entry of the last model was linked from, by its
    /// file's path.
    pub last_doc: &'c dyn Fn(&str) -> Option<Arc<EntryDoc>>,
    /// When entries come or go: the `related` lists, as their files give
    /// them, of the entries neither added nor removed (those that list
    /// none may be left out).
    pub others_related: &'c [&'c [String]],
}

/// What the relinked model's order holds at one place: an entry of the
/// last model (edited or not), or an entry added.
#[derive(Clone, Copy)]
enum Slot {
    Kept(usize),
    Added(usize),
}

impl Chronicle {
    /// This chronicle with the [`Changes`] linked in: what [`super::link`]
    /// gives for the same documents, made from this model by resolving only
    /// the edited and added entries and indexing every entry again in its
    /// new order. `drafts`: whether draft entries are linked. `cache` is
    /// `serve`'s, which keeps the bibliography and every body.
    ///
    /// `None` when a change reaches beyond what this can place, and the
    /// documents must be linked in full: an entry that becomes a draft
    /// left out, changes its language, old URLs or (with old URLs) its
    /// title, or has translations, or has errors once resolved; and, when
    /// entries come or go, one written in another language, with old URLs
    /// or a draft, or one that any other body, the intro or other entries'
    /// related entries name. Entries that record the same event (the same
    /// date and title) are warned of as linking does.
    pub fn relink_entries(&self, changes: &Changes, drafts: bool, cache: &mut MarkdownCache) -> Option<Relinked> {
        let Changes {
            edits,
            added,
            removed,
            last_doc,
            others_related,
        } = *changes;
        let t = std::time::Instant::now();
        let n = self.entries.len();
        let mut at = Vec::with_capacity(edits.len());
        let mut edit_of: Vec<Option<usize>> = vec![None; n];
        for (k, e) in edits.iter().enumerate() {
            let i = self.entry_index(&e.old.origin.slug)?;
            if edit_of[i].is_some() || !self.relinks(i, e, drafts) {
                return None;
            }
            edit_of[i] = Some(k);
            at.push(i);
        }
        let mut gone = vec![false; n];
        for slug in removed {
            let i = self.entry_index(slug)?;
            if gone[i] || edit_of[i].is_some() || self.is_translated(i) || self.entries[i].language.is_some() {
                return None;
            }
            gone[i] = true;
            at.push(i);
        }
        // With entries come or gone, the targets have their slugs, and
        // nothing else may link to them. An added entry's place is numbered
        // after the last model's until the order is known.
        let changed_targets = match added.is_empty() && removed.is_empty() {
            true => None,
            false => Some(self.entry_targets_for(added, removed, others_related, cache)?),
        };
        let targets = changed_targets.as_ref().unwrap_or(&self.targets);
        let config = &self.config;
        // Each edited entry resolved as it was and as it is: the problems
        // of the first leave the warnings, those of the second join them.
        let focus = relations::resolve_focus(config, targets, &mut Diagnostics::new());
        let (mut stale, mut fresh) = (Diagnostics::new(), Diagnostics::new());
        let mut made: Vec<Resolved> = Vec::with_capacity(edits.len() + added.len());
        for e in edits.iter().chain(added) {
            if !Arc::ptr_eq(&e.old, &e.new) {
                stale.extend(resolve_entry(&e.old, &self.targets, config, focus).1.into_sorted());
            }
            let (mut r, diags) = resolve_entry(&e.new, targets, config, focus);
            fresh.extend(diags.into_sorted());
            // A body rendered before the targets changed, one of whose links
            // now leads elsewhere (to an entry added, say), has other
            // problems too: only a full link tells them.
            if changed_targets.is_some() && !targets.still_resolve(&e.body) {
                return None;
            }
            r.summary = summary_of(&e.new, &e.body);
            r.html = Stored::Held(Arc::clone(&e.body.html));
            r.text = Stored::Held(Arc::clone(&e.body.text));
            r.body = Arc::clone(&e.body);
            made.push(r);
        }
        if fresh.has_errors() {
            return None;
        }

        timing("relink: checks and references", t);
        let t = std::time::Instant::now();
        // The new order: entries not edited keep theirs among themselves,
        // and each edited or added one goes where its date, `order` and
        // title put it.
        let doc_of = |slot: Slot| -> Option<&Arc<EntryDoc>> {
            match slot {
                Slot::Kept(j) => edit_of[j].map(|k| &edits[k].new),
                Slot::Added(k) => Some(&added[k].new),
            }
        };
        let key_of = |slot: Slot| match (doc_of(slot), slot) {
            (Some(d), _) => entry_order(&d.date, d.order, &d.title, &d.origin.slug),
            (None, Slot::Kept(j)) => self.entries[j].order_key(),
            (None, Slot::Added(_)) => unreachable!("an added entry has its document"),
        };
        let mut order: Vec<Slot> = (0..n)
            .filter(|&j| edit_of[j].is_none() && !gone[j])
            .map(Slot::Kept)
            .collect();
        let placed = at
            .iter()
            .filter(|&&i| !gone[i])
            .map(|&i| Slot::Kept(i))
            .chain((0..added.len()).map(Slot::Added));
        for slot in placed.collect::<Vec<_>>() {
            let key = key_of(slot);
            let place = order.partition_point(|&s| key_of(s) < key);
            order.insert(place, slot);
        }
        // Entries with the date and title of one before them: warned of in
        // the days of the entries that changed, as they were and are.
        let days: Vec<(i32, u8, u8)> = edits
            .iter()
            .flat_map(|e| [&e.old, &e.new])
            .chain(added.iter().map(|a| &a.new))
            .map(|d| d.date.timeline_key())
            .chain(at.iter().map(|&i| self.entries[i].date.timeline_key()))
            .collect();
        let on_the_days = |date: &PartialDate| days.contains(&date.timeline_key());
        let then: Vec<Arc<EntryDoc>> = (0..n)
            .filter(|&j| on_the_days(&self.entries[j].date))
            .map(|j| match edit_of[j] {
                Some(k) => Some(Arc::clone(&edits[k].old)),
                None => last_doc(&self.entries[j].source_path),
            })
            .collect::<Option<_>>()?;
        let now: Vec<Arc<EntryDoc>> = order
            .iter()
            .filter_map(|&slot| match (doc_of(slot), slot) {
                (Some(d), _) => on_the_days(&d.date).then(|| Some(Arc::clone(d))),
                (None, Slot::Kept(j)) => {
                    on_the_days(&self.entries[j].date).then(|| last_doc(&self.entries[j].source_path))
                }
                (None, Slot::Added(_)) => None,
            })
            .collect::<Option<_>>()?;
        let warnings_of = |docs: &[Arc<EntryDoc>]| -> Vec<Diagnostic> {
            let docs: Vec<&EntryDoc> = docs.iter().map(|d| &**d).collect();
            duplicate_events(&docs)
        };
        stale.extend(warnings_of(&then));
        fresh.extend(warnings_of(&now));

        // `moved[j]`: where entry `j` of this model is now, and (past the
        // last model's) where each added one is.
        let mut moved: Vec<Option<usize>> = vec![None; n + added.len()];
        for (now, &slot) in order.iter().enumerate() {
            match slot {
                Slot::Kept(j) => moved[j] = Some(now),
                Slot::Added(k) => moved[n + k] = Some(now),
            }
        }
        let any_moved = moved.iter().enumerate().any(|(j, &now)| now != Some(j));
        // What an index into the last model (or past it, an added entry)
        // is now; entries gone are named by no one by now.
        let now_of = |j: usize| moved[j].unwrap_or_default();

        // The bibliography, as linking makes it: this model's, renumbered
        // when entries moved and patched where an edit cites other sources
        // or entries came or went.
        let changed: Vec<bool> = order
            .iter()
            .map(|&slot| match (doc_of(slot), slot) {
                (Some(d), Slot::Kept(j)) => !same_citations(self.entries[j].sources.iter().map(|(s, _)| s), &d.sources),
                (None, Slot::Kept(_)) => false,
                (_, Slot::Added(_)) => true,
            })
            .collect();
        let sources_of = |i: usize| -> Vec<&Arc<Source>> {
            match (doc_of(order[i]), order[i]) {
                (Some(d), _) => d.sources.iter().collect(),
                (None, Slot::Kept(j)) => self.entries[j].sources.iter().map(|(s, _)| s).collect(),
                (None, Slot::Added(_)) => Vec::new(),
            }
        };
        let last = Cited {
            publishers: &self.publishers,
            cited: |j: usize| self.entries[j].sources.iter().map(|(_, b)| *b),
        };
        let bib = last.patched(&moved[..n], &sources_of, &changed, LOOK_THROUGH);
        let citing = order.iter().map(|&slot| match (doc_of(slot), slot) {
            (None, Slot::Kept(j)) => Citing::As(j),
            (Some(d), Slot::Kept(j)) => Citing::Now(j, &d.sources),
            (_, Slot::Added(k)) => Citing::New(&added[k].new.origin.slug, &added[k].new.sources),
        });
        cache.rekeep_bibliography(&self.publishers, citing, &bib);
        timing("relink: order and bibliography", t);
        let t = std::time::Instant::now();

        // The edited and added entries made, each for its place now: an
        // edited one was entry `at[k]`, the added ones are numbered past
        // the last model's.
        let made: Vec<Entry> = made
            .into_iter()
            .zip(edits.iter().chain(added))
            .enumerate()
            .map(|(k, (mut r, e))| {
                let now = match k < edits.len() {
                    true => now_of(at[k]),
                    false => now_of(n + k - edits.len()),
                };
                r.cited = bib.cited[now].clone();
                let mut entry = r.into_entry(&e.new);
                relations::order_pairs(std::slice::from_mut(&mut entry), &self.actors);
                entry
            })
            .collect();
        // The entries in their new order: copies, but for those made.
        let mut entries: Vec<Entry> = order
            .par_iter()
            .map(|&slot| match slot {
                Slot::Kept(j) => match edit_of[j] {
                    Some(k) => made[k].clone(),
                    None => self.entries[j].clone(),
                },
                Slot::Added(k) => made[edits.len() + k].clone(),
            })
            .collect();
        entries.par_iter_mut().zip(&bib.cited).for_each(|(e, cited)| {
            // Related entries were resolved to this model's places.
            if any_moved {
                for r in &mut e.related {
                    *r = now_of(*r);
                }
            }
            for ((_, place), now) in e.sources.iter_mut().zip(cited) {
                *place = *now;
            }
        });
        timing("relink: entries", t);
        let t = std::time::Instant::now();
        let mut actors = self.actors.clone();
        let mut topics = self.topics.clone();
        let (years, relations) = index_model(&mut entries, &mut actors, &mut topics, config.relation_min_shared);
        let mut targets = changed_targets.unwrap_or_else(|| self.targets.clone());
        let mut translations = self.translations.clone();
        if any_moved {
            targets.renumber_entries(&|j| now_of(j));
            for t in translations.iter_mut().filter(|t| t.section == Section::Entries) {
                t.index = now_of(t.index);
            }
            translations.sort_by(|a, b| (a.lang.tag(), a.section, a.index).cmp(&(b.lang.tag(), b.section, b.index)));
        }
        timing("relink: indexes", t);
        let model = Chronicle {
            config: config.clone(),
            entries,
            actors,
            topics,
            pages: self.pages.clone(),
            years,
            publishers: bib.publishers,
            intro_html: self.intro_html.clone(),
            targets,
            relations,
            focus: self.focus,
            redirects: self.redirects.clone(),
            translations,
            scratch: self.scratch.clone(),
        };
        Some(Relinked {
            model,
            stale: stale.into_sorted(),
            fresh: fresh.into_sorted(),
        })
    }

    /// Whether entry `i` has translations.
    fn is_translated(&self, i: usize) -> bool {
        self.translations
            .iter()
            .any(|t| t.section == Section::Entries && t.index == i)
    }

    /// The link targets with the entries `added` in (numbered after this
    /// model's, in turn) and `removed` out, when no link elsewhere changes
    /// with them: no body kept in `cache` but theirs, no intro, and none of
    /// `others_related` names an entry that comes or goes. `None` when one
    /// may, or when an added entry is a draft left out, is written in
    /// another language or has old URLs.
    fn entry_targets_for(
        &self,
        added: &[Reread],
        removed: &[String],
        others_related: &[&[String]],
        cache: &MarkdownCache,
    ) -> Option<LinkTargets> {
        if added
            .iter()
            .any(|a| a.new.draft || a.new.origin.language.is_some() || !a.new.origin.redirect_from.is_empty())
        {
            return None;
        }
        let intros =
            std::iter::once(&self.config.intro).chain(self.config.languages.values().filter_map(|l| l.intro.as_ref()));
        if intros.into_iter().any(|i| i.contains("entry:")) {
            return None;
        }
        let mut targets = self.targets.clone();
        let n = self.entries.len();
        for (k, a) in added.iter().enumerate() {
            if targets.entries.insert(a.new.origin.slug.clone(), n + k).is_some() {
                return None;
            }
        }
        for slug in removed {
            targets.entries.remove(slug);
        }
        // Related entries as files give them: one that names an entry come
        // or gone (or, left out as a draft, now one added) would resolve
        // otherwise.
        let names_changed = |name: &String| match self.targets.entry_named(name) {
            Some(slug) => removed.iter().any(|r| r == slug) || targets.entry_named(name) != Some(slug),
            None => targets.entry_named(name).is_some(),
        };
        for related in others_related {
            if related.iter().any(names_changed) {
                return None;
            }
        }
        // Every other body kept: its links to entries lead where they did.
        let own: Vec<&str> = added
            .iter()
            .map(|a| a.new.origin.rel.as_str())
            .chain(
                removed
                    .iter()
                    .filter_map(|s| self.entry_index(s))
                    .map(|i| self.entries[i].source_path.as_str()),
            )
            .collect();
        if !cache.bodies_still_resolve_entries(&targets, &own) {
            return None;
        }
        Some(targets)
    }

    /// Whether edit `e` of entry `i` is one [`Chronicle::relink_entries`]
    /// can place: what it changes shows nowhere but in the entry, its
    /// place and the indexes.
    fn relinks(&self, i: usize, e: &Reread, drafts: bool) -> bool {
        let (old, new) = (&e.old.origin, &e.new.origin);
        old.rel == new.rel
            && old.slug == new.slug
            && (drafts || !e.new.draft)
            && old.language == new.language
            && old.redirect_from == new.redirect_from
            && (old.redirect_from.is_empty() || e.old.title == e.new.title)
            && !self.is_translated(i)
    }
}
