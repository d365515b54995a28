//! The interface's language: every string of the theme, dates, digits and
//! plurals, per language.
//!
//! A theme keeps its strings in `i18n/LANG.yaml` (`en.yaml` holds every
//! key; the default theme ships `ur`, `ps` and `fa` too), one key per line,
//! a plain text or, for a count, its plural forms by CLDR category
//! (`one`, `other`, and `zero`, `two`, `few`, `many` where a language has
//! them), with `{name}` placeholders. A chronicle may replace any string
//! with its own `i18n/LANG.yaml` beside `chronicle.yaml`, key by key.
//!
//! Dates, digits and plural categories come from CLDR through ICU4X:
//! Urdu month names, Persian digits in Dari and Pashto, and, with
//! `calendar: persian`, the Solar Hijri calendar on Persian and Pashto
//! pages. Nothing here knows a calendar's rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use fixed_decimal::Decimal;
use icu_calendar::cal::{Gregorian, Persian};
use icu_calendar::Date;
use icu_datetime::fieldsets::{D, M, Y, YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::config::Calendar;
use crate::content::date::{PartialDate, Precision};
use crate::content::frontmatter::{self, Split};
use crate::content::yaml;
use crate::diagnostics::{suggest, Diagnostic};
use crate::html::escape;
use crate::language::Lang;
use crate::render::theme::{Theme, TranslationFile};

/// One string of a language file: a text, or a count's plural forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// Forms by CLDR plural category (`one`, `other`…); `other` is always there.
    Forms(BTreeMap<String, String>),
}

/// The plural categories CLDR names.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The strings of one language file, by key.
pub type Texts = BTreeMap<String, Text>;

/// Reads a language file: a mapping of keys to texts or plural forms.
/// Unknown keys (when `known` is given), malformed values and YAML errors
/// are located diagnostics.
pub fn read_texts(origin: &str, text: &str, known: Option<&Texts>, diags: &mut Vec<Diagnostic>) -> Texts {
    let split = Split {
        yaml: text,
        yaml_line: 1,
        body: "",
        body_line: 0,
    };
    let at = |key: &str| frontmatter::key_position(&split, key).unwrap_or((1, 1));
    let value = match yaml::parse_value(if text.trim().is_empty() { "{}" } else { text }) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::error(origin, e.line, e.column, e.message));
            return Texts::new();
        }
    };
    let yaml::Value::Mapping(map) = value else {
        diags.push(Diagnostic::error(
            origin,
            1,
            1,
            "a language file is a list of `key: text` lines",
        ));
        return Texts::new();
    };
    let mut out = Texts::new();
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            diags.push(Diagnostic::error(
                origin,
                1,
                1,
                "every key of a language file is a word",
            ));
            continue;
        };
        let (line, col) = at(&key);
        if let Some(known) = known.filter(|k| !k.contains_key(&key)) {
            let mut message = format!("unknown interface string `{key}`: the theme has no such key");
            if let Some(s) = suggest(&key, known.keys().map(String::as_str)) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            diags.push(Diagnostic::error(origin, line, col, message));
            continue;
        }
        let text = match v {
            yaml::Value::String(s) => Text::Plain(s),
            yaml::Value::Number(n) => Text::Plain(n.to_string()),
            yaml::Value::Mapping(forms) => {
                let mut f = BTreeMap::new();
                for (c, t) in forms {
                    let (Some(c), Some(t)) = (c.as_str(), t.as_str()) else {
                        diags.push(Diagnostic::error(
                            origin,
                            line,
                            col,
                            format!("`{key}`: each plural form is `category: text`"),
                        ));
                        continue;
                    };
                    if !CATEGORIES.contains(&c) {
                        diags.push(Diagnostic::error(
                            origin,
                            line,
                            col,
                            format!(
                                "`{key}` has a form `{c}`: plural forms are named zero, one, two, few, many and other"
                            ),
                        ));
                        continue;
                    }
                    f.insert(c.to_string(), t.to_string());
                }
                if !f.contains_key("other") {
                    diags.push(Diagnostic::error(
                        origin,
                        line,
                        col,
                        format!("`{key}` needs an `other` form, used for any count no other form covers"),
                    ));
                    continue;
                }
                Text::Forms(f)
            }
            _ => {
                diags.push(Diagnostic::error(
                    origin,
                    line,
                    col,
                    format!("`{key}` must be a text, or its plural forms (`one:`, `other:`)"),
                ));
                continue;
            }
        };
        out.insert(key, text);
    }
    out
}

/// The `{name}` placeholders of a text (of every form of a plural).
pub fn placeholders(text: &Text) -> Vec<String> {
    let mut out = Vec::new();
    let mut scan = |s: &str| {
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            let Some(j) = rest[i..].find('}') else { break };
            let name = &rest[i + 1..i + j];
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                out.push(name.to_string());
            }
            rest = &rest[i + j + 1..];
        }
    };
    match text {
        Text::Plain(s) => scan(s),
        Text::Forms(f) => f.values().for_each(|s| scan(s)),
    }
    out.sort();
    out.dedup();
    out
}

/// The language files to read for `lang`, most specific last: English
/// (every key), then the language (`fa` for `fa-AF` and for Dari's own
/// code `prs`), then the tag itself (`fa-AF`).
fn files_for(lang: &Lang) -> Vec<String> {
    let primary = match lang.primary() {
        "prs" => "fa",
        p => p,
    };
    let mut out = vec!["en".to_string()];
    for f in [primary, lang.tag()] {
        if !out.iter().any(|o| o == f) {
            out.push(f.to_string());
        }
    }
    out
}

/// Whether the theme (or the chronicle's own `i18n/`) has strings in
/// `lang`: English always; another language when a file of it is there.
pub fn has_strings(theme: &Theme, lang: &Lang) -> bool {
    lang.primary() == "en"
        || files_for(lang)
            .iter()
            .skip(1)
            .any(|f| theme.i18n.contains_key(f) || theme.site_i18n.contains_key(f))
}

/// The interface of one language: its strings and its ICU formatters.
#[derive(Clone)]
pub struct Ui {
    pub lang: Lang,
    texts: Arc<Texts>,
    format: Arc<Format>,
}

/// What dates, numbers and plurals need, shared with the template filters.
struct Format {
    plurals: PluralRules,
    /// Counts: grouped (`4,401`, `۴٬۴۰۱`) from five digits on.
    counts: DecimalFormatter,
    /// Years and other numbers never grouped.
    plain: DecimalFormatter,
    ymd: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    ym: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    y: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    m: FixedCalendarDateTimeFormatter<Gregorian, M>,
    m_short: FixedCalendarDateTimeFormatter<Gregorian, M>,
    /// The Solar Hijri calendar's month names and days, when dates are
    /// written in it.
    persian: Option<(
        FixedCalendarDateTimeFormatter<Persian, M>,
        FixedCalendarDateTimeFormatter<Persian, D>,
    )>,
    /// CLDR's long date and month-and-year of the language as patterns:
    /// `{day} {month}، {year}` and `{month} {year}` in Urdu, `{month}
    /// {day}, {year}` in American English. Every date the site writes
    /// follows them: a range, a Solar Hijri date, the scripts' dates.
    day_pattern: String,
    month_pattern: String,
    /// Right to left: a signed number is isolated left to right, or its
    /// sign is drawn after its digits ("2+" for +2).
    rtl: bool,
}

/// A date formatted by ICU, cut into CLDR's pattern and its fields' text.
#[derive(Debug, Default)]
struct Fields {
    /// The text with each field as `{day}`, `{month}` or `{year}`.
    pattern: String,
    day: String,
    month: String,
    year: String,
}

impl Fields {
    /// Reads `formatted` through ICU's parts: what it writes as the day,
    /// the month and the year, and the literal text around them.
    fn of(formatted: &impl writeable::Writeable) -> Fields {
        struct Sink {
            out: String,
            fields: Vec<(std::ops::Range<usize>, &'static str)>,
        }
        impl std::fmt::Write for Sink {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.out.push_str(s);
                Ok(())
            }
        }
        impl writeable::PartsWrite for Sink {
            type SubPartsWrite = Self;
            fn with_part(
                &mut self,
                part: writeable::Part,
                mut f: impl FnMut(&mut Self) -> std::fmt::Result,
            ) -> std::fmt::Result {
                let start = self.out.len();
                f(self)?;
                let name = [
                    (icu_datetime::parts::DAY, "day"),
                    (icu_datetime::parts::MONTH, "month"),
                    (icu_datetime::parts::YEAR, "year"),
                ]
                .into_iter()
                .find_map(|(p, n)| (p == part).then_some(n));
                if let Some(name) = name {
                    self.fields.push((start..self.out.len(), name));
                }
                Ok(())
            }
        }
        let mut sink = Sink {
            out: String::new(),
            fields: Vec::new(),
        };
        let _ = formatted.write_to_parts(&mut sink);
        sink.fields.sort_by_key(|(r, _)| r.start);
        let mut f = Fields::default();
        let mut at = 0;
        for (range, name) in sink.fields {
            if range.start < at {
                continue;
            }
            f.pattern.push_str(&sink.out[at..range.start]);
            f.pattern.push_str(&format!("{{{name}}}"));
            let text = sink.out[range.clone()].to_string();
            match name {
                "day" => f.day = text,
                "month" => f.month = text,
                _ => f.year = text,
            }
            at = range.end;
        }
        f.pattern.push_str(&sink.out[at..]);
        f
    }
}

/// `pattern` (a [`Fields`] pattern) with its fields filled.
fn fill_date(pattern: &str, day: &str, month: &str, year: &str) -> String {
    substitute(
        pattern,
        &[
            ("day", day.to_string()),
            ("month", month.to_string()),
            ("year", year.to_string()),
        ],
    )
}

/// A day's pattern cut where the day and month are: what comes before the
/// first of them, the stretch from it to the last of them, and what comes
/// after (`("", "{day} {month}", "، {year}")` in Urdu, `("", "{month}
/// {day}", ", {year}")` in American English); none when the year stands
/// between the two.
fn day_and_month(pattern: &str) -> Option<(&str, &str, &str)> {
    let (d, m) = (pattern.find("{day}")?, pattern.find("{month}")?);
    let start = d.min(m);
    let end = (d + "{day}".len()).max(m + "{month}".len());
    if pattern[start..end].contains("{year}") {
        return None;
    }
    Some((&pattern[..start], &pattern[start..end], &pattern[end..]))
}

/// The locale ICU formats a page's dates and numbers in: plain `en` as
/// British English ("19 April 2025", as chronicles of this region write
/// it; `en-US` gives "April 19, 2025"), Dari's `prs` as `fa-AF`.
fn locale_of(lang: &Lang) -> Locale {
    let tag = match lang.tag() {
        "en" => "en-GB",
        "prs" => "fa-AF",
        t => t,
    };
    tag.parse()
        .or_else(|_| lang.primary().parse())
        .unwrap_or(Locale::UNKNOWN)
}

/// True for the languages that may have their dates in the Solar Hijri
/// calendar (`calendar: persian`): Persian, Dari and Pashto.
pub fn uses_persian_calendar(lang: &Lang, calendar: Calendar) -> bool {
    calendar == Calendar::Persian && matches!(lang.primary(), "fa" | "prs" | "ps")
}

impl Format {
    fn new(lang: &Lang, calendar: Calendar) -> Format {
        let locale = locale_of(lang);
        let decimal = |g: GroupingStrategy| {
            let mut o = DecimalFormatterOptions::default();
            o.grouping_strategy = Some(g);
            DecimalFormatter::try_new(locale.clone().into(), o)
                .or_else(|_| DecimalFormatter::try_new(Default::default(), o))
                .expect("compiled decimal data")
        };
        macro_rules! dates {
            ($cal:ty, $set:expr) => {
                FixedCalendarDateTimeFormatter::<$cal, _>::try_new(locale.clone().into(), $set)
                    .or_else(|_| FixedCalendarDateTimeFormatter::<$cal, _>::try_new(Default::default(), $set))
                    .expect("compiled date data")
            };
        }
        // A day past the twelfth and a month of its own: no field can be
        // taken for another.
        let sample = Date::try_new_gregorian(2025, 4, 19).expect("a date");
        let day_pattern = Fields::of(&dates!(Gregorian, YMD::long()).format(&sample)).pattern;
        let month_pattern = Fields::of(&dates!(Gregorian, YM::long()).format(&sample)).pattern;
        Format {
            day_pattern,
            month_pattern,
            plurals: PluralRules::try_new_cardinal(locale.clone().into())
                .or_else(|_| PluralRules::try_new_cardinal(Default::default()))
                .expect("compiled plural data"),
            counts: decimal(GroupingStrategy::Min2),
            plain: decimal(GroupingStrategy::Never),
            ymd: dates!(Gregorian, YMD::long()),
            ym: dates!(Gregorian, YM::long()),
            y: dates!(Gregorian, Y::long()),
            m: dates!(Gregorian, M::long()),
            m_short: dates!(Gregorian, M::medium()),
            persian: uses_persian_calendar(lang, calendar)
                .then(|| (dates!(Persian, M::long()), dates!(Persian, D::long()))),
            rtl: lang.is_rtl(),
        }
    }

    fn category(&self, n: u64) -> &'static str {
        match self.plurals.category_for(n) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    /// `n` in the language's digits, grouped from five digits on.
    fn count(&self, n: i64) -> String {
        self.counts.format_to_string(&Decimal::from(n))
    }

    /// A decimal number written with ASCII digits (`1.2`, `-0.5`, `+2`) in
    /// the language's digits and separators, its sign kept.
    fn number_text(&self, text: &str) -> String {
        let (sign, digits) = match text.chars().next() {
            Some(c @ ('+' | '-' | '\u{2212}')) => (Some(c), &text[c.len_utf8()..]),
            _ => (None, text),
        };
        match digits.parse::<Decimal>() {
            Ok(d) => {
                let mut out = String::new();
                // U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL
                // ISOLATE: in HTML and SVG text alike.
                let isolate = sign.is_some() && self.rtl;
                if isolate {
                    out.push('\u{2066}');
                }
                if let Some(c) = sign {
                    out.push(c);
                }
                out.push_str(&self.plain.format_to_string(&d));
                if isolate {
                    out.push('\u{2069}');
                }
                out
            }
            Err(_) => text.to_string(),
        }
    }
}

/// `text` with each signed number in it ("+2", "−1", "+۱٫۲") between
/// LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE, unless it already
/// is: in right-to-left text its sign then stays before its digits, as
/// [`Format::number_text`] writes the numbers it is given.
fn isolate_signed_numbers(text: &str) -> String {
    let digit = |c: char| {
        c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let free = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '\u{2066}');
        if matches!(c, '+' | '\u{2212}') && free && chars.get(i + 1).copied().is_some_and(digit) {
            let mut j = i + 1;
            while j < chars.len()
                && (digit(chars[j])
                    || (matches!(chars[j], '.' | '\u{066B}') && chars.get(j + 1).copied().is_some_and(digit)))
            {
                j += 1;
            }
            if chars.get(j) == Some(&'\u{2069}') {
                out.extend(&chars[i..j]);
            } else {
                out.push('\u{2066}');
                out.extend(&chars[i..j]);
                out.push('\u{2069}');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// A template or Rust value filling a `{name}` placeholder.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// A count, written in the language's digits.
    Count(i64),
    /// Text, written as it is.
    Text(&'a str),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(n as i64)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Count(n)
    }
}

impl From<i32> for Arg<'_> {
    fn from(n: i32) -> Self {
        Arg::Count(i64::from(n))
    }
}

/// Replaces each `{name}` of `pattern` by its value in `args` (unknown
/// names are left as written).
fn substitute(pattern: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => match args.iter().find(|(k, _)| *k == &after[..j]) {
                Some((_, v)) => {
                    out.push_str(v);
                    rest = &after[j + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            },
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Ui {
    /// The interface for `lang`, from the theme's language files and the
    /// chronicle's own (`i18n/`), with the diagnostics their reading gave
    /// (unknown keys; a language the theme has no file for; keys a
    /// chronicle's own language file leaves out). `language_at` is where
    /// `chronicle.yaml` names the language, for that warning.
    pub fn load(theme: &Theme, lang: &Lang, calendar: Calendar, language_at: (usize, usize)) -> (Ui, Vec<Diagnostic>) {
        // `serve` makes a renderer on every change, and reading the language
        // files and making the formatters is most of what that costs: the
        // last few interfaces are kept, by everything they are made of.
        static KEPT: std::sync::Mutex<Vec<(u64, Ui, Vec<Diagnostic>)>> = std::sync::Mutex::new(Vec::new());
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for files in [&theme.i18n, &theme.site_i18n] {
                for (name, f) in files {
                    (name, &f.origin, &f.text).hash(&mut h);
                }
                0xff_u8.hash(&mut h);
            }
            (lang, calendar as u8, language_at).hash(&mut h);
            h.finish()
        };
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, ui, diags)) = kept.iter().find(|(k, _, _)| *k == key) {
            return (ui.clone(), diags.clone());
        }
        let (ui, diags) = Ui::read(theme, lang, calendar, language_at);
        if kept.len() >= 8 {
            kept.remove(0);
        }
        kept.push((key, ui.clone(), diags.clone()));
        (ui, diags)
    }

    fn read(theme: &Theme, lang: &Lang, calendar: Calendar, language_at: (usize, usize)) -> (Ui, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let read = |f: &TranslationFile, known: Option<&Texts>, diags: &mut Vec<Diagnostic>| {
            read_texts(&f.origin, &f.text, known, diags)
        };
        let english = theme
            .i18n
            .get("en")
            .map(|f| read(f, None, &mut diags))
            .unwrap_or_default();
        let mut texts = english.clone();
        let files = files_for(lang);
        let mut found = false;
        for name in &files {
            for source in [&theme.i18n, &theme.site_i18n] {
                if let Some(f) = source.get(name) {
                    if name != "en" {
                        found = true;
                    }
                    let own = read(f, Some(&english), &mut diags);
                    // A chronicle's own file for a language the theme lacks
                    // may leave keys out: English fills them, and it is told.
                    if name != "en" && std::ptr::eq(source, &theme.site_i18n) && !theme.i18n.contains_key(name) {
                        let missing: Vec<&String> = english.keys().filter(|k| !own.contains_key(*k)).collect();
                        if !missing.is_empty() {
                            diags.push(Diagnostic::warning(
                                &f.origin,
                                0,
                                0,
                                format!(
                                    "{} of the theme's {} interface strings are not translated here (`{}`…): they are shown in English",
                                    missing.len(),
                                    english.len(),
                                    missing.iter().take(3).map(|s| s.as_str()).collect::<Vec<_>>().join("`, `")
                                ),
                            ));
                        }
                    }
                    texts.extend(own);
                }
            }
        }
        if !found && lang.primary() != "en" {
            diags.push(Diagnostic::warning(
                crate::config::CONFIG_FILE,
                language_at.0,
                language_at.1,
                format!(
                    "the theme's interface has no strings in `{}`: its pages are labelled in English; translate the theme's i18n/en.yaml into i18n/{}.yaml beside chronicle.yaml",
                    lang.tag(),
                    lang.primary()
                ),
            ));
        }
        // On a right-to-left page a sign before digits is drawn after them
        // ("2+" for +2) unless the number is isolated left to right.
        if lang.is_rtl() {
            for text in texts.values_mut() {
                match text {
                    Text::Plain(s) => *s = isolate_signed_numbers(s),
                    Text::Forms(f) => f.values_mut().for_each(|s| *s = isolate_signed_numbers(s)),
                }
            }
        }
        let ui = Ui {
            lang: lang.clone(),
            texts: Arc::new(texts),
            format: Arc::new(Format::new(lang, calendar)),
        };
        (ui, diags)
    }

    /// A hash of the strings, language and calendar: what every page's
    /// words depend on.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.lang.hash(&mut h);
        self.format.persian.is_some().hash(&mut h);
        for (k, v) in self.texts.iter() {
            k.hash(&mut h);
            match v {
                Text::Plain(s) => s.hash(&mut h),
                Text::Forms(f) => f.hash(&mut h),
            }
        }
        h.finish()
    }

    /// Whether the interface has a string `key`.
    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }

    /// The text of `key`; the key itself when the theme has no such string
    /// (which the tests of the default theme rule out).
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        match self.texts.get(key) {
            Some(Text::Plain(s)) => s,
            Some(Text::Forms(f)) => f.get("other").map_or(key, String::as_str),
            None => key,
        }
    }

    /// The pattern of `key` for the count `n` (its plural form).
    fn pattern<'s>(&'s self, key: &'s str, n: Option<i64>) -> &'s str {
        match (self.texts.get(key), n) {
            (Some(Text::Forms(f)), Some(n)) => {
                let c = self.format.category(n.unsigned_abs());
                f.get(c).or_else(|| f.get("other")).map_or(key, String::as_str)
            }
            _ => self.text(key),
        }
    }

    /// `key` with its placeholders filled, as plain text; a count named
    /// `n` picks the plural form.
    pub fn fill(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let n = args.iter().find_map(|(k, v)| match v {
            Arg::Count(n) if *k == "n" => Some(*n),
            _ => None,
        });
        let values: Vec<(&str, String)> = args
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    Arg::Count(n) => self.format.count(*n),
                    Arg::Text(t) => (*t).to_string(),
                };
                (*k, s)
            })
            .collect();
        substitute(self.pattern(key, n), &values)
    }

    /// `n` in the language's digits (`12`, `۱۲`), grouped from five digits on.
    pub fn count(&self, n: usize) -> String {
        self.format.count(n as i64)
    }

    /// A number written in ASCII (`+1.2`) in the language's digits.
    pub fn number(&self, text: &str) -> String {
        self.format.number_text(text)
    }

    /// A year, never grouped: `2025`, `۲۰۲۵`.
    pub fn year(&self, y: i32) -> String {
        self.format.plain.format_to_string(&Decimal::from(y))
    }

    fn gregorian(d: (i32, u8, u8)) -> Option<Date<Gregorian>> {
        Date::try_new_gregorian(d.0, d.1, d.2).ok()
    }

    /// The name of month `m` (1–12) of the Gregorian calendar: "May",
    /// "مئی".
    pub fn month_name(&self, m: u8) -> String {
        Self::gregorian((2025, m, 1)).map_or_else(String::new, |d| self.format.m.format(&d).to_string())
    }

    /// Its short name, "Sep", for tight places (the jump list, a chart's ticks).
    pub fn month_short(&self, m: u8) -> String {
        Self::gregorian((2025, m, 1)).map_or_else(String::new, |d| self.format.m_short.format(&d).to_string())
    }

    /// A date at its precision: "21 May 2025", "May 2025", "2025"; in
    /// the Solar Hijri calendar where it is used ("۳۰ حمل ۱۴۰۴"; a month
    /// or year of the Gregorian calendar as the Hijri months or years it
    /// spans).
    pub fn date(&self, d: &PartialDate) -> String {
        if self.format.persian.is_some() {
            return self.persian_date(d);
        }
        let Some(g) = Self::gregorian(d.first_day()) else {
            return d.iso();
        };
        match d.precision() {
            Precision::Day => self.format.ymd.format(&g).to_string(),
            Precision::Month => self.format.ym.format(&g).to_string(),
            Precision::Year => self.format.y.format(&g).to_string(),
        }
    }

    /// A day of the Solar Hijri calendar: its day, its month's name and
    /// its year.
    fn persian_day(&self, d: (i32, u8, u8)) -> Option<(String, String, i32)> {
        let (m, day) = self.format.persian.as_ref()?;
        let p = Self::gregorian(d)?.to_calendar(Persian);
        let year = p.year().extended_year();
        Some((day.format(&p).to_string(), m.format(&p).to_string(), year))
    }

    /// A Solar Hijri date, written in the language's own pattern of a date
    /// (CLDR's, as its Gregorian dates are).
    fn persian_date(&self, d: &PartialDate) -> String {
        let (Some(first), Some(last)) = (self.persian_day(d.first_day()), self.persian_day(d.last_day())) else {
            return d.iso();
        };
        let month_year = |month: &str, year: i32| fill_date(&self.format.month_pattern, "", month, &self.year(year));
        match d.precision() {
            Precision::Day => fill_date(&self.format.day_pattern, &first.0, &first.1, &self.year(first.2)),
            // A Gregorian month covers parts of two Hijri months.
            Precision::Month if first.2 == last.2 => month_year(
                &self.fill(
                    "date_range_months",
                    &[("from", Arg::Text(&first.1)), ("to", Arg::Text(&last.1))],
                ),
                last.2,
            ),
            Precision::Month => self.fill(
                "date_range",
                &[
                    ("from", Arg::Text(&month_year(&first.1, first.2))),
                    ("to", Arg::Text(&month_year(&last.1, last.2))),
                ],
            ),
            Precision::Year => self.fill(
                "date_range_years",
                &[
                    ("from", Arg::Text(&self.year(first.2))),
                    ("to", Arg::Text(&self.year(last.2))),
                ],
            ),
        }
    }

    /// A month of a year in CLDR's pattern for the language: "May 2025",
    /// "مئی 2025", "۲۰۲۵ مئی" in Pashto; with `short`, the month's short
    /// name, for tight places (the jump list, a chart's ticks).
    pub fn month_year(&self, year: i32, month: u8, short: bool) -> String {
        let name = if short {
            self.month_short(month)
        } else {
            self.month_name(month)
        };
        self.month_name_year(&name, year)
    }

    /// `month` (a month's name, or words standing for one) and `year` in
    /// the language's pattern of a month.
    pub fn month_name_year(&self, month: &str, year: i32) -> String {
        fill_date(&self.format.month_pattern, "", month, &self.year(year))
    }

    /// CLDR's patterns of a day and of a month of the language, with
    /// `{day}`, `{month}` and `{year}`: `{day} {month}، {year}` and
    /// `{month} {year}` in Urdu.
    pub fn date_patterns(&self) -> (&str, &str) {
        (&self.format.day_pattern, &self.format.month_pattern)
    }

    /// A range of dates, saying what they share once, in the language's
    /// own pattern of a date: "21–23 May 2025", "30 April – 2 May 2025",
    /// "March – April 2025", "2011–2013"; "23–25 مارچ، 2025" and "30 اپریل
    /// – 2 مئی، 2025" in Urdu, with the comma of its "25 مارچ، 2025";
    /// "May 21–23, 2025" in American English.
    pub fn date_range(&self, from: &PartialDate, to: &PartialDate) -> String {
        if from == to {
            return self.date(from);
        }
        let same = from.precision() == to.precision() && from.year() == to.year();
        let g = |d: &PartialDate| Self::gregorian(d.first_day());
        if self.format.persian.is_none() && same {
            if let (Some(a), Some(b)) = (g(from), g(to)) {
                match from.precision() {
                    Precision::Day if from.month() == to.month() => {
                        let (a, b) = (
                            Fields::of(&self.format.ymd.format(&a)),
                            Fields::of(&self.format.ymd.format(&b)),
                        );
                        let days = self.fill(
                            "date_range_days",
                            &[("from", Arg::Text(&a.day)), ("to", Arg::Text(&b.day))],
                        );
                        return fill_date(&b.pattern, &days, &b.month, &b.year);
                    }
                    Precision::Day => {
                        let (a, b) = (
                            Fields::of(&self.format.ymd.format(&a)),
                            Fields::of(&self.format.ymd.format(&b)),
                        );
                        if let Some((before, span, after)) = day_and_month(&b.pattern) {
                            let stretch = self.fill(
                                "date_range_day_months",
                                &[
                                    ("from", Arg::Text(&fill_date(span, &a.day, &a.month, &a.year))),
                                    ("to", Arg::Text(&fill_date(span, &b.day, &b.month, &b.year))),
                                ],
                            );
                            let (before, after) = (
                                fill_date(before, &b.day, &b.month, &b.year),
                                fill_date(after, &b.day, &b.month, &b.year),
                            );
                            return format!("{before}{stretch}{after}");
                        }
                    }
                    Precision::Month => {
                        let (a, b) = (
                            Fields::of(&self.format.ym.format(&a)),
                            Fields::of(&self.format.ym.format(&b)),
                        );
                        let months = self.fill(
                            "date_range_months",
                            &[("from", Arg::Text(&a.month)), ("to", Arg::Text(&b.month))],
                        );
                        return fill_date(&b.pattern, "", &months, &b.year);
                    }
                    Precision::Year => {}
                }
            }
        }
        if from.precision() == Precision::Year && to.precision() == Precision::Year && self.format.persian.is_none() {
            return self.fill(
                "date_range_years",
                &[
                    ("from", Arg::Text(&self.year(from.year()))),
                    ("to", Arg::Text(&self.year(to.year()))),
                ],
            );
        }
        self.fill(
            "date_range",
            &[("from", Arg::Text(&self.date(from))), ("to", Arg::Text(&self.date(to)))],
        )
    }

    /// Every string as the templates' `t`: plain texts as text, plural
    /// forms as a mapping of them (for the `fill` filter).
    pub fn template_value(&self) -> tera::Value {
        let map: BTreeMap<&str, serde_json::Value> = self
            .texts
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Text::Plain(s) => serde_json::Value::String(s.clone()),
                    Text::Forms(f) => serde_json::to_value(f).unwrap_or_default(),
                };
                (k.as_str(), v)
            })
            .collect();
        tera::Value::from_serializable(&map)
    }

    /// The strings the theme's scripts use (keys starting `js_`), with the
    /// month names, as JSON safe inside `<script type="application/json">`.
    pub fn script_strings(&self) -> String {
        let mut map: BTreeMap<String, serde_json::Value> = self
            .texts
            .iter()
            .filter(|(k, _)| ["js_", "status_", "tone_"].iter().any(|p| k.starts_with(p)))
            .map(|(k, v)| {
                let v = match v {
                    Text::Plain(s) => serde_json::Value::String(s.clone()),
                    Text::Forms(f) => serde_json::to_value(f).unwrap_or_default(),
                };
                (k.clone(), v)
            })
            .collect();
        map.insert(
            "months".into(),
            serde_json::Value::from((1..=12).map(|m| self.month_name(m)).collect::<Vec<_>>()),
        );
        map.insert("date_day".into(), self.format.day_pattern.clone().into());
        map.insert("date_month".into(), self.format.month_pattern.clone().into());
        map.insert(
            "digits".into(),
            serde_json::Value::from((0..=9).map(|d| self.format.count(d)).collect::<Vec<_>>()),
        );
        crate::render::export::script_safe_json(&serde_json::Value::from(
            map.into_iter().collect::<serde_json::Map<_, _>>(),
        ))
    }

    /// Registers the filters templates fill strings and write numbers
    /// with: `{{ t.key | fill(name=value, n=count) }}` and `{{ n | num }}`.
    pub fn register_filters(&self, tera: &mut tera::Tera) {
        let format = Arc::clone(&self.format);
        tera.register_filter(
            "num",
            move |v: &tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                if let Some(n) = v.as_i64() {
                    return Ok(format.count(n));
                }
                if let Some(n) = v.as_u64() {
                    return Ok(format.count(n as i64));
                }
                Ok(format.number_text(&v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            },
        );
        let format = Arc::clone(&self.format);
        tera.register_filter(
            "fill",
            move |v: &tera::Value, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
                fill_filter(&format, v, &kwargs)
            },
        );
    }
}

impl crate::render::charts::Words for Ui {
    fn say(&self, key: &str, n: Option<usize>, args: &[(&str, &str)]) -> String {
        let mut all: Vec<(&str, Arg<'_>)> = args.iter().map(|(k, v)| (*k, Arg::Text(v))).collect();
        if let Some(n) = n {
            all.push(("n", n.into()));
        }
        self.fill(key, &all)
    }

    fn digits(&self, text: &str) -> String {
        self.number(text)
    }

    fn month(&self, m: u8) -> String {
        self.month_name(m)
    }

    fn month_short(&self, m: u8) -> String {
        Ui::month_short(self, m)
    }

    fn month_year(&self, year: i32, m: u8, short: bool) -> String {
        Ui::month_year(self, year, m, short)
    }
}

impl Ui {
    /// The default theme's English interface, for tests of the parts that
    /// write words.
    pub fn english() -> Ui {
        let mut theme = Theme::default();
        for (path, bytes) in crate::render::theme::default_theme_files() {
            if let Some(name) = path.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".yaml")) {
                theme.i18n.insert(
                    name.to_string(),
                    TranslationFile {
                        text: String::from_utf8_lossy(bytes).into_owned(),
                        origin: path.to_string(),
                    },
                );
            }
        }
        Ui::load(&theme, &Lang::english(), Calendar::Gregorian, (0, 0)).0
    }
}

/// The `fill` filter: the text (or, given `n`, the plural form for `n`)
/// with its placeholders filled from the keyword arguments. Numbers are
/// written in the page's digits; text is escaped and isolated in a
/// `<bdi>` (a name beside a count never reorders), unless it is already
/// HTML the template built (a `{% set %}` block). With `plain=true` the
/// result is plain text, for attributes and titles.
fn fill_filter(format: &Format, v: &tera::Value, kwargs: &tera::Kwargs) -> tera::TeraResult<tera::Value> {
    let plain: bool = kwargs.get("plain")?.unwrap_or(false);
    let n: Option<i64> = kwargs
        .get::<tera::Value>("n")?
        .and_then(|n| n.as_i64().or_else(|| n.as_u64().map(|u| u as i64)));
    let pattern: String = if let Some(map) = v.as_map() {
        let pick = |c: &'static str| {
            map.get(&tera::value::Key::from(c))
                .and_then(|s| s.as_str().map(str::to_string))
        };
        let category = n.map_or("other", |n| format.category(n.unsigned_abs()));
        pick(category)
            .or_else(|| pick("other"))
            .ok_or_else(|| tera::Error::message("a plural text without an `other` form"))?
    } else if let Some(s) = v.as_str() {
        s.to_string()
    } else {
        return Err(tera::Error::message(format!(
            "`fill` needs a text of the language file, not {}",
            v.name()
        )));
    };
    let mut values: Vec<(&str, String)> = Vec::new();
    let names: Vec<String> = placeholders(&Text::Plain(pattern.clone()));
    for name in &names {
        let Some(arg) = kwargs.get::<tera::Value>(name)? else {
            continue;
        };
        let text = if let Some(i) = arg.as_i64() {
            format.count(i)
        } else if let Some(u) = arg.as_u64() {
            format.count(u as i64)
        } else if plain {
            arg.as_str().map_or_else(|| arg.to_string(), str::to_string)
        } else if arg.is_safe() {
            arg.as_str().map_or_else(|| arg.to_string(), str::to_string)
        } else {
            let s = arg.as_str().map_or_else(|| arg.to_string(), str::to_string);
            format!("<bdi>{}</bdi>", escape(&s))
        };
        values.push((name.as_str(), text));
    }
    if plain {
        return Ok(tera::Value::from(substitute(&pattern, &values)));
    }
    // The pattern is escaped, the values are already HTML.
    let escaped = escape(&pattern);
    let holders: Vec<(&str, String)> = values.iter().map(|(k, v)| (*k, v.clone())).collect();
    Ok(tera::Value::safe_string(&substitute(&escaped, &holders)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(tag: &str, calendar: Calendar) -> Ui {
        let theme = Theme::load(std::path::Path::new("/nonexistent-chronicle"), "default").expect("the built-in theme");
        Ui::load(&theme, &Lang::parse(tag).unwrap(), calendar, (0, 0)).0
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn english_dates_read_as_before() {
        let en = ui("en", Calendar::Gregorian);
        assert_eq!(en.date(&d("2025-05-21")), "21 May 2025");
        assert_eq!(en.date(&d("2025-05")), "May 2025");
        assert_eq!(en.date(&d("2025")), "2025");
        assert_eq!(en.date_range(&d("2025-05-21"), &d("2025-05-23")), "21–23 May 2025");
        assert_eq!(
            en.date_range(&d("2025-04-30"), &d("2025-05-02")),
            "30 April – 2 May 2025"
        );
        assert_eq!(en.date_range(&d("2025-03"), &d("2025-04")), "March – April 2025");
        assert_eq!(en.date_range(&d("2011"), &d("2013")), "2011–2013");
        assert_eq!(
            en.date_range(&d("2024-12-30"), &d("2025-01-02")),
            "30 December 2024 – 2 January 2025"
        );
        assert_eq!(en.month_short(9), "Sept", "CLDR's British abbreviation");
        assert_eq!(en.count(4401), "4401");
        assert_eq!(en.count(44010), "44,010");
    }

    #[test]
    fn urdu_dates_have_urdu_months_and_persian_ones_persian_digits() {
        let ur = ui("ur", Calendar::Gregorian);
        assert_eq!(ur.month_name(5), "مئی");
        assert!(
            ur.date(&d("2025-04-19")).contains("اپریل"),
            "{}",
            ur.date(&d("2025-04-19"))
        );
        assert_eq!(ur.year(2025), "2025", "Urdu writes its digits as 0-9");
        let fa = ui("fa-AF", Calendar::Gregorian);
        assert_eq!(fa.year(2025), "۲۰۲۵");
        assert_eq!(fa.count(12), "۱۲");
        // A signed number stays left to right on a right-to-left page.
        assert_eq!(fa.number("+1.2"), "\u{2066}+۱٫۲\u{2069}");
        assert_eq!(fa.number("1.2"), "۱٫۲");
        let ps = ui("ps", Calendar::Gregorian);
        assert_eq!(ps.year(2025), "۲۰۲۵");
    }

    #[test]
    fn every_date_follows_the_languages_own_pattern_commas_and_all() {
        let ur = ui("ur", Calendar::Gregorian);
        // CLDR's Urdu long date has a comma before the year; its month and
        // year none. A range keeps them as the single date has them.
        assert_eq!(ur.date(&d("2025-03-25")), "25 مارچ، 2025");
        assert_eq!(ur.date_range(&d("2025-03-23"), &d("2025-03-25")), "23–25 مارچ، 2025");
        assert_eq!(
            ur.date_range(&d("2025-04-30"), &d("2025-05-02")),
            "30 اپریل – 2 مئی، 2025"
        );
        assert_eq!(ur.date(&d("2025-03")), "مارچ 2025");
        assert_eq!(ur.date_range(&d("2025-03"), &d("2025-04")), "مارچ – اپریل 2025");
        assert_eq!(ur.month_year(2025, 4, false), "اپریل 2025");
        assert_eq!(ur.date_patterns(), ("{day} {month}، {year}", "{month} {year}"));
        let us = ui("en-US", Calendar::Gregorian);
        assert_eq!(us.date_range(&d("2025-05-21"), &d("2025-05-23")), "May 21–23, 2025");
        assert_eq!(
            us.date_range(&d("2025-04-30"), &d("2025-05-02")),
            "April 30 – May 2, 2025"
        );
        let ps = ui("ps", Calendar::Gregorian);
        assert_eq!(ps.date(&d("2025-05")), "۲۰۲۵ مۍ", "Pashto puts the year first");
        assert_eq!(ps.month_year(2025, 5, false), ps.date(&d("2025-05")));
        // In every language, a range of days ends as the last day's date
        // does, and a month and its year read as a month's date.
        for tag in ["en", "en-US", "ur", "ps", "fa", "fa-AF", "ar", "de", "fr", "tr"] {
            let ui = ui(tag, Calendar::Gregorian);
            let (day, month) = ui.date_patterns().to_owned();
            let (day, month) = (day.to_string(), month.to_string());
            for pattern in [&day, &month] {
                assert!(
                    pattern.contains("{month}") && pattern.contains("{year}"),
                    "{tag}: {pattern}"
                );
            }
            let last = ui.date(&d("2025-05-23"));
            let (_, _, after) = day_and_month(&day).expect("the year after the day and month");
            let tail = fill_date(after, "", "", &ui.year(2025));
            assert!(last.ends_with(&tail) && tail.contains(&ui.year(2025)), "{tag}: {last}");
            for from in ["2025-05-21", "2025-04-30"] {
                let range = ui.date_range(&d(from), &d("2025-05-23"));
                assert!(range.ends_with(&tail), "{tag}: {range} and {last}");
                assert!(range.chars().filter(|c| c.is_numeric()).count() > 4, "{tag}: {range}");
            }
            assert_eq!(ui.date(&d("2025-05")), ui.month_year(2025, 5, false), "{tag}");
            assert_eq!(
                ui.date(&d("2025-05-23")),
                substitute(
                    &day,
                    &[
                        ("day", ui.number("23")),
                        ("month", ui.month_name(5)),
                        ("year", ui.year(2025))
                    ]
                ),
                "{tag}: the scripts' pattern writes the build's date"
            );
        }
    }

    #[test]
    fn signed_numbers_in_right_to_left_strings_are_isolated_left_to_right() {
        assert_eq!(isolate_signed_numbers("+۲ همکارانه"), "\u{2066}+۲\u{2069} همکارانه");
        assert_eq!(
            isolate_signed_numbers("از −2 (خصمانه) تا +2.5"),
            "از \u{2066}−2\u{2069} (خصمانه) تا \u{2066}+2.5\u{2069}"
        );
        // Already isolated, not a sign, or no number: as written.
        for kept in [
            "\u{2066}+2\u{2069} x",
            "0 غیر جانب دار",
            "2025-04",
            "a+1",
            "+ x",
            "{n}+",
        ] {
            assert_eq!(isolate_signed_numbers(kept), kept);
        }
        // Every shipped right-to-left language's tone labels come out isolated.
        for tag in ["ur", "fa-AF", "ps"] {
            let ui = ui(tag, Calendar::Gregorian);
            for key in [
                "tone_label_p2",
                "tone_label_m1",
                "chart_baro_summary",
                "relation_baro_lede",
            ] {
                let text = if key == "chart_baro_summary" {
                    ui.fill(key, &[("n", 2usize.into())])
                } else {
                    ui.text(key).to_string()
                };
                let signs = text.matches(['+', '\u{2212}']).count();
                assert!(signs > 0, "{tag} {key}: {text}");
                assert_eq!(text.matches('\u{2066}').count(), signs, "{tag} {key}: {text}");
            }
        }
        // Left-to-right languages need none.
        assert_eq!(ui("en", Calendar::Gregorian).text("tone_label_p2"), "+2 cooperative");
    }

    #[test]
    fn the_solar_hijri_calendar_is_an_option_for_dari_and_pashto() {
        let fa = ui("fa-AF", Calendar::Persian);
        // 19 April 2025 is 30 Hamal 1404.
        let day = fa.date(&d("2025-04-19"));
        assert!(
            day.contains("حمل") && day.contains("۱۴۰۴") && day.contains("۳۰"),
            "{day}"
        );
        // A Gregorian month spans two Hijri months; a year, two years.
        let month = fa.date(&d("2025-05"));
        assert!(month.contains("ثور") && month.contains("جوزا"), "{month}");
        let year = fa.date(&d("2025"));
        assert!(year.contains("۱۴۰۳") && year.contains("۱۴۰۴"), "{year}");
        let ps = ui("ps", Calendar::Persian);
        let day = ps.date(&d("2025-04-19"));
        assert!(day.contains("۱۴۰۴") && !day.contains("AP"), "{day}");
        // Other languages keep the Gregorian calendar.
        assert_eq!(ui("en", Calendar::Persian).date(&d("2025-04-19")), "19 April 2025");
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = ui("en", Calendar::Gregorian);
        assert_eq!(en.fill("n_entries", &[("n", 1usize.into())]), "1 entry");
        assert_eq!(en.fill("n_entries", &[("n", 2usize.into())]), "2 entries");
        let fa = ui("fa", Calendar::Gregorian);
        assert!(fa.fill("n_entries", &[("n", 2usize.into())]).starts_with("۲"));
    }

    #[test]
    fn language_files_are_read_with_located_errors() {
        let mut diags = Vec::new();
        let known = Texts::from(["timeline", "n", "m"].map(|k| (k.to_string(), Text::Plain(k.into()))));
        let t = read_texts(
            "i18n/ur.yaml",
            "timeline: ٹائم لائن\ntimelin: x\nn: {one: a}\nm: {few: a, other: b, lots: c}\n",
            Some(&known),
            &mut diags,
        );
        assert_eq!(t.get("timeline"), Some(&Text::Plain("ٹائم لائن".into())));
        let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert!(
            lines[0].starts_with("i18n/ur.yaml:2:1: error: unknown interface string `timelin`")
                && lines[0].contains("did you mean `timeline`?"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(placeholders(&Text::Plain("{n} of {total}, {n}".into())), ["n", "total"]);
    }
}
