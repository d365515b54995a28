//! Language tags: read, checked and given a direction.
//!
//! A chronicle's `language` (in `chronicle.yaml`, and on any entry, actor,
//! topic or page) is a BCP 47 tag such as `en`, `ur`, `ps` or `fa-AF`. It
//! is parsed by ICU4X (`icu_locale_core`), written out in its canonical
//! form (`ur-pk` → `ur-PK`), and its writing direction comes from the
//! script the language is written in (CLDR's likely subtags through
//! `icu_locale`): Urdu, Pashto, Dari, Arabic, Sindhi, Sorani, Hebrew,
//! Yiddish, Dhivehi, Uyghur… are right-to-left, as is any tag naming such
//! a script (`pa-Arab`). The mistakes writers make get the tag to write.

use std::fmt;

use icu_locale::{Direction, LocaleDirectionality};
use icu_locale_core::Locale;
use serde::Serialize;

/// The writing direction of a language, as HTML's `dir` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    /// `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// A checked language tag, in canonical form, with its direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    tag: String,
    dir: Dir,
}

impl Lang {
    /// Reads a tag (see [`check`]).
    pub fn parse(tag: &str) -> Result<Lang, String> {
        check(tag)
    }

    /// The tag, canonical: `ur`, `ur-PK`, `fa-AF`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The primary language subtag, lowercase: `ur` of `ur-PK`.
    pub fn primary(&self) -> &str {
        self.tag.split('-').next().unwrap_or(&self.tag)
    }

    pub fn dir(&self) -> Dir {
        self.dir
    }

    pub fn is_rtl(&self) -> bool {
        self.dir == Dir::Rtl
    }

    /// English, the default when a chronicle names no language.
    pub fn english() -> Lang {
        Lang {
            tag: "en".into(),
            dir: Dir::Ltr,
        }
    }

    /// True when both tags name the same language, written the same way
    /// (`ur` and `ur-PK` do; `ur` and `en` do not): text of one needs no
    /// `lang` of its own inside the other.
    pub fn same_language(&self, other: &Lang) -> bool {
        self.primary() == other.primary() && self.dir == other.dir
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.tag)
    }
}

/// English names of languages writers type instead of a tag, with the tag.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("urdu", "ur"),
    ("pashto", "ps"),
    ("pushto", "ps"),
    ("pakhto", "ps"),
    ("dari", "fa-AF"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("arabic", "ar"),
    ("sindhi", "sd"),
    ("punjabi", "pa"),
    ("balochi", "bal"),
    ("kurdish", "ckb"),
    ("sorani", "ckb"),
    ("hebrew", "he"),
    ("uyghur", "ug"),
    ("uzbek", "uz"),
    ("hindi", "hi"),
    ("bengali", "bn"),
    ("chinese", "zh"),
    ("russian", "ru"),
    ("turkish", "tr"),
    ("french", "fr"),
    ("german", "de"),
    ("spanish", "es"),
];

/// Languages written in Arabic script for which CLDR has no likely
/// subtags: Dari (`prs`), Pashto's varieties, Saraiki, Balochi, Hazaragi,
/// Khowar, Brahui, Shina.
const ARABIC_SCRIPT: &[&str] = &[
    "prs", "pbt", "pbu", "pst", "skr", "bal", "bgp", "bgn", "bcc", "haz", "khw", "brh", "scl",
];

/// Checks that `tag` is a BCP 47 language tag (`en`, `ur`, `fa-AF`,
/// `zh-Hant-TW`), the form `lang` attributes need, and gives it in
/// canonical form with its direction. Common mistakes (a language's
/// English name, `ur_PK`, an empty value) get the tag to write instead.
pub fn check(tag: &str) -> Result<Lang, String> {
    let tag = tag.trim();
    let advice = |hint: String| {
        Err(format!(
            "language `{tag}` is not a language tag: write a BCP 47 tag such as `en`, `ur`, `ps` or `fa-AF`{hint}"
        ))
    };
    if tag.is_empty() {
        return Err(
            "`language` is empty: write a BCP 47 tag such as `en`, `ur`, `ps` or `fa-AF`, or leave the key out".into(),
        );
    }
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(tag)) {
        return advice(format!("; for {tag}, did you mean `{code}`?"));
    }
    if tag.contains('_') {
        let fixed = tag.replace('_', "-");
        let fixed = Locale::try_from_str(&fixed).map_or(fixed, |l| l.to_string());
        return advice(format!(
            "; did you mean `{fixed}`? (tags join their parts with `-`, not `_`)"
        ));
    }
    let locale = match Locale::try_from_str(tag) {
        Ok(l) => l,
        Err(_) => return advice(String::new()),
    };
    let language = locale.id.language;
    // Syntax allows 5–8 letters in the first part, for languages to be
    // registered later; no language has such a code, and a word this long
    // is a name written where a code belongs.
    if language.is_unknown() || language.as_str().len() > 3 {
        return advice(String::new());
    }
    let dir = match LocaleDirectionality::new_extended().get(&locale.id) {
        Some(Direction::RightToLeft) => Dir::Rtl,
        Some(_) => Dir::Ltr,
        // Languages CLDR gives no likely script (Dari's own code, `prs`,
        // Southern Pashto's `pbt`…): those of this region written in
        // Arabic script, unless the tag names another script.
        None if locale.id.script.is_none() && ARABIC_SCRIPT.contains(&language.as_str()) => Dir::Rtl,
        None => Dir::Ltr,
    };
    Ok(Lang {
        tag: locale.to_string(),
        dir,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_in_canonical_form() {
        for (written, tag) in [
            ("en", "en"),
            ("ur", "ur"),
            ("ur-pk", "ur-PK"),
            ("FA-af", "fa-AF"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("prs", "prs"),
            (" ps ", "ps"),
        ] {
            assert_eq!(check(written).unwrap().tag(), tag, "{written}");
        }
    }

    #[test]
    fn direction_comes_from_the_script() {
        for rtl in [
            "ur", "ur-PK", "ps", "fa", "fa-AF", "prs", "ar", "sd", "ckb", "he", "yi", "dv", "ug", "pa-Arab", "ks",
        ] {
            assert_eq!(check(rtl).unwrap().dir(), Dir::Rtl, "{rtl}");
        }
        for ltr in ["en", "en-GB", "fr", "zh-Hant", "hi", "tr", "uz", "sd-Deva", "az"] {
            assert_eq!(check(ltr).unwrap().dir(), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn mistakes_get_the_tag_to_write() {
        let e = check("Urdu").unwrap_err();
        assert!(e.contains("did you mean `ur`?"), "{e}");
        let e = check("ur_PK").unwrap_err();
        assert!(e.contains("did you mean `ur-PK`?"), "{e}");
        let e = check("ur_pk").unwrap_err();
        assert!(e.contains("did you mean `ur-PK`?"), "{e}");
        assert!(check("").unwrap_err().contains("leave the key out"));
        assert!(check("Dari").unwrap_err().contains("`fa-AF`"));
        for bad in ["english language", "x", "12", "ur--PK", "Pashtoon", "ur-"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn same_language_ignores_the_region() {
        let (ur, ur_pk, en) = (check("ur").unwrap(), check("ur-PK").unwrap(), check("en").unwrap());
        assert!(ur.same_language(&ur_pk));
        assert!(!ur.same_language(&en));
    }
}
