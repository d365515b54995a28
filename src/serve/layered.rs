//! A map of output paths that `serve` patches without copying it: the
//! paths of an index made whole, shared by every site after it, and the
//! few put in or taken out since.
//!
//! When entries come or go, the next site's index is the last one with
//! their files put in and taken out. Copying 55,000 shared paths to do so
//! touches each of their counts (a cache miss apiece, about 2 ms at 10,000
//! entries); a layered map copies only what changed since it was last made
//! whole, and is made whole again once that is more than an eighth of it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::render::PageId;
use crate::site::stages::PathMap;

/// Output paths and the page at each (see the module's documentation).
#[derive(Clone, Default)]
pub struct LayeredPaths {
    /// The map as it was last made whole.
    whole: Arc<PathMap>,
    /// Paths put in (`Some`) or taken out (`None`) since.
    since: HashMap<Arc<str>, Option<PageId>, rustc_hash::FxBuildHasher>,
    /// How many paths there are.
    len: usize,
}

impl From<PathMap> for LayeredPaths {
    fn from(whole: PathMap) -> LayeredPaths {
        LayeredPaths {
            len: whole.len(),
            whole: Arc::new(whole),
            since: HashMap::default(),
        }
    }
}

impl LayeredPaths {
    /// The page at `path`.
    pub fn get(&self, path: &str) -> Option<PageId> {
        match self.since.get(path) {
            Some(id) => *id,
            None => self.whole.get(path).copied(),
        }
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// How many paths there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Takes `path` out, if it is in.
    pub fn remove(&mut self, path: &str) {
        if self.get(path).is_none() {
            return;
        }
        self.len -= 1;
        match self.whole.get_key_value(path) {
            Some((key, _)) => {
                self.since.insert(Arc::clone(key), None);
            }
            None => {
                self.since.remove(path);
            }
        }
    }

    /// Puts page `id` at `path`, in place of any there.
    pub fn insert(&mut self, path: Arc<str>, id: PageId) {
        if self.get(&path).is_none() {
            self.len += 1;
        }
        if self.whole.get(&*path) == Some(&id) {
            self.since.remove(&*path);
        } else {
            self.since.insert(path, Some(id));
        }
    }

    /// Every path and the page at it, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, PageId)> {
        let kept = self
            .whole
            .iter()
            .filter(|(path, _)| !self.since.contains_key(&***path))
            .map(|(path, &id)| (&**path, id));
        let put = self.since.iter().filter_map(|(path, id)| Some((&**path, (*id)?)));
        kept.chain(put)
    }

    /// This map, made whole again when what changed since it last was is
    /// more than an eighth of it, so that lookups stay one or two probes
    /// and the changes kept stay few.
    pub fn settled(self) -> LayeredPaths {
        if self.since.len() <= self.whole.len() / 8 {
            return self;
        }
        let mut whole = PathMap::with_capacity_and_hasher(self.len, Default::default());
        for (path, id) in self.iter() {
            whole.insert(Arc::from(path), id);
        }
        LayeredPaths::from(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random puts and takes, checked against a plain map after each,
    /// with the map settled now and then.
    #[test]
    fn a_layered_map_is_the_map_it_was_patched_into() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut plain: HashMap<String, PageId> = HashMap::new();
        let start: PathMap = (0..200)
            .map(|i| {
                plain.insert(format!("p/{i}"), PageId::Entry(i));
                (Arc::from(format!("p/{i}")), PageId::Entry(i))
            })
            .collect();
        let mut layered = LayeredPaths::from(start);
        for round in 0..5_000 {
            let path = format!("p/{}", next(300));
            match next(3) {
                0 => {
                    layered.remove(&path);
                    plain.remove(&path);
                }
                _ => {
                    let id = PageId::Entry(next(400) as usize);
                    layered.insert(Arc::from(path.as_str()), id);
                    plain.insert(path.clone(), id);
                }
            }
            if round % 97 == 0 {
                layered = layered.clone().settled();
            }
            assert_eq!(layered.len(), plain.len(), "round {round}");
            assert_eq!(layered.get(&path), plain.get(&path).copied(), "round {round}");
            if round % 50 == 0 {
                let mut all: Vec<(String, PageId)> = layered.iter().map(|(p, id)| (p.to_string(), id)).collect();
                all.sort_by(|a, b| a.0.cmp(&b.0));
                let mut want: Vec<(String, PageId)> = plain.iter().map(|(p, &id)| (p.clone(), id)).collect();
                want.sort_by(|a, b| a.0.cmp(&b.0));
                assert_eq!(all, want, "round {round}");
            }
        }
    }

    /// A settled map is whole again once enough changed: its changes are
    /// no longer kept apart.
    #[test]
    fn a_map_much_changed_is_made_whole_again() {
        let start: PathMap = (0..80)
            .map(|i| (Arc::from(format!("p/{i}")), PageId::Entry(i)))
            .collect();
        let mut layered = LayeredPaths::from(start);
        for i in 0..5 {
            layered.remove(&format!("p/{i}"));
        }
        let layered = layered.settled();
        assert_eq!(layered.since.len(), 5, "five changes of eighty are kept apart");
        let mut layered = layered;
        for i in 80..90 {
            layered.insert(Arc::from(format!("p/{i}")), PageId::Entry(i));
        }
        let layered = layered.settled();
        assert!(layered.since.is_empty());
        assert_eq!(layered.whole.len(), 85);
        assert_eq!(layered.get("p/3"), None);
        assert_eq!(layered.get("p/85"), Some(PageId::Entry(85)));
    }
}
