//! Bodies kept out of memory while a build renders its pages.
//!
//! The HTML and plain text of every entry's body are most of what a linked
//! chronicle holds (about 7 KB of an entry's 10 KB), yet each is needed
//! only a few times: its page, a feed, the search index. A build writes
//! them to a [`Scratch`] file as each body is rendered and reads one back
//! when a page needs it; `serve`, which keeps every body for its next
//! rebuild, holds them in memory. The scratch file has no name (it is
//! unlinked as soon as it is made, in the system's temporary folder,
//! `TMPDIR`), so nothing is left behind however a build ends.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A text held in memory, or written aside to the build's scratch file.
#[derive(Clone)]
pub enum Stored {
    Held(Arc<str>),
    Aside { scratch: Arc<Scratch>, at: u64, len: usize },
}

impl Stored {
    /// The text: borrowed when held, read back when written aside. A text
    /// that cannot be read back reads as empty, and the scratch file
    /// remembers the failure, for the build to report before anything is
    /// published (see [`Scratch::failure`]).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Stored::Held(s) => Cow::Borrowed(s),
            Stored::Aside { scratch, at, len } => Cow::Owned(scratch.read(*at, *len)),
        }
    }

    /// Its length in bytes, without reading it back.
    pub fn len(&self) -> usize {
        match self {
            Stored::Held(s) => s.len(),
            Stored::Aside { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stored::Held(s) => f.debug_tuple("Held").field(s).finish(),
            Stored::Aside { at, len, .. } => f.debug_struct("Aside").field("at", at).field("len", len).finish(),
        }
    }
}

/// An unnamed file that texts are written to on every core at once, each
/// at a place of its own, and read back from the same way.
#[derive(Debug)]
pub struct Scratch {
    file: File,
    /// Where the next text goes.
    end: AtomicU64,
    /// Set when a write failed: texts are held in memory from then on.
    full: AtomicBool,
    /// The first text that could not be read back.
    failure: Mutex<Option<io::Error>>,
}

impl Scratch {
    /// A scratch file in the system's temporary folder, or `None` when one
    /// cannot be made there (the build then holds its bodies in memory).
    pub fn new() -> Option<Arc<Scratch>> {
        if !cfg!(unix) {
            return None;
        }
        tempfile::tempfile().ok().map(Scratch::over)
    }

    fn over(file: File) -> Arc<Scratch> {
        Arc::new(Scratch {
            file,
            end: AtomicU64::new(0),
            full: AtomicBool::new(false),
            failure: Mutex::new(None),
        })
    }

    /// Writes `texts` aside, one after the other in one write, and returns
    /// where each went; when they cannot be written (a full disk), returns
    /// them held in memory, as every text after them will be.
    pub fn put<const N: usize>(self: &Arc<Scratch>, texts: [Arc<str>; N]) -> [Stored; N] {
        let len: usize = texts.iter().map(|t| t.len()).sum();
        if len == 0 || self.full.load(Ordering::Relaxed) {
            return texts.map(Stored::Held);
        }
        let mut bytes = Vec::with_capacity(len);
        for t in &texts {
            bytes.extend_from_slice(t.as_bytes());
        }
        let start = self.end.fetch_add(len as u64, Ordering::Relaxed);
        if write_at(&self.file, &bytes, start).is_err() {
            self.full.store(true, Ordering::Relaxed);
            return texts.map(Stored::Held);
        }
        let mut at = start;
        texts.map(|t| {
            let stored = Stored::Aside {
                scratch: Arc::clone(self),
                at,
                len: t.len(),
            };
            at += t.len() as u64;
            stored
        })
    }

    fn read(&self, at: u64, len: usize) -> String {
        let mut bytes = vec![0; len];
        let read = read_at(&self.file, &mut bytes, at).and_then(|()| {
            String::from_utf8(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "changed on disk"))
        });
        match read {
            Ok(s) => s,
            Err(e) => {
                let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
                failure.get_or_insert(e);
                String::new()
            }
        }
    }

    /// Cuts the file short, as a disk might: what was written is lost.
    #[cfg(test)]
    pub(crate) fn cut_short(&self) {
        self.file.set_len(0).unwrap();
    }

    /// The first failure to read a text back, if any: a build that meets
    /// one must not publish what it rendered.
    pub fn failure(&self) -> Option<io::Error> {
        let failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
        failure.as_ref().map(|e| io::Error::new(e.kind(), e.to_string()))
    }
}

/// Writes and reads at a place in a file, from any thread at once.
#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

// Elsewhere no scratch file is made (see `Scratch::new`): bodies are held.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_written_aside_on_every_core_read_back_whole() {
        use rayon::prelude::*;
        let scratch = Scratch::new().expect("a scratch file");
        let texts: Vec<String> = (0..2000)
            .map(|i| format!("<p>body {i} ۔ {}</p>", "x".repeat(i % 97)))
            .collect();
        let stored: Vec<Stored> = texts
            .par_chunks(2)
            .flat_map_iter(|pair| scratch.put([Arc::from(pair[0].as_str()), Arc::from(pair[1].as_str())]))
            .collect();
        assert!(stored.iter().all(|s| matches!(s, Stored::Aside { .. })));
        for (t, s) in texts.iter().zip(&stored) {
            assert_eq!(s.text(), t.as_str());
            assert_eq!(s.len(), t.len());
        }
        assert!(scratch.failure().is_none());
    }

    #[test]
    fn texts_that_cannot_be_written_aside_are_held_and_so_is_every_one_after() {
        // A file that takes no writes, as a full disk would not.
        let named = tempfile::NamedTempFile::new().unwrap();
        let scratch = Scratch::over(File::open(named.path()).unwrap());
        let [a, b] = scratch.put([Arc::from("<p>one</p>"), Arc::from("one")]);
        assert!(matches!((&a, &b), (Stored::Held(_), Stored::Held(_))));
        assert_eq!((a.text(), b.text()), ("<p>one</p>".into(), "one".into()));
        assert!(scratch.full.load(Ordering::Relaxed));
        let [c] = scratch.put([Arc::from("two")]);
        assert!(matches!(c, Stored::Held(_)));
        assert!(scratch.failure().is_none());
    }

    #[test]
    fn an_empty_text_is_held_and_a_text_that_cannot_be_read_back_is_a_failure() {
        let scratch = Scratch::new().expect("a scratch file");
        assert!(matches!(scratch.put([Arc::from("")]), [Stored::Held(_)]));
        // One text empty, the other not: each read back as it was.
        let [a, b] = scratch.put([Arc::from(""), Arc::from("body")]);
        assert_eq!((a.text(), b.text()), ("".into(), "body".into()));
        // Past the end of what was written: as if the file were cut short.
        let lost = Stored::Aside {
            scratch: Arc::clone(&scratch),
            at: 10,
            len: 5,
        };
        assert_eq!(lost.text(), "");
        assert_eq!(scratch.failure().map(|e| e.kind()), Some(io::ErrorKind::UnexpectedEof));
    }
}
