//! Charts: the relations barometer, activity strips and the relations map,
//! drawn at build time as SVG text.
//!
//! Pages get each chart as a ready SVG string plus the plain data of its
//! table fallback, so a theme can place, restyle or replace it. The SVG
//! carries no colours of its own: every mark has a class (`pt t-p2`, `bar`,
//! `node k-state`, ...) that the theme's stylesheet paints, which is how the
//! charts follow dark mode and print.
//!
//! The charts draw from plain data only (dates, tones, names, counts):
//! `render::chart_data` turns the model into those inputs. Each chart has
//! its own module: `barometer`, `activity` and `network` (the map's layout
//! and drawing), over the shared pieces here: the number format, the time
//! axis and the tones' names and classes.
//!
//! Output is deterministic: inputs arrive in the model's stable order,
//! layouts are iterative but seedless, and every coordinate is printed with
//! one decimal.
//!
//! The time axis is linear within each chart: equal time, equal distance.
//! It spans the years of the dates the chart draws, not the chronicle's; a
//! run of more than [`MAX_QUIET_YEARS`] years without a date is cut out and
//! drawn as a labelled break, never squeezed silently. Dates keep their
//! precision: an entry known only to its month or year covers that month or
//! year.
//!
//! Each time chart is drawn twice, for wide and for narrow screens (see
//! [`Layout`]), so its text stays readable at a phone's width; the theme
//! shows one of the two.

use std::fmt::{self, Write as _};

use crate::content::date::PartialDate;

use crate::html::escape as esc;

mod activity;
mod barometer;
mod network;

pub use activity::{activity, Activity, ActivityYear};
pub use barometer::{barometer, Barometer, ToneCount, TonePoint, ToneRow};
pub use network::{
    network, MapNode, MapTie, Network, NodeIn, Script, TieIn, MAP_H, MAP_MAX_NODES, MAP_MIN_SHARED, MAP_TIES_PER_NODE,
    MAP_W,
};

/// The words a chart writes, in the page's language. Charts draw from
/// plain data and ask for every word they show: `render::i18n` answers
/// from the theme's language files and CLDR's names.
pub trait Words: Sync {
    /// Text `key` of the language files, its plural form chosen by `n`
    /// (also `{n}`), its `{name}` placeholders filled from `args`.
    fn say(&self, key: &str, n: Option<usize>, args: &[(&str, &str)]) -> String;
    /// `text` with its ASCII digits in the language's ("2025" →
    /// "۲۰۲۵", "+1.2" → "+۱٫۲").
    fn digits(&self, text: &str) -> String;
    /// The name of month `m` (1–12): "May", "مئی".
    fn month(&self, m: u8) -> String;
    /// Its short name: "Sep".
    fn month_short(&self, m: u8) -> String;
    /// Month `m` of `year` in the language's pattern ("May 2025", "۲۰۲۵
    /// مئی" in Pashto); with `short`, the month's short name.
    fn month_year(&self, year: i32, m: u8, short: bool) -> String;
}

/// "a, b and c", in the language's words.
pub(crate) fn list_words(items: &[String], w: &dyn Words) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => w.say(
            "list_and",
            None,
            &[
                ("rest", &init.join(&w.say("list_separator", None, &[]))),
                ("last", last),
            ],
        ),
    }
}

/// A tone's word: "cooperative", in the language's words.
pub fn tone_words(tone: i8, w: &dyn Words) -> String {
    w.say(tone_key(tone), None, &[])
}

/// The key of a tone's word in the language files: `tone_p2`, `tone_m1`.
pub fn tone_key(tone: i8) -> &'static str {
    match tone.clamp(-2, 2) {
        -2 => "tone_m2",
        -1 => "tone_m1",
        0 => "tone_0",
        1 => "tone_p1",
        _ => "tone_p2",
    }
}

/// A coordinate printed with one decimal (and never as `-0.0`).
#[derive(Clone, Copy)]
struct N(f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        let v = if v == 0.0 { 0.0 } else { v };
        if v.fract() == 0.0 {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// A signed tone or average, with a true minus sign: `+1`, `−0.5`, `0`.
pub fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let zero = s.chars().all(|c| c == '0' || c == '.');
    if zero {
        s
    } else if v > 0.0 {
        format!("+{s}")
    } else {
        format!("\u{2212}{s}")
    }
}

/// The word for a tone from −2 to +2.
pub fn tone_word(tone: i8) -> &'static str {
    match tone {
        i8::MIN..=-2 => "hostile",
        -1 => "tense",
        0 => "neutral",
        1 => "positive",
        _ => "cooperative",
    }
}

/// CSS class suffix of a tone: `m2`, `m1`, `0`, `p1`, `p2`.
pub fn tone_class(tone: i8) -> &'static str {
    match tone {
        i8::MIN..=-2 => "m2",
        -1 => "m1",
        0 => "0",
        1 => "p1",
        _ => "p2",
    }
}

/// Barometer sizes: the home page's and the smaller one for actor pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Full,
    Compact,
}

/// How a time chart is drawn for one range of screen widths. The sizes are
/// in the SVG's own units; the SVG is scaled to the width of its column, so
/// text on screen is `font × rendered width / w` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Width of the `viewBox`.
    pub w: f64,
    /// Size of every text in the chart.
    pub font: f64,
    /// The SVG's class beside `chart`, which the theme's stylesheet uses to
    /// show one layout per screen width.
    pub class: &'static str,
    /// Appended to the chart's id, so both layouts' ids are unique.
    pub id_suffix: &'static str,
    /// Tone labels in words ("+2 cooperative") or signs only ("+2").
    pub tone_words: bool,
}

/// Screens from 900 px, where the chart's column is at least about 810 px
/// wide: 13 units of text are 13 × 810 / 960 = 11 px there, and 14.4 px in
/// the widest column (1065 px).
pub const WIDE: Layout = Layout {
    w: 960.0,
    font: 13.0,
    class: "chart-wide",
    id_suffix: "",
    tone_words: true,
};

/// Phones: the chart is about 330 px wide on a 390 px screen (the page's
/// and the panel's padding taken off), so 12 units of text are 12 × 330 /
/// 360 = 11 px.
pub const NARROW: Layout = Layout {
    w: 360.0,
    font: 12.0,
    class: "chart-narrow",
    id_suffix: "-n",
    tone_words: false,
};

/// The layouts every time chart is drawn in, wide first.
const LAYOUTS: [Layout; 2] = [WIDE, NARROW];

/// The opening of a chart on the time axis: its `<svg>` element, labelled
/// by its `<title>` and described by its `<desc>`. The SVG has no
/// `role="img"`: its marks are links, which an image role would hide.
struct Head<'a> {
    /// The chart's class beside `chart`: `barometer`, `activity`.
    class: &'a str,
    layout: &'a Layout,
    height: f64,
    /// Prefix of the ids inside the SVG, unique on its page.
    id: &'a str,
    title: &'a str,
    desc: &'a str,
}

impl Head<'_> {
    fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "<svg class=\"chart {class} {layout}\" viewBox=\"0 0 {w} {h}\" font-size=\"{font}\" direction=\"ltr\" \
             aria-labelledby=\"{id}{sfx}-t\" aria-describedby=\"{id}{sfx}-d\" \
             xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}{sfx}-t\">{title}</title><desc id=\"{id}{sfx}-d\">{desc}</desc>",
            class = self.class,
            layout = self.layout.class,
            w = N(self.layout.w),
            h = N(self.height),
            font = N(self.layout.font),
            id = esc(self.id),
            sfx = self.layout.id_suffix,
            title = esc(self.title),
            desc = esc(self.desc),
        );
    }
}

/// Whether `text` reads right to left: its first letter of a strong
/// direction is Hebrew, Arabic (Urdu, Persian, Pashto…), Syriac, Thaana
/// or N'Ko. Digits and punctuation have no direction of their own.
pub fn reads_rtl(text: &str) -> bool {
    for c in text.chars() {
        if matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
            if c.is_alphabetic() {
                return true;
            }
        } else if c.is_alphabetic() {
            return false;
        }
    }
    false
}

/// The ` text-anchor="…"` of a label laid out left to right (a chart's
/// `<svg>` says `direction="ltr"`, so its time runs left to right on any
/// page), anchored at `anchor`'s end of it. A label that reads right to
/// left (an Urdu name or month) also gets ` direction="rtl"`, so its
/// words and digits keep their order, with its anchor mirrored (start ↔
/// end) so that it covers the same box.
pub fn text_direction(text: &str, anchor: &str) -> String {
    if !reads_rtl(text) {
        return format!(" text-anchor=\"{anchor}\"");
    }
    let mirrored = match anchor {
        "start" => "end",
        "end" => "start",
        other => other,
    };
    format!(" text-anchor=\"{mirrored}\" direction=\"rtl\"")
}

/// The anchor a label written by [`text_direction`] has as laid out left
/// to right: its `text-anchor`, mirrored back when its `direction` is
/// `rtl`.
pub fn ltr_anchor<'a>(anchor: &'a str, direction: Option<&str>) -> &'a str {
    match (direction, anchor) {
        (Some("rtl"), "start") => "end",
        (Some("rtl"), "end") => "start",
        _ => anchor,
    }
}

/// Days since 1 January 1970 of a day of the proleptic Gregorian calendar.
fn day_number(y: i32, m: u8, d: u8) -> i64 {
    let (y, m) = (i64::from(y), i64::from(m));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first day of a month given as a serial (`year × 12 + month − 1`).
fn month_start(serial: i32) -> i64 {
    day_number(serial.div_euclid(12), (serial.rem_euclid(12) + 1) as u8, 1)
}

/// The days a date stands for, `[first, end)`: a day, a month or a year.
fn date_days(d: &PartialDate) -> (i64, i64) {
    let (y0, m0, d0) = d.first_day();
    let (y1, m1, d1) = d.last_day();
    (day_number(y0, m0, d0), day_number(y1, m1, d1) + 1)
}

/// More years than this without a date are cut out of a time axis.
pub const MAX_QUIET_YEARS: i32 = 3;

/// Room a cut takes on the axis.
const BREAK_W: f64 = 16.0;

/// Month ticks and labels are drawn when an axis covers fewer months.
const MONTH_AXIS_MONTHS: i32 = 36;

/// The horizontal time axis of the barometer and the activity strips:
/// linear (one scale for the whole chart) over one or more segments of
/// time, with a break between segments.
#[derive(Debug, Clone)]
pub struct TimeAxis {
    segments: Vec<Segment>,
    left: f64,
    right: f64,
    /// Pixels per day, the same in every segment.
    scale: f64,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Months covered, as serials `[m0, m1)`.
    m0: i32,
    m1: i32,
    /// Days covered, `[d0, d1)`.
    d0: i64,
    d1: i64,
    x0: f64,
    x1: f64,
}

/// Where a chart wants the marks of its time axis (all y coordinates).
struct AxisMarks {
    /// The plot's top: breaks start here.
    top: f64,
    /// Where year lines start: the plot's top for full lines, just above
    /// the bottom for ticks.
    sep_top: f64,
    /// The plot's bottom, where breaks and lines end.
    bottom: f64,
    /// The baseline of the labels.
    label_y: f64,
}

/// How a label's text sits on its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// A tick label of the time axis, placed and measured.
#[derive(Debug, Clone, PartialEq)]
struct Label {
    x: f64,
    anchor: Anchor,
    text: String,
    /// Estimated width of the text.
    width: f64,
}

impl Label {
    /// The label's horizontal extent, `(from, to)`.
    fn extent(&self) -> (f64, f64) {
        match self.anchor {
            Anchor::Start => (self.x, self.x + self.width),
            Anchor::Middle => (self.x - self.width / 2.0, self.x + self.width / 2.0),
            Anchor::End => (self.x - self.width, self.x),
        }
    }
}

/// A generous estimate of the width of `text` at `font` in a sans-serif
/// face (digits are tabular), so labels judged apart are apart on screen.
fn text_width(text: &str, font: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 0.6,
            ' ' => 0.3,
            'm' | 'w' | 'M' | 'W' => 0.9,
            'A'..='Z' => 0.72,
            'i' | 'j' | 'l' | 't' | 'f' | 'r' => 0.38,
            _ => 0.62,
        })
        .sum();
    em * font
}

/// Steps between labelled years, when not every year has room.
const YEAR_STEPS: [i32; 13] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000];

impl TimeAxis {
    /// An axis between `left` and `right` over the whole years of `dates`,
    /// with a break for every run of more than [`MAX_QUIET_YEARS`] years
    /// without one; `None` without dates.
    pub fn over(dates: &[PartialDate], left: f64, right: f64) -> Option<TimeAxis> {
        let mut years: Vec<i32> = dates.iter().map(PartialDate::year).collect();
        years.sort_unstable();
        years.dedup();
        let mut ranges: Vec<(i32, i32)> = Vec::new();
        for y in years {
            match ranges.last_mut() {
                Some(r) if y - r.1 - 1 <= MAX_QUIET_YEARS => r.1 = y,
                _ => ranges.push((y, y)),
            }
        }
        let months: Vec<(i32, i32)> = ranges.iter().map(|&(a, b)| (a * 12, (b + 1) * 12)).collect();
        TimeAxis::of_months(&months, left, right)
    }

    /// An axis over segments of months, each `[first, end)` as serials
    /// (`year × 12 + month − 1`), ascending and apart.
    fn of_months(segments: &[(i32, i32)], left: f64, right: f64) -> Option<TimeAxis> {
        if segments.is_empty() {
            return None;
        }
        let days: i64 = segments.iter().map(|&(a, b)| month_start(b) - month_start(a)).sum();
        let avail = (right - left - BREAK_W * (segments.len() - 1) as f64).max(1.0);
        let scale = avail / days.max(1) as f64;
        let mut x = left;
        let mut out = Vec::with_capacity(segments.len());
        for (k, &(m0, m1)) in segments.iter().enumerate() {
            if k > 0 {
                x += BREAK_W;
            }
            let (d0, d1) = (month_start(m0), month_start(m1));
            let x1 = x + (d1 - d0) as f64 * scale;
            out.push(Segment {
                m0,
                m1,
                d0,
                d1,
                x0: x,
                x1,
            });
            x = x1;
        }
        Some(TimeAxis {
            segments: out,
            left,
            right,
            scale,
        })
    }

    /// The x of the start of a day, `None` outside the axis (the end of a
    /// segment belongs to it).
    fn day_x(&self, day: i64) -> Option<f64> {
        self.segments
            .iter()
            .find(|s| (s.d0..=s.d1).contains(&day))
            .map(|s| s.x0 + (day - s.d0) as f64 * self.scale)
    }

    /// The extent of the days `[d0, d1)`.
    fn days_x(&self, d0: i64, d1: i64) -> Option<(f64, f64)> {
        Some((self.day_x(d0)?, self.day_x(d1)?))
    }

    /// The extent of the time a date stands for: a day, a month or a year.
    pub fn span(&self, d: &PartialDate) -> Option<(f64, f64)> {
        let (d0, d1) = date_days(d);
        self.days_x(d0, d1)
    }

    /// The x of the middle of a date's time.
    pub fn x(&self, d: &PartialDate) -> Option<f64> {
        self.span(d).map(|(a, b)| (a + b) / 2.0)
    }

    /// The extent of one month.
    pub fn month(&self, year: i32, month: u8) -> Option<(f64, f64)> {
        let m = year * 12 + i32::from(month) - 1;
        self.days_x(month_start(m), month_start(m + 1))
    }

    /// The extent of one year.
    pub fn year(&self, year: i32) -> Option<(f64, f64)> {
        self.days_x(month_start(year * 12), month_start(year * 12 + 12))
    }

    /// Runs of years cut out of the axis, `(first, last)`.
    pub fn skipped(&self) -> Vec<(i32, i32)> {
        self.segments
            .windows(2)
            .map(|w| (w[0].m1.div_euclid(12), w[1].m0.div_euclid(12) - 1))
            .collect()
    }

    fn months_covered(&self) -> i32 {
        self.segments.iter().map(|s| s.m1 - s.m0).sum()
    }

    /// Whether the axis has month ticks: it covers less than three years.
    fn has_months(&self) -> bool {
        self.months_covered() < MONTH_AXIS_MONTHS
    }

    /// The smallest step of years whose ticks are at least `min` apart.
    fn year_step(&self, min: f64) -> i32 {
        let per_year = 365.25 * self.scale;
        YEAR_STEPS
            .iter()
            .copied()
            .find(|&s| f64::from(s) * per_year >= min)
            .unwrap_or(10_000)
    }

    /// The x of the ticks: `(x, year tick?)`, inner boundaries of years
    /// (at a step where years are crowded) and, on a short axis, of months.
    fn ticks(&self) -> Vec<(f64, bool)> {
        let months = self.has_months();
        let step = self.year_step(6.0);
        let mut out = Vec::new();
        for s in &self.segments {
            for m in s.m0 + 1..s.m1 {
                let year_start = m.rem_euclid(12) == 0;
                let on_step = year_start && m.div_euclid(12).rem_euclid(step) == 0;
                if on_step || (months && !year_start) {
                    if let Some(x) = self.day_x(month_start(m)) {
                        out.push((x, year_start));
                    }
                }
            }
        }
        out
    }

    /// Where a label centred on `mid` goes: moved to start at the axis's
    /// left end or to end at its right end rather than cross them.
    fn place(&self, mid: f64, text: String, font: f64) -> Label {
        let width = text_width(&text, font);
        let (x, anchor) = if mid - width / 2.0 < self.left {
            (self.left, Anchor::Start)
        } else if mid + width / 2.0 > self.right {
            (self.right, Anchor::End)
        } else {
            (mid, Anchor::Middle)
        };
        Label { x, anchor, text, width }
    }

    /// The tick labels at text size `font`, none overlapping another (with
    /// room of half a letter between), none beyond the axis's ends. The
    /// years beside a break always have theirs.
    fn labels(&self, font: f64, w: &dyn Words) -> Vec<Label> {
        let gap = font * 0.5;
        let year_w = text_width("2000", font) + gap;
        // Candidates, the ones that must stay first; each list in order.
        let mut first: Vec<Label> = Vec::new();
        let mut rest: Vec<Vec<Label>> = Vec::new();
        let multi = self.segments.len() > 1;
        for s in &self.segments {
            let (y0, y1) = (s.m0.div_euclid(12), (s.m1 - 1).div_euclid(12));
            if self.has_months() {
                // Months centred in their month; a January (or a segment's
                // first month) says its year instead.
                for m in s.m0..s.m1 {
                    let (y, mo) = (m.div_euclid(12), m.rem_euclid(12));
                    let (a, b) = (self.day_x(month_start(m)), self.day_x(month_start(m + 1)));
                    let (Some(a), Some(b)) = (a, b) else { continue };
                    let mid = (a + b) / 2.0;
                    if mo == 0 || m == s.m0 {
                        let text = if mo == 0 {
                            w.digits(&y.to_string())
                        } else {
                            w.month_year(y, mo as u8 + 1, true)
                        };
                        first.push(self.place(mid, text, font));
                    } else {
                        rest.push(vec![self.place(mid, w.month_short(mo as u8 + 1), font)]);
                    }
                }
            } else if 365.25 * self.scale >= year_w {
                // Every year has room: each centred in its year.
                for y in y0..=y1 {
                    let Some((a, b)) = self.year(y) else { continue };
                    let label = self.place((a + b) / 2.0, w.digits(&y.to_string()), font);
                    if (y == y0 || y == y1) && multi {
                        first.push(label);
                    } else {
                        rest.push(vec![label]);
                    }
                }
            } else {
                // Crowded years: a segment's ends, and ticks at a step.
                let start = Label {
                    x: s.x0,
                    anchor: Anchor::Start,
                    text: w.digits(&y0.to_string()),
                    width: text_width(&y0.to_string(), font),
                };
                let end = Label {
                    x: s.x1,
                    anchor: Anchor::End,
                    text: w.digits(&y1.to_string()),
                    width: text_width(&y1.to_string(), font),
                };
                if y1 == y0 {
                    first.push(self.place((s.x0 + s.x1) / 2.0, w.digits(&y0.to_string()), font));
                } else if start.width + end.width + gap <= s.x1 - s.x0 {
                    first.push(start);
                    first.push(end);
                } else {
                    // Too short for both ends: one label for the segment.
                    let text = if y0.div_euclid(100) == y1.div_euclid(100) {
                        format!("{y0}\u{2013}{:02}", y1.rem_euclid(100))
                    } else {
                        format!("{y0}\u{2013}{y1}")
                    };
                    first.push(self.place((s.x0 + s.x1) / 2.0, text, font));
                }
                let step = self.year_step(year_w);
                for y in y0 + 1..=y1 {
                    if y.rem_euclid(step) == 0 {
                        if let Some(x) = self.day_x(month_start(y * 12)) {
                            rest.push(vec![self.place(x, y.to_string(), font)]);
                        }
                    }
                }
            }
        }
        // The rest at the first regular step (every label, every second,
        // ...) whose labels clear each other; then each label that clears
        // every label kept.
        let clear = |a: &Label, b: &Label| {
            let (a0, a1) = a.extent();
            let (b0, b1) = b.extent();
            a1 + gap <= b0 || b1 + gap <= a0
        };
        let mut kept: Vec<Label> = Vec::new();
        for l in first {
            if kept.iter().all(|k| clear(k, &l)) {
                kept.push(l);
            }
        }
        let flat: Vec<Label> = rest.into_iter().flatten().collect();
        let step = [1usize, 2, 3, 6, 12, 24, 60]
            .into_iter()
            .find(|&k| {
                let picked: Vec<&Label> = flat.iter().step_by(k).collect();
                picked.windows(2).all(|w| clear(w[0], w[1]))
            })
            .unwrap_or(usize::MAX);
        for l in flat.into_iter().step_by(step) {
            if kept.iter().all(|k| clear(k, &l)) {
                kept.push(l);
            }
        }
        kept.sort_by(|a, b| a.x.total_cmp(&b.x));
        kept
    }

    /// Draws the axis: breaks, ticks (or full-height year lines) and labels,
    /// where `marks` says, with text at `font`.
    fn draw(&self, out: &mut String, marks: &AxisMarks, font: f64, w: &dyn Words) {
        out.push_str("<g class=\"axis\" aria-hidden=\"true\">");
        for s in self.segments.windows(2) {
            let (a, b) = (s[0].x1, s[1].x0);
            let _ = write!(
                out,
                "<rect class=\"gap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                N(a + 1.0),
                N(marks.top - 1.0),
                N(b - a - 2.0),
                N(marks.bottom - marks.top + 2.0),
                gap_words(s[0].m1.div_euclid(12), s[1].m0.div_euclid(12) - 1, w),
            );
            // Two slanted strokes across the baseline: time is cut here.
            for x in [a + 4.0, b - 7.0] {
                let _ = write!(
                    out,
                    "<line class=\"brk\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                    N(x),
                    N(marks.bottom + 5.0),
                    N(x + 3.0),
                    N(marks.bottom - 5.0)
                );
            }
        }
        for (x, year) in self.ticks() {
            let top = if year { marks.sep_top } else { marks.bottom - 3.0 };
            let _ = write!(
                out,
                "<line class=\"{cls}\" x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\"/>",
                cls = if year { "sep" } else { "sep month" },
                x = N(x),
                t = N(top),
                b = N(marks.bottom + 3.0)
            );
        }
        for l in self.labels(font, w) {
            let anchor = match l.anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            let _ = write!(
                out,
                "<text class=\"year\" x=\"{}\" y=\"{}\"{}>{}</text>",
                N(l.x),
                N(marks.label_y),
                text_direction(&l.text, anchor),
                esc(&l.text)
            );
        }
        out.push_str("</g>");
    }

    /// The axis's breaks in words, for a chart's description: "The axis
    /// skips 2014 to 2017, years without entries." (empty without breaks).
    fn skipped_words(&self, w: &dyn Words) -> String {
        let runs: Vec<String> = self
            .skipped()
            .into_iter()
            .map(|(a, b)| {
                let (a, b) = (w.digits(&a.to_string()), w.digits(&b.to_string()));
                if a == b {
                    a
                } else {
                    w.say("chart_years_run", None, &[("from", &a), ("to", &b)])
                }
            })
            .collect();
        if runs.is_empty() {
            String::new()
        } else {
            format!(" {}", w.say("chart_axis_cut", None, &[("runs", &list_words(&runs, w))]))
        }
    }
}

/// A break's tooltip: "No entries from 2014 to 2017", "No entries in 2014".
fn gap_words(a: i32, b: i32, w: &dyn Words) -> String {
    let (a, b) = (w.digits(&a.to_string()), w.digits(&b.to_string()));
    if a == b {
        w.say("chart_gap_year", None, &[("year", &a)])
    } else {
        w.say("chart_gap_years", None, &[("from", &a), ("to", &b)])
    }
}

/// Helpers shared by the charts' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::{PartialDate, TonePoint};

    /// The default theme's English words, read once.
    pub fn en() -> &'static crate::render::i18n::Ui {
        static EN: std::sync::OnceLock<crate::render::i18n::Ui> = std::sync::OnceLock::new();
        EN.get_or_init(crate::render::i18n::Ui::english)
    }
    use scraper::Selector;

    pub fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    pub fn sel(s: &str) -> Selector {
        Selector::parse(s).unwrap()
    }

    pub fn point<'a>(d: &str, tone: i8, status: &'static str, title: &'a str) -> TonePoint<'a> {
        TonePoint {
            date: date(d),
            tone,
            status,
            title,
            when: d.to_string(),
            url: format!("/entries/{d}/"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::en;
    use super::*;

    #[test]
    fn right_to_left_labels_are_mirrored_to_cover_the_same_box() {
        assert!(reads_rtl("پاکستان"));
        assert!(reads_rtl("۲۰۲۵ اپریل"));
        assert!(!reads_rtl("2025"));
        assert!(!reads_rtl("Pakistan پاکستان"));
        assert_eq!(text_direction("Pakistan", "start"), " text-anchor=\"start\"");
        assert_eq!(
            text_direction("پاکستان", "start"),
            " text-anchor=\"end\" direction=\"rtl\""
        );
        assert_eq!(
            text_direction("پاکستان", "middle"),
            " text-anchor=\"middle\" direction=\"rtl\""
        );
        for anchor in ["start", "middle", "end"] {
            let attrs = text_direction("اپریل", anchor);
            let written = attrs.split('"').nth(1).unwrap();
            assert_eq!(ltr_anchor(written, Some("rtl")), anchor);
        }
    }
    use super::testing::date;

    #[test]
    fn numbers_print_with_one_decimal_and_no_negative_zero() {
        assert_eq!(N(1.0).to_string(), "1");
        assert_eq!(N(1.25).to_string(), "1.3");
        assert_eq!(N(-0.01).to_string(), "0");
        assert_eq!(signed(0.5, 1), "+0.5");
        assert_eq!(signed(-1.0, 0), "\u{2212}1");
        assert_eq!(signed(-0.04, 1), "0.0");
    }

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1) - day_number(2000, 2, 28), 2);
        assert_eq!(day_number(2025, 1, 1) - day_number(2024, 1, 1), 366);
        assert_eq!(day_number(1866, 1, 1), -37_985);
    }

    #[test]
    fn axis_is_linear_equal_time_equal_distance() {
        // 2011 and 2013, a break for 2014–2017, then 2018 to 2025.
        let dates: Vec<PartialDate> = ["2011-10-04", "2013-08", "2018", "2021", "2025-05-21"]
            .iter()
            .map(|d| date(d))
            .collect();
        let axis = TimeAxis::over(&dates, 10.0, 610.0).unwrap();
        let width = |a: i64, b: i64| axis.day_x(b).unwrap() - axis.day_x(a).unwrap();
        // Any 30 days take the same room, in either segment and in any month.
        let w = width(day_number(2011, 2, 1), day_number(2011, 3, 3));
        for (y, m, d) in [(2012, 7, 9), (2018, 1, 1), (2021, 12, 15), (2025, 11, 1)] {
            let a = day_number(y, m, d);
            assert!((width(a, a + 30) - w).abs() < 1e-9, "{y}-{m}-{d}");
        }
        // 2011–2013 (3 years) take three eighths of the room of 2018–2025
        // (8 years), give or take leap days.
        let (a0, a1) = (axis.year(2011).unwrap().0, axis.year(2013).unwrap().1);
        let (b0, b1) = (axis.year(2018).unwrap().0, axis.year(2025).unwrap().1);
        assert!(((a1 - a0) / (b1 - b0) - 3.0 / 8.0).abs() < 0.001);
        // The axis fills its room: breaks and years, end to end.
        assert!((a0 - 10.0).abs() < 1e-9 && (b1 - 610.0).abs() < 1e-9);
        assert!((b0 - a1 - BREAK_W).abs() < 1e-9);
        // Quiet years up to three stay, drawn to scale; 2014–2017 go.
        assert!(axis.year(2019).is_some() && axis.year(2016).is_none());
        assert_eq!(axis.skipped(), [(2014, 2017)]);
        // A date's span is its own day, month or year.
        let (m0, m1) = axis.span(&date("2013-08")).unwrap();
        assert_eq!((m0, m1), axis.month(2013, 8).unwrap());
        assert!((m1 - m0 - 31.0 * axis.scale).abs() < 1e-9);
        assert_eq!(axis.span(&date("2018")).unwrap(), axis.year(2018).unwrap());
        let (d0, d1) = axis.span(&date("2025-05-21")).unwrap();
        assert!((d1 - d0 - axis.scale).abs() < 1e-9);
    }

    #[test]
    fn an_axis_spans_only_the_years_of_its_dates() {
        let axis = TimeAxis::over(&[date("2025-03"), date("2025")], 0.0, 100.0).unwrap();
        assert_eq!(axis.segments.len(), 1);
        assert_eq!(axis.year(2025), Some((0.0, 100.0)));
        assert!(axis.year(2024).is_none() && axis.x(&date("2026")).is_none());
        assert!(TimeAxis::over(&[], 0.0, 100.0).is_none());
    }

    #[test]
    fn breaks_are_drawn_and_the_years_beside_them_labelled() {
        let dates: Vec<PartialDate> = ["1890", "1893-11-12", "2011", "2013", "2018", "2021", "2025"]
            .iter()
            .map(|d| date(d))
            .collect();
        for layout in LAYOUTS {
            let axis = TimeAxis::over(&dates, 4.0, layout.w - 30.0).unwrap();
            assert_eq!(axis.skipped(), [(1894, 2010), (2014, 2017)]);
            let labels: Vec<String> = axis.labels(layout.font, en()).into_iter().map(|l| l.text).collect();
            // Each year beside a break has a label, alone or in a range
            // ("2011–13") where its segment is too short for two.
            for year in ["1890", "1893", "2011", "2013", "2018", "2025"] {
                let short = format!("\u{2013}{}", &year[2..]);
                assert!(
                    labels
                        .iter()
                        .any(|l| l == year || l.starts_with(year) || l.ends_with(&short)),
                    "{year} in {labels:?} at {}",
                    layout.w
                );
            }
            let mut svg = String::new();
            let marks = AxisMarks {
                top: 0.0,
                sep_top: 0.0,
                bottom: 100.0,
                label_y: 115.0,
            };
            axis.draw(&mut svg, &marks, layout.font, en());
            assert_eq!(svg.matches("class=\"gap\"").count(), 2);
            assert_eq!(svg.matches("class=\"brk\"").count(), 4);
            assert!(axis
                .skipped_words(en())
                .contains("it skips 1894 to 2010 and 2014 to 2017."));
        }
    }

    /// Axes over one month, one year, three, fifteen and nine hundred
    /// years, at each layout's width and text size.
    fn sample_axes() -> Vec<(&'static str, Layout, TimeAxis)> {
        let spans: [(&str, i32, i32); 6] = [
            ("1 month", 2025 * 12 + 4, 2025 * 12 + 5),
            ("1 year", 2025 * 12, 2026 * 12),
            ("2 years", 2024 * 12, 2026 * 12),
            ("3 years", 2023 * 12, 2026 * 12),
            ("15 years", 2011 * 12, 2026 * 12),
            ("900 years", 1126 * 12, 2026 * 12),
        ];
        let mut out = Vec::new();
        for layout in LAYOUTS {
            for (name, a, b) in spans {
                let axis = TimeAxis::of_months(&[(a, b)], 4.0, layout.w - 30.0).unwrap();
                out.push((name, layout, axis));
            }
        }
        out
    }

    #[test]
    fn tick_labels_never_overlap() {
        for (name, layout, axis) in sample_axes() {
            let labels = axis.labels(layout.font, en());
            assert!(labels.len() >= 2 || name == "1 month", "{name}: {labels:?}");
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    let ((a0, a1), (b0, b1)) = (a.extent(), b.extent());
                    assert!(a1 <= b0 || b1 <= a0, "{name} at {}: {a:?} overlaps {b:?}", layout.w);
                }
            }
        }
        // The widths are measured, not guessed per label: a longer text is wider.
        assert!(text_width("May 2025", 12.0) > text_width("2025", 12.0));
        assert!(text_width("2025", 13.0) > text_width("2025", 12.0));
    }

    #[test]
    fn tick_labels_stay_inside_the_chart() {
        for (name, layout, axis) in sample_axes() {
            let labels = axis.labels(layout.font, en());
            for l in &labels {
                let (a, b) = l.extent();
                assert!(
                    a >= axis.left - 1e-9 && b <= axis.right + 1e-9,
                    "{name} at {}: {l:?}",
                    layout.w
                );
            }
        }
        // A year centred near the left end is anchored at its start instead.
        let axis = TimeAxis::of_months(&[(1866 * 12, 2026 * 12)], 11.0, 700.0).unwrap();
        let first = &axis.labels(13.0, en())[0];
        assert_eq!(
            (first.text.as_str(), first.anchor, first.x),
            ("1866", Anchor::Start, 11.0)
        );
    }

    #[test]
    fn short_axes_have_month_ticks_and_long_ones_do_not() {
        let one = TimeAxis::of_months(&[(2025 * 12, 2026 * 12)], 0.0, 780.0).unwrap();
        let texts: Vec<String> = one.labels(13.0, en()).into_iter().map(|l| l.text).collect();
        assert_eq!(texts.first().map(String::as_str), Some("2025"));
        assert!(texts.iter().any(|t| t == "Jun"), "{texts:?}");
        assert_eq!(one.ticks().iter().filter(|t| !t.1).count(), 11);
        let long = TimeAxis::of_months(&[(2011 * 12, 2026 * 12)], 0.0, 780.0).unwrap();
        assert!(long.ticks().iter().all(|t| t.1));
        assert_eq!(long.ticks().len(), 14);
    }
}
