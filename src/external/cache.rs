//! The results of earlier runs, in `.chronicle/link-cache.json` at the
//! chronicle's root, so a rerun (in CI, say) asks again only about the
//! addresses it has not checked lately.
//!
//! Only settled answers are kept (ok, moved, dead): an address that could
//! not be checked is asked about again next time. The file is replaced in
//! one step (written beside, then renamed), so a run stopped halfway never
//! leaves half a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::probe::{Outcome, Status};

/// The folder of chronicle's own state, never loaded, published or watched.
pub const STATE_DIR: &str = ".chronicle";
/// The cache's file in it.
pub const CACHE_FILE: &str = "link-cache.json";

/// One address's settled answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// `ok`, `moved` or `dead`.
    pub status: String,
    /// For `moved`: the new address; for `dead`: why (`404 Not Found`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// When it was checked, in seconds since 1970 (UTC).
    pub checked_at: u64,
    /// Where the redirects, if any, ended.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub final_url: String,
}

impl Record {
    pub fn of(outcome: &Outcome, now: u64) -> Option<Record> {
        let (status, detail) = match &outcome.status {
            Status::Ok => ("ok", String::new()),
            Status::Moved(to) => ("moved", to.clone()),
            Status::Dead(why) => ("dead", why.clone()),
            Status::NotChecked(_) => return None,
        };
        Some(Record {
            status: status.into(),
            detail,
            checked_at: now,
            final_url: outcome.final_url.clone(),
        })
    }

    pub fn outcome(&self) -> Option<Outcome> {
        let status = match self.status.as_str() {
            "ok" => Status::Ok,
            "moved" => Status::Moved(self.detail.clone()),
            "dead" => Status::Dead(self.detail.clone()),
            _ => return None,
        };
        Some(Outcome {
            status,
            final_url: self.final_url.clone(),
        })
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    links: BTreeMap<String, Record>,
}

/// The cache of one chronicle.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    pub links: BTreeMap<String, Record>,
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache of the chronicle at `root`; empty when there is none yet,
    /// or when it cannot be read (it is only a cache).
    pub fn load(root: &Path) -> Cache {
        let path = root.join(STATE_DIR).join(CACHE_FILE);
        let links = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<File>(&t).ok())
            .filter(|f| f.version == 1)
            .map(|f| f.links)
            .unwrap_or_default();
        Cache { path, links }
    }

    /// The answer for `url` when it is younger than `max_age`.
    pub fn fresh(&self, url: &str, max_age: Duration, now: u64) -> Option<Outcome> {
        let r = self.links.get(url)?;
        let age = now.saturating_sub(r.checked_at);
        (age < max_age.as_secs() && !max_age.is_zero())
            .then(|| r.outcome())
            .flatten()
    }

    /// Writes the cache, keeping only the addresses in `keep` (those the
    /// chronicle still has).
    pub fn save<'a>(mut self, keep: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
        let keep: std::collections::HashSet<&str> = keep.into_iter().collect();
        self.links.retain(|url, _| keep.contains(url.as_str()));
        let dir = self.path.parent().expect("the cache is in a folder");
        std::fs::create_dir_all(dir)?;
        let file = File {
            version: 1,
            links: self.links,
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        text.push('\n');
        let tmp = dir.join(format!(".{CACHE_FILE}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// A length of time as given on the command line: a whole number and a
/// unit (`7d`, `12h`, `30m`, `45s`, `500ms`), or `0`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t == "0" {
        return Ok(Duration::ZERO);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = t.split_at(digits);
    let bad = || {
        format!(
            "`{text}` is not a length of time: write a number and a unit, such as 7d, 12h, 30m, 10s or 500ms (or 0)"
        )
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let unit_ms: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    n.checked_mul(unit_ms).map(Duration::from_millis).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_duration("12h"), Ok(Duration::from_secs(12 * 3_600)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        for bad in ["", "7", "d", "7 days", "-1h", "1.5h", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn settled_answers_round_trip_and_age() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::load(dir.path());
        assert!(cache.links.is_empty());
        let dead = Outcome {
            status: Status::Dead("404 Not Found".into()),
            final_url: "https://x.example/a".into(),
        };
        let unknown = Outcome {
            status: Status::NotChecked("timed out".into()),
            final_url: String::new(),
        };
        assert!(Record::of(&unknown, 5).is_none());
        cache
            .links
            .insert("https://x.example/a".into(), Record::of(&dead, 1_000).unwrap());
        cache
            .links
            .insert("https://gone.example/".into(), Record::of(&dead, 1_000).unwrap());
        cache.save(["https://x.example/a"]).unwrap();
        let cache = Cache::load(dir.path());
        assert_eq!(cache.links.len(), 1, "addresses no longer used are dropped");
        let day = Duration::from_secs(86_400);
        assert_eq!(cache.fresh("https://x.example/a", day, 1_000 + 10), Some(dead));
        assert_eq!(cache.fresh("https://x.example/a", day, 1_000 + 86_400), None);
        assert_eq!(cache.fresh("https://x.example/a", Duration::ZERO, 1_000), None);
        let names: Vec<_> = std::fs::read_dir(dir.path().join(STATE_DIR)).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }
}
