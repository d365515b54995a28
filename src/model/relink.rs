//! The link stage again, for entries edited in `serve`: only the edited
//! entries are resolved, and only what depends on their place is worked
//! out anew (the order, the indexes, the bibliography's citing entries),
//! against the link targets the last model already has. Whatever reaches
//! further (a file that came or went, an actor, a topic or a page, the
//! configuration) is linked in full by [`super::link`].

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::date::PartialDate;
use crate::content::load::Section;
use crate::content::parse::{EntryDoc, Source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::stages::timing;

use super::bibliography::Bibliography;
use super::link::{index_model, resolve_entry, Resolved};
use super::markdown::Rendered;
use super::stored::Stored;
use super::{entry_order, relations, summary_of, Chronicle, Entry, MarkdownCache};

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

impl Chronicle {
    /// This chronicle with `edits` linked in: what [`super::link`] gives
    /// for the same documents, made from this model by resolving only the
    /// edited entries and indexing every entry again in its new order.
    /// `drafts`: whether draft entries are linked. `cache` is `serve`'s,
    /// which keeps the bibliography; the edited bodies are not put in it.
    ///
    /// `None` when an edit reaches beyond what this can place, and the
    /// documents must be linked in full: an entry that becomes a draft
    /// left out, changes its language, old URLs or (with old URLs) its
    /// title, has translations, records the same event as another entry,
    /// or has errors once resolved.
    pub fn relink_entries(&self, edits: &[Reread], drafts: bool, cache: &mut MarkdownCache) -> Option<Relinked> {
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
        if self.same_event(&at, edits) {
            return None;
        }
        // Each edited entry resolved as it was and as it is: the problems
        // of the first leave the warnings, those of the second join them.
        let (targets, config) = (&self.targets, &self.config);
        let focus = relations::resolve_focus(config, targets, &mut Diagnostics::new());
        let (mut stale, mut fresh) = (Diagnostics::new(), Diagnostics::new());
        let mut made: Vec<Resolved> = Vec::with_capacity(edits.len());
        for e in edits {
            stale.extend(resolve_entry(&e.old, targets, config, focus).1.into_sorted());
            let (mut r, diags) = resolve_entry(&e.new, targets, config, focus);
            fresh.extend(diags.into_sorted());
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
        // and each edited one goes where its date, `order` and title put it.
        let key_of = |j: usize| match edit_of[j] {
            Some(k) => {
                let d = &edits[k].new;
                entry_order(&d.date, d.order, &d.title, &d.origin.slug)
            }
            None => self.entries[j].order_key(),
        };
        let mut order: Vec<usize> = (0..n).filter(|&j| edit_of[j].is_none()).collect();
        for &i in &at {
            let key = key_of(i);
            let place = order.partition_point(|&j| key_of(j) < key);
            order.insert(place, i);
        }
        // `moved[j]`: where entry `j` of this model is now.
        let mut moved = vec![0; n];
        for (now, &j) in order.iter().enumerate() {
            moved[j] = now;
        }
        let any_moved = moved.iter().enumerate().any(|(j, &now)| j != now);

        // The bibliography, as linking makes it: the last one, renumbered
        // when entries moved and patched where an edit cites other sources.
        let sources: Vec<Vec<Arc<Source>>> = order
            .iter()
            .map(|&j| match edit_of[j] {
                Some(k) => edits[k].new.sources.clone(),
                None => self.entries[j].sources.iter().map(|(s, _)| Arc::clone(s)).collect(),
            })
            .collect();
        let slugs: Vec<String> = order.iter().map(|&j| self.entries[j].slug.clone()).collect();
        let bib = cache
            .bibliography_for(&slugs, &sources)
            .unwrap_or_else(|| Bibliography::build(&sources));
        cache.keep_bibliography(slugs, sources, &bib);
        timing("relink: order and bibliography", t);
        let t = std::time::Instant::now();

        // The entries in their new order: copies, but for the edited ones.
        let edited: Vec<Entry> = made
            .into_iter()
            .zip(edits)
            .zip(&at)
            .map(|((mut r, e), &i)| {
                r.cited = bib.cited[moved[i]].clone();
                let mut entry = r.into_entry(&e.new);
                relations::order_pairs(std::slice::from_mut(&mut entry), &self.actors);
                entry
            })
            .collect();
        let mut entries: Vec<Entry> = order
            .par_iter()
            .map(|&j| match edit_of[j] {
                Some(k) => edited[k].clone(),
                None => self.entries[j].clone(),
            })
            .collect();
        entries.par_iter_mut().zip(&bib.cited).for_each(|(e, cited)| {
            // Related entries were resolved to this model's places.
            if any_moved {
                for r in &mut e.related {
                    *r = moved[*r];
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
        let mut targets = self.targets.clone();
        let mut translations = self.translations.clone();
        if any_moved {
            targets.renumber_entries(&moved);
            for t in translations.iter_mut().filter(|t| t.section == Section::Entries) {
                t.index = moved[t.index];
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

    /// Whether edit `e` of entry `i` is one [`Chronicle::relink_entries`]
    /// can place: what it changes shows nowhere but in the entry, its
    /// place and the indexes.
    fn relinks(&self, i: usize, e: &Reread, drafts: bool) -> bool {
        let (old, new) = (&e.old.origin, &e.new.origin);
        let translated = self
            .translations
            .iter()
            .any(|t| t.section == Section::Entries && t.index == i);
        old.rel == new.rel
            && old.slug == new.slug
            && (drafts || !e.new.draft)
            && old.language == new.language
            && old.redirect_from == new.redirect_from
            && (old.redirect_from.is_empty() || e.old.title == e.new.title)
            && !translated
    }

    /// Whether an edited entry, as it was or as it is, has the date and
    /// title of another entry: linking warns of those on the later one.
    fn same_event(&self, at: &[usize], edits: &[Reread]) -> bool {
        // Dates first: titles are only put in lower case when they match.
        let alike = |(d, t): (PartialDate, &str), (e, u): (PartialDate, &str)| {
            d == e && t.trim().to_lowercase() == u.trim().to_lowercase()
        };
        let docs = || edits.iter().flat_map(|e| [&e.old, &e.new]);
        let others = self.entries.iter().enumerate().filter(|(j, _)| !at.contains(j));
        for (_, e) in others {
            if docs().any(|d| alike((d.date, &d.title), (e.date, &e.title))) {
                return true;
            }
        }
        edits.iter().enumerate().any(|(k, a)| {
            edits[k + 1..]
                .iter()
                .any(|b| alike((a.new.date, &a.new.title), (b.new.date, &b.new.title)))
        })
    }
}
