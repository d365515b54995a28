//! Charts: the relations barometer, activity strips and the relations map,
//! drawn at build time as SVG text.
//!
//! Pages get each chart as a ready SVG string plus the plain data of its
//! table fallback, so a theme can place, restyle or replace it. The SVG
//! carries no colours of its own: every mark has a class (`pt t-p2`, `bar`,
//! `node k-state`, ...) that the theme's stylesheet paints, which is how the
//! charts follow dark mode and print.
//!
//! Output is deterministic: inputs arrive in the model's stable order,
//! layouts are iterative but seedless, and every coordinate is printed with
//! one decimal.
//!
//! The time axis gives each year with entries a band whose width grows with
//! the year's entries (with a floor), and leaves a small break between years
//! that are not consecutive: a chronicle about one year, with background
//! reaching back a decade, then spends its width where its entries are,
//! while a chronicle spread evenly over many years gets an even axis.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::content::date::{days_in_month, PartialDate, MONTHS};

use crate::html::escape as esc;

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

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
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
fn tone_class(tone: i8) -> &'static str {
    match tone {
        i8::MIN..=-2 => "m2",
        -1 => "m1",
        0 => "0",
        1 => "p1",
        _ => "p2",
    }
}

/// The horizontal time axis shared by the barometer and the activity strips.
#[derive(Debug, Clone)]
pub struct TimeAxis {
    bands: Vec<Band>,
}

#[derive(Debug, Clone, Copy)]
struct Band {
    year: i32,
    x0: f64,
    x1: f64,
    /// The previous band is not the previous year: a break is drawn.
    after_gap: bool,
}

/// Room left between two years that are not consecutive.
const YEAR_GAP: f64 = 12.0;

impl TimeAxis {
    /// Lays out `years` (`(year, entries)`, ascending) between `x0` and `x1`.
    pub fn new(years: &[(i32, usize)], x0: f64, x1: f64) -> Option<TimeAxis> {
        if years.is_empty() {
            return None;
        }
        let total: usize = years.iter().map(|y| y.1).sum();
        let floor = (total as f64 / (1.5 * years.len() as f64)).max(1.0);
        let weights: Vec<f64> = years.iter().map(|&(_, c)| (c as f64).max(floor)).collect();
        let gaps = years.windows(2).filter(|w| w[1].0 != w[0].0 + 1).count();
        let avail = (x1 - x0 - gaps as f64 * YEAR_GAP).max(1.0);
        let sum: f64 = weights.iter().sum();
        let mut bands = Vec::with_capacity(years.len());
        let mut x = x0;
        for (k, (&(year, _), w)) in years.iter().zip(&weights).enumerate() {
            let after_gap = k > 0 && year != years[k - 1].0 + 1;
            if after_gap {
                x += YEAR_GAP;
            }
            let width = avail * w / sum;
            bands.push(Band {
                year,
                x0: x,
                x1: x + width,
                after_gap,
            });
            x += width;
        }
        Some(TimeAxis { bands })
    }

    fn band(&self, year: i32) -> Option<&Band> {
        self.bands
            .binary_search_by_key(&year, |b| b.year)
            .ok()
            .map(|i| &self.bands[i])
    }

    /// Where in its year a date falls, 0–1: mid-day, mid-month or mid-year
    /// at the date's own precision.
    fn fraction(d: &PartialDate) -> f64 {
        match (d.month(), d.day()) {
            (None, _) => 0.5,
            (Some(m), None) => (f64::from(m) - 0.5) / 12.0,
            (Some(m), Some(day)) => {
                (f64::from(m) - 1.0 + (f64::from(day) - 0.5) / f64::from(days_in_month(d.year(), m))) / 12.0
            }
        }
    }

    /// The x of a date, `None` for a year the axis does not cover.
    pub fn x(&self, d: &PartialDate) -> Option<f64> {
        let b = self.band(d.year())?;
        Some(b.x0 + (b.x1 - b.x0) * Self::fraction(d))
    }

    /// The span of one month.
    pub fn month(&self, year: i32, month: u8) -> Option<(f64, f64)> {
        let b = self.band(year)?;
        let w = (b.x1 - b.x0) / 12.0;
        Some((b.x0 + w * f64::from(month - 1), b.x0 + w * f64::from(month)))
    }

    /// Cuts between distant years over the plot (`top` to `bottom`), year
    /// separators from `sep_top` down to `bottom` (the plot's top for full
    /// lines, just above the bottom for ticks) and year labels at `label_y`;
    /// labels that would collide are left out.
    fn draw(&self, out: &mut String, top: f64, sep_top: f64, bottom: f64, label_y: f64) {
        out.push_str("<g class=\"axis\" aria-hidden=\"true\">");
        // Years apart: the plot is cut, and the cut marked at both edges.
        for b in self.bands.iter().filter(|b| b.after_gap) {
            let g0 = b.x0 - YEAR_GAP + 2.0;
            let _ = write!(
                out,
                "<rect class=\"gap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                N(g0),
                N(top - 1.0),
                N(YEAR_GAP - 4.0),
                N(bottom - top + 2.0)
            );
        }
        for (k, b) in self.bands.iter().enumerate() {
            if k > 0 && !b.after_gap {
                let _ = write!(
                    out,
                    "<line class=\"sep\" x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\"/>",
                    x = N(b.x0),
                    t = N(sep_top),
                    b = N(bottom)
                );
            }
        }
        // Labels left to right, each where it fits beside the previous one;
        // the last year always gets its label, displacing a neighbour.
        let half = 14.0;
        let mut shown: Vec<(f64, i32)> = Vec::new();
        for (k, b) in self.bands.iter().enumerate() {
            let mid = (b.x0 + b.x1) / 2.0;
            let fits = shown.last().is_none_or(|&(m, _)| mid - m >= 2.0 * half + 3.0);
            if fits {
                shown.push((mid, b.year));
            } else if k == self.bands.len() - 1 {
                shown.pop();
                shown.push((mid, b.year));
            }
        }
        for (mid, year) in shown {
            let _ = write!(
                out,
                "<text class=\"year\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                N(mid),
                N(label_y)
            );
        }
        out.push_str("</g>");
    }
}

/// One entry on the barometer.
#[derive(Debug, Clone)]
pub struct TonePoint<'a> {
    pub date: PartialDate,
    pub tone: i8,
    /// `occurred`, `planned`, `reported` or `disputed`.
    pub status: &'static str,
    pub title: &'a str,
    /// The date in words, for the point's tooltip.
    pub when: String,
}

/// A month (or a year's undated remainder) in the barometer's table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ToneRow {
    /// "May 2025", or "2025, month unknown".
    pub label: String,
    /// ISO form for `<time>`: `2025-05` or `2025`.
    pub iso: String,
    pub count: usize,
    /// Average tone, signed, one decimal ("+0.5").
    pub average: String,
    pub planned: usize,
}

/// The relations barometer: tone over time.
#[derive(Debug, Clone, Serialize)]
pub struct Barometer {
    /// Prefix of the ids inside the SVG, unique on its page.
    pub id: String,
    pub svg: String,
    pub title: String,
    /// What the chart shows, in words (also its SVG `<desc>`).
    pub summary: String,
    /// Entries with a tone.
    pub count: usize,
    pub average: String,
    /// Entries per tone, from +2 down to −2.
    pub by_tone: Vec<ToneCount>,
    pub rows: Vec<ToneRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToneCount {
    pub tone: String,
    pub word: &'static str,
    pub class: &'static str,
    pub count: usize,
}

/// Barometer sizes: the home page's and the smaller one for actor pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Full,
    Compact,
}

const CHART_W: f64 = 720.0;

/// Draws the barometer for `points` (in time order) on an axis over
/// `years`; `None` when no point has a tone to show.
pub fn barometer(id: &str, title: &str, years: &[(i32, usize)], points: &[TonePoint], size: Size) -> Option<Barometer> {
    if points.is_empty() {
        return None;
    }
    let (row_h, r) = match size {
        Size::Full => (38.0, 5.0),
        Size::Compact => (27.0, 4.0),
    };
    // Tone labels sit on the right, beside the latest entries: on a phone
    // the chart scrolls and opens at its right end.
    let left = 10.0;
    let right = CHART_W - 104.0;
    let top = 8.0;
    let plot_h = row_h * 5.0;
    let bottom = top + plot_h;
    let height = bottom + 26.0;
    let axis = TimeAxis::new(years, left, right)?;
    let row_y = |tone: f64| top + (2.0 - tone) * row_h + row_h / 2.0;

    let mut svg = String::with_capacity(4096 + points.len() * 160);
    let summary = barometer_summary(points);
    let _ = write!(
        svg,
        "<svg class=\"chart barometer\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
        w = N(CHART_W),
        h = N(height),
        id = esc(id),
        title = esc(title),
        desc = esc(&summary),
    );
    // Background: the cooperative half tinted, the hostile half tinted.
    let _ = write!(
        svg,
        "<rect class=\"zone-pos\" x=\"{l}\" y=\"{t}\" width=\"{w}\" height=\"{h}\"/>\
         <rect class=\"zone-neg\" x=\"{l}\" y=\"{n}\" width=\"{w}\" height=\"{h}\"/>",
        l = N(left),
        t = N(top),
        w = N(right - left),
        h = N(row_h * 2.0),
        n = N(top + row_h * 3.0),
    );
    svg.push_str("<g class=\"grid\" aria-hidden=\"true\">");
    for tone in (-2..=2).rev() {
        let y = row_y(f64::from(tone));
        let _ = write!(
            svg,
            "<line class=\"{cls}\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>\
             <text class=\"tone-label\" x=\"{lx}\" y=\"{ty}\">{sign} {word}</text>",
            cls = if tone == 0 { "zero" } else { "row" },
            l = N(left),
            r = N(right),
            y = N(y),
            lx = N(right + 10.0),
            ty = N(y + 4.0),
            sign = signed(f64::from(tone), 0),
            word = tone_word(tone as i8),
        );
    }
    svg.push_str("</g>");
    axis.draw(&mut svg, top, top, bottom, bottom + 18.0);

    // The monthly average of entries dated at least to the month.
    let mut months: BTreeMap<(i32, u8), (i32, usize)> = BTreeMap::new();
    for p in points {
        if let Some(mo) = p.date.month() {
            let e = months.entry((p.date.year(), mo)).or_default();
            e.0 += i32::from(p.tone);
            e.1 += 1;
        }
    }
    // Runs of months as (x, y, entries in the month).
    let mut runs: Vec<Vec<(f64, f64, usize)>> = Vec::new();
    let mut prev: Option<i32> = None;
    for (&(y, mo), &(sum, n)) in &months {
        let Some((x0, x1)) = axis.month(y, mo) else { continue };
        let avg = f64::from(sum) / n as f64;
        let serial = y * 12 + i32::from(mo);
        // Months up to two apart are joined; a longer silence breaks the line.
        if prev.is_none_or(|p| serial - p > 2) {
            runs.push(Vec::new());
        }
        prev = Some(serial);
        if let Some(run) = runs.last_mut() {
            run.push(((x0 + x1) / 2.0, row_y(avg), n));
        }
    }
    svg.push_str("<g class=\"avg\" aria-hidden=\"true\">");
    for run in &runs {
        if let [(x, y, n)] = run.as_slice() {
            // A lone month of one entry: its average is that entry's mark.
            if *n < 2 {
                continue;
            }
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
                N(x - 5.0),
                N(x + 5.0),
                y = N(*y)
            );
        } else {
            svg.push_str("<polyline points=\"");
            for (k, (x, y, _)) in run.iter().enumerate() {
                if k > 0 {
                    svg.push(' ');
                }
                let _ = write!(svg, "{},{}", N(*x), N(*y));
            }
            svg.push_str("\"/>");
        }
    }
    svg.push_str("</g>");

    // The points, nudged apart where they would overlap.
    let ideal: Vec<(f64, f64)> = points
        .iter()
        .map(|p| {
            let x = axis.x(&p.date).unwrap_or(left);
            (x, row_y(f64::from(p.tone.clamp(-2, 2))))
        })
        .collect();
    let placed = dodge(&ideal, r, row_h, left, right);
    svg.push_str("<g class=\"points\">");
    for (p, &(x, y)) in points.iter().zip(&placed) {
        let cls = tone_class(p.tone);
        let tip = format!(
            "{}: {} (tone {}, {}{})",
            p.when,
            p.title,
            signed(f64::from(p.tone), 0),
            tone_word(p.tone),
            if p.status == "occurred" {
                String::new()
            } else {
                format!(", {}", p.status)
            }
        );
        match p.status {
            "planned" => {
                let _ = write!(
                    svg,
                    "<circle class=\"pt planned t-{cls}\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}</title></circle>",
                    N(x),
                    N(y),
                    N(r - 0.5),
                    esc(&tip)
                );
            }
            "disputed" => {
                let d = r + 1.0;
                let _ = write!(
                    svg,
                    "<path class=\"pt disputed t-{cls}\" d=\"M{} {}l{d} {d}l-{d} {d}l-{d} -{d}z\"><title>{}</title></path>",
                    N(x),
                    N(y - d),
                    esc(&tip),
                    d = N(d)
                );
            }
            _ => {
                let _ = write!(
                    svg,
                    "<circle class=\"pt t-{cls}\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}</title></circle>",
                    N(x),
                    N(y),
                    N(r),
                    esc(&tip)
                );
            }
        }
    }
    svg.push_str("</g></svg>");

    let total: i32 = points.iter().map(|p| i32::from(p.tone)).sum();
    let by_tone = (-2..=2)
        .rev()
        .map(|t: i8| ToneCount {
            tone: signed(f64::from(t), 0),
            word: tone_word(t),
            class: tone_class(t),
            count: points.iter().filter(|p| p.tone.clamp(-2, 2) == t).count(),
        })
        .collect();
    Some(Barometer {
        id: id.to_string(),
        svg,
        title: title.to_string(),
        summary,
        count: points.len(),
        average: signed(f64::from(total) / points.len() as f64, 1),
        by_tone,
        rows: tone_rows(points),
    })
}

fn barometer_summary(points: &[TonePoint]) -> String {
    let first = points.first().map(|p| p.date.year()).unwrap_or_default();
    let last = points.last().map(|p| p.date.year()).unwrap_or_default();
    let span = if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    };
    let counts: Vec<String> = (-2..=2)
        .rev()
        .filter_map(|t: i8| {
            let n = points.iter().filter(|p| p.tone.clamp(-2, 2) == t).count();
            (n > 0).then(|| format!("{n} {}", tone_word(t)))
        })
        .collect();
    let total: i32 = points.iter().map(|p| i32::from(p.tone)).sum();
    let planned = points.iter().filter(|p| p.status == "planned").count();
    format!(
        "Tone of {n} {entries} from {span}, each a mark placed by date and tone from \u{2212}2 (hostile) to +2 \
         (cooperative); the line is the monthly average of the entries dated to the month. {counts}. Average tone {avg}.{planned}",
        n = points.len(),
        entries = if points.len() == 1 { "entry" } else { "entries" },
        counts = join_words(&counts),
        avg = signed(f64::from(total) / points.len() as f64, 1),
        planned = match planned {
            0 => String::new(),
            1 => " One entry is planned, drawn as a ring.".to_string(),
            n => format!(" {n} entries are planned, drawn as rings."),
        }
    )
}

/// "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn tone_rows(points: &[TonePoint]) -> Vec<ToneRow> {
    // Key (year, month), month 13 for a year's entries without a month so
    // they sort after the year's months.
    let mut acc: BTreeMap<(i32, u8), (i32, usize, usize)> = BTreeMap::new();
    for p in points {
        let e = acc.entry((p.date.year(), p.date.month().unwrap_or(13))).or_default();
        e.0 += i32::from(p.tone);
        e.1 += 1;
        e.2 += usize::from(p.status == "planned");
    }
    acc.into_iter()
        .map(|((y, mo), (sum, n, planned))| ToneRow {
            label: if mo == 13 {
                format!("{y}, month unknown")
            } else {
                format!("{} {y}", MONTHS[usize::from(mo) - 1])
            },
            iso: if mo == 13 {
                format!("{y:04}")
            } else {
                format!("{y:04}-{mo:02}")
            },
            count: n,
            average: signed(f64::from(sum) / n as f64, 1),
            planned,
        })
        .collect()
}

/// Places points near their ideal positions without overlapping others in
/// the same row: tries small nudges up, down and sideways, nearest first.
/// Large charts skip it (the marks are translucent, so density still shows).
fn dodge(ideal: &[(f64, f64)], r: f64, row_h: f64, left: f64, right: f64) -> Vec<(f64, f64)> {
    const MAX_DODGE: usize = 3000;
    if ideal.len() > MAX_DODGE {
        return ideal.to_vec();
    }
    let dx = 2.0 * r + 1.0;
    let dy = (2.0 * r + 1.0).min(row_h / 2.0 - r);
    let mut offsets: Vec<(f64, f64)> = Vec::new();
    for i in -4i32..=4 {
        for j in -1i32..=1 {
            offsets.push((f64::from(i) * dx, f64::from(j) * dy));
        }
    }
    // Nearest first; ties: up before down, then left before right.
    offsets.sort_by(|a, b| {
        let da = a.0 * a.0 + a.1 * a.1 * 1.5;
        let db = b.0 * b.0 + b.1 * b.1 * 1.5;
        da.total_cmp(&db).then(a.1.total_cmp(&b.1)).then(a.0.total_cmp(&b.0))
    });
    let reach = 4.0 * dx + 2.0 * r + 1.0;
    let min_d2 = (2.0 * r + 0.5) * (2.0 * r + 0.5);
    // Points placed so far, per row (keyed by ideal y), as (ideal x, x, y).
    let mut rows: BTreeMap<i64, Vec<(f64, f64, f64)>> = BTreeMap::new();
    let mut order: Vec<usize> = (0..ideal.len()).collect();
    order.sort_by(|&a, &b| ideal[a].0.total_cmp(&ideal[b].0).then(a.cmp(&b)));
    let mut out = ideal.to_vec();
    for i in order {
        let (ix, iy) = ideal[i];
        let row = rows.entry((iy * 10.0).round() as i64).or_default();
        let mut chosen = (ix, iy);
        for &(ox, oy) in &offsets {
            let (x, y) = ((ix + ox).clamp(left + r, right - r), iy + oy);
            let clash = row
                .iter()
                .rev()
                .take_while(|p| p.0 >= ix - 2.0 * reach)
                .any(|p| (p.1 - x) * (p.1 - x) + (p.2 - y) * (p.2 - y) < min_d2);
            if !clash {
                chosen = (x, y);
                break;
            }
        }
        row.push((ix, chosen.0, chosen.1));
        out[i] = chosen;
    }
    out
}

/// Entries per month, as a strip of bars.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub id: String,
    pub svg: String,
    pub title: String,
    pub summary: String,
    pub count: usize,
    pub years: Vec<ActivityYear>,
}

/// One year of an activity strip, for its table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActivityYear {
    pub year: i32,
    pub count: usize,
    /// "Feb 1 · Mar 2": the months with entries.
    pub months: String,
    /// Entries known only to the year.
    pub undated: usize,
}

/// Draws the entries-per-month strip of `dates` (in time order) over an
/// axis of `years`; `None` when there are no dates.
pub fn activity(id: &str, subject: &str, years: &[(i32, usize)], dates: &[PartialDate]) -> Option<Activity> {
    if dates.is_empty() {
        return None;
    }
    let left = 10.0;
    let right = CHART_W - 40.0;
    let top = 10.0;
    let plot_h = 60.0;
    let bottom = top + plot_h;
    let height = bottom + 24.0;
    let axis = TimeAxis::new(years, left, right)?;
    let mut per_month: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    let mut per_year: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for d in dates {
        let y = per_year.entry(d.year()).or_default();
        y.0 += 1;
        match d.month() {
            Some(mo) => *per_month.entry((d.year(), mo)).or_default() += 1,
            None => y.1 += 1,
        }
    }
    // Entries known only to the year are spread evenly over its months,
    // drawn behind that year's bars in a lighter shade.
    let spread = |year: i32| per_year.get(&year).map_or(0.0, |y| y.1 as f64 / 12.0);
    let max_month = per_month.values().copied().max().unwrap_or(0);
    let mut max_v: f64 = 0.0;
    for &n in per_month.values() {
        max_v = max_v.max(n as f64);
    }
    for &y in per_year.keys() {
        max_v = max_v.max(spread(y));
    }
    let scale = plot_h / max_v.max(1.0);

    let title = format!("Entries per month: {subject}");
    let summary = activity_summary(dates.len(), &per_month, &per_year);
    let mut svg = String::with_capacity(2048 + per_month.len() * 64);
    let _ = write!(
        svg,
        "<svg class=\"chart activity\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
        w = N(CHART_W),
        h = N(height),
        id = esc(id),
        title = esc(&title),
        desc = esc(&summary),
    );
    if max_month > 0 {
        let gy = bottom - max_month as f64 * scale;
        let _ = write!(
            svg,
            "<g class=\"grid\" aria-hidden=\"true\"><line class=\"row\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>\
             <text class=\"tick\" x=\"{lx}\" y=\"{ty}\">{max_month}</text></g>",
            l = N(left),
            r = N(right),
            y = N(gy),
            lx = N(right + 6.0),
            ty = N(gy + 4.0),
        );
    }
    svg.push_str("<g class=\"bars\" aria-hidden=\"true\">");
    for (&year, &(_, undated)) in &per_year {
        if undated == 0 {
            continue;
        }
        let Some(b) = axis.band(year) else { continue };
        let h = spread(year) * scale;
        let _ = write!(
            svg,
            "<rect class=\"bar-spread\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            N(b.x0),
            N(bottom - h),
            N((b.x1 - b.x0).max(0.5)),
            N(h)
        );
    }
    for (&(y, mo), &n) in &per_month {
        let Some((x0, x1)) = axis.month(y, mo) else { continue };
        let w = x1 - x0;
        let pad = if w > 4.0 { w * 0.12 } else { 0.0 };
        let base = bottom;
        let h = n as f64 * scale;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            N(x0 + pad),
            N(base - h),
            N((w - 2.0 * pad).max(0.6)),
            N(h)
        );
    }
    svg.push_str("</g>");
    let _ = write!(
        svg,
        "<line class=\"baseline\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>",
        l = N(left),
        r = N(right),
        y = N(bottom)
    );
    axis.draw(&mut svg, top, bottom - 5.0, bottom + 5.0, bottom + 17.0);
    svg.push_str("</svg>");

    let years_rows = per_year
        .iter()
        .map(|(&year, &(count, undated))| ActivityYear {
            year,
            count,
            months: per_month
                .range((year, 1)..=(year, 12))
                .map(|(&(_, mo), n)| format!("{} {n}", MONTHS_SHORT[usize::from(mo) - 1]))
                .collect::<Vec<_>>()
                .join(" · "),
            undated,
        })
        .collect();
    Some(Activity {
        id: id.to_string(),
        svg,
        title,
        summary,
        count: dates.len(),
        years: years_rows,
    })
}

fn activity_summary(
    n: usize,
    per_month: &BTreeMap<(i32, u8), usize>,
    per_year: &BTreeMap<i32, (usize, usize)>,
) -> String {
    let first = per_year.keys().next().copied().unwrap_or_default();
    let last = per_year.keys().next_back().copied().unwrap_or_default();
    let mut s = format!(
        "{n} {} {}",
        if n == 1 { "entry" } else { "entries" },
        if first == last {
            format!("in {first}")
        } else {
            format!("from {first} to {last}")
        }
    );
    // The busiest month; the earliest of equals.
    let mut best: Option<((i32, u8), usize)> = None;
    for (&k, &c) in per_month {
        if best.is_none_or(|b| c > b.1) {
            best = Some((k, c));
        }
    }
    match best {
        Some(((y, mo), c)) if c > 1 => {
            let _ = write!(
                s,
                "; the busiest month was {} {y}, with {c}",
                MONTHS[usize::from(mo) - 1]
            );
        }
        Some(_) => s.push_str("; no month has more than one"),
        None => {}
    }
    let undated: usize = per_year.values().map(|v| v.1).sum();
    match undated {
        0 => s.push('.'),
        1 => s.push_str(". One entry is dated only to its year and is spread over it, in a lighter shade."),
        k => {
            let _ = write!(
                s,
                ". {k} entries are dated only to their year and are spread over it, in a lighter shade."
            );
        }
    }
    s
}

/// A node of the relations map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapNode {
    pub name: String,
    pub url: String,
    pub kind: Option<&'static str>,
    /// Entries the actor appears in.
    pub count: usize,
    /// Ties drawn from this node.
    pub ties: usize,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

/// A tie between two actors on the map: the entries they share.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapTie {
    pub a: usize,
    pub b: usize,
    pub a_name: String,
    pub a_url: String,
    pub b_name: String,
    pub b_url: String,
    pub count: usize,
}

/// The relations map: actors as a network.
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub svg: String,
    pub title: String,
    pub summary: String,
    /// Actors with entries, and how many of them the map shows.
    pub actors_with_entries: usize,
    pub shown: usize,
    /// Pairs of shown actors who share an entry, and how many are drawn.
    pub ties_total: usize,
    pub ties_shown: usize,
    pub nodes: Vec<MapNode>,
    /// Drawn ties, strongest first.
    pub ties: Vec<MapTie>,
}

/// How many actors the map shows at most (those with the most entries).
pub const MAP_MAX_NODES: usize = 60;
/// A tie is drawn when it is among the strongest this many of either actor.
pub const MAP_TIES_PER_NODE: usize = 8;

/// Actors whose labels a small screen still shows.
const MAP_MAJOR: usize = 10;

/// The size of the map's drawing.
pub const MAP_W: f64 = 960.0;
pub const MAP_H: f64 = 640.0;

/// An actor as the network layout takes it.
#[derive(Debug, Clone)]
pub struct NodeIn {
    pub name: String,
    pub url: String,
    pub kind: Option<&'static str>,
    pub count: usize,
}

/// The ties worth drawing: each node's strongest [`MAP_TIES_PER_NODE`].
fn strongest_ties(n: usize, edges: &[(usize, usize, usize)]) -> Vec<(usize, usize, usize)> {
    let mut per_node: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (k, &(a, b, w)) in edges.iter().enumerate() {
        per_node[a].push((w, k));
        per_node[b].push((w, k));
    }
    let mut keep = vec![false; edges.len()];
    for list in &mut per_node {
        list.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, k) in list.iter().take(MAP_TIES_PER_NODE) {
            keep[k] = true;
        }
    }
    let mut kept: Vec<(usize, usize, usize)> = edges.iter().zip(&keep).filter(|(_, &k)| k).map(|(e, _)| *e).collect();
    kept.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    kept
}

/// Force-directed layout (Fruchterman–Reingold) from a circle ordered by
/// kind, with a fixed number of steps: the same input, the same picture.
/// Returns positions in a 1000 × 1000 box centred on 0.
fn layout(nodes: &[NodeIn], edges: &[(usize, usize, usize)]) -> Vec<(f64, f64)> {
    let n = nodes.len();
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let kind_rank = |k: Option<&str>| match k {
        Some("state") => 0,
        Some("organization") => 1,
        Some("group") => 2,
        Some("person") => 3,
        _ => 4,
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (kind_rank(nodes[a].kind), std::cmp::Reverse(nodes[a].count), a).cmp(&(
            kind_rank(nodes[b].kind),
            std::cmp::Reverse(nodes[b].count),
            b,
        ))
    });
    let mut pos = vec![(0.0, 0.0); n];
    for (k, &i) in order.iter().enumerate() {
        let angle = std::f64::consts::TAU * k as f64 / n as f64;
        pos[i] = (400.0 * angle.cos(), 400.0 * angle.sin());
    }
    let area = 1_000_000.0;
    let k = 0.75 * (area / n as f64).sqrt();
    let max_w = edges.iter().map(|e| e.2).max().unwrap_or(1) as f64;
    let iterations = 400;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        let temp = 60.0 * (1.0 - it as f64 / iterations as f64) + 0.5;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k * (0.35 + 0.65 * (w as f64 / max_w).sqrt());
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        for i in 0..n {
            // Gravity keeps loosely tied actors from drifting off.
            disp[i].0 -= pos[i].0 * 0.06;
            disp[i].1 -= pos[i].1 * 0.06;
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(temp);
                pos[i].0 += disp[i].0 / len * step;
                pos[i].1 += disp[i].1 / len * step;
            }
        }
    }
    spread_evenly(&mut pos);
    pos
}

/// Evens out a force layout's density, which otherwise leaves a dense core
/// and a few far-flung stragglers (wasting the drawing): each node keeps its
/// direction from the centre, and its distance moves halfway towards the one
/// its rank would have in an evenly filled disc. A few rounds of pushing
/// apart then separate nodes that ended up too close.
fn spread_evenly(pos: &mut [(f64, f64)]) {
    let n = pos.len();
    if n < 3 {
        return;
    }
    let (cx, cy) = (
        pos.iter().map(|p| p.0).sum::<f64>() / n as f64,
        pos.iter().map(|p| p.1).sum::<f64>() / n as f64,
    );
    let dist: Vec<f64> = pos
        .iter()
        .map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt())
        .collect();
    let max = dist.iter().copied().fold(0.0, f64::max).max(1e-9);
    let mut rank: Vec<usize> = (0..n).collect();
    rank.sort_by(|&a, &b| dist[a].total_cmp(&dist[b]).then(a.cmp(&b)));
    for (r, &i) in rank.iter().enumerate() {
        let even = ((r as f64 + 0.5) / n as f64).sqrt() * 500.0;
        let now = dist[i] / max * 500.0;
        let target = 0.5 * now + 0.5 * even;
        let scale = if dist[i] > 1e-9 { target / dist[i] } else { 0.0 };
        pos[i] = ((pos[i].0 - cx) * scale, (pos[i].1 - cy) * scale);
    }
    let min = 0.9 * 500.0 / (n as f64).sqrt();
    for _ in 0..60 {
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d < min {
                    let (ux, uy) = if d > 1e-9 { (dx / d, dy / d) } else { (1.0, 0.0) };
                    let push = (min - d) / 2.0 * 0.5;
                    pos[i].0 += ux * push;
                    pos[i].1 += uy * push;
                    pos[j].0 -= ux * push;
                    pos[j].1 -= uy * push;
                }
            }
        }
    }
}

/// Estimated width of a label in the map's font (12 px, sans-serif).
fn label_width(s: &str) -> f64 {
    s.chars().count() as f64 * 6.4 + 2.0
}

/// Lays out and draws the network of `nodes` with `edges` `(a, b, weight)`.
pub fn network(nodes: &[NodeIn], edges: &[(usize, usize, usize)], actors_with_entries: usize) -> Network {
    let n = nodes.len();
    let ties = strongest_ties(n, edges);
    let raw = layout(nodes, &ties);
    // Fit the layout into the drawing, leaving room for labels.
    let (mx, my) = (90.0, 36.0);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &raw {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let sx = if x1 > x0 { (MAP_W - 2.0 * mx) / (x1 - x0) } else { 0.0 };
    let sy = if y1 > y0 { (MAP_H - 2.0 * my) / (y1 - y0) } else { 0.0 };
    let max_count = nodes.iter().map(|n| n.count).max().unwrap_or(1).max(1) as f64;
    let mut degree = vec![0usize; n];
    for &(a, b, _) in &ties {
        degree[a] += 1;
        degree[b] += 1;
    }
    let out_nodes: Vec<MapNode> = nodes
        .iter()
        .zip(&raw)
        .enumerate()
        .map(|(i, (nd, &(x, y)))| MapNode {
            name: nd.name.clone(),
            url: nd.url.clone(),
            kind: nd.kind,
            count: nd.count,
            ties: degree[i],
            x: ((if sx > 0.0 { mx + (x - x0) * sx } else { MAP_W / 2.0 }) * 10.0).round() / 10.0,
            y: ((if sy > 0.0 { my + (y - y0) * sy } else { MAP_H / 2.0 }) * 10.0).round() / 10.0,
            r: ((4.0 + 14.0 * (nd.count as f64 / max_count).sqrt()) * 10.0).round() / 10.0,
        })
        .collect();

    let title = "Relations map".to_string();
    let summary = format!(
        "{shown} actors{of}, each a circle sized by its entries and linked to its page; a line joins two actors who \
         appear in the same entries, thicker for more. {t} ties are drawn.",
        shown = n,
        of = if n < actors_with_entries {
            format!(" with the most entries, of {actors_with_entries}")
        } else {
            String::new()
        },
        t = ties.len(),
    );
    let mut svg = String::with_capacity(8192 + n * 300 + ties.len() * 90);
    let _ = write!(
        svg,
        "<svg class=\"chart network\" viewBox=\"0 0 {w} {h}\" aria-labelledby=\"map-t map-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"map-t\">{title}</title><desc id=\"map-d\">{desc}</desc>",
        w = N(MAP_W),
        h = N(MAP_H),
        title = esc(&title),
        desc = esc(&summary),
    );
    let max_w = ties.iter().map(|t| t.2).max().unwrap_or(1).max(1) as f64;
    svg.push_str("<g class=\"edges\" aria-hidden=\"true\">");
    // Weakest first, so the strongest ties are drawn on top.
    for &(a, b, w) in ties.iter().rev() {
        let f = w as f64 / max_w;
        let _ = write!(
            svg,
            "<line class=\"edge{strong}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"/>",
            N(out_nodes[a].x),
            N(out_nodes[a].y),
            N(out_nodes[b].x),
            N(out_nodes[b].y),
            N(0.8 + 6.0 * f),
            strong = if f >= 0.5 { " strong" } else { "" },
        );
    }
    svg.push_str("</g>");

    // Labels: beside each node where they collide least, biggest first.
    let mut boxes: Vec<(f64, f64, f64, f64)> = out_nodes
        .iter()
        .map(|p| (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
        .collect();
    let mut by_size: Vec<usize> = (0..n).collect();
    by_size.sort_by(|&a, &b| out_nodes[b].count.cmp(&out_nodes[a].count).then(a.cmp(&b)));
    let mut labels: Vec<(f64, f64, &'static str)> = vec![(0.0, 0.0, "start"); n];
    for &i in &by_size {
        let p = &out_nodes[i];
        let w = label_width(&p.name);
        let gap = p.r + 4.0;
        // (text x, baseline y, anchor, box): beside, above, below, then the
        // diagonals.
        let d = gap * 0.7;
        let cand = |x: f64, y: f64, anchor: &'static str| {
            let x0 = match anchor {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            (x, y, anchor, (x0, y - 12.0, x0 + w, y + 2.0))
        };
        let candidates = [
            cand(p.x + gap, p.y + 4.0, "start"),
            cand(p.x - gap, p.y + 4.0, "end"),
            cand(p.x, p.y - gap - 3.0, "middle"),
            cand(p.x, p.y + gap + 11.0, "middle"),
            cand(p.x + d, p.y - d - 2.0, "start"),
            cand(p.x + d, p.y + d + 10.0, "start"),
            cand(p.x - d, p.y - d - 2.0, "end"),
            cand(p.x - d, p.y + d + 10.0, "end"),
        ];
        let mut best = 0;
        let mut best_cost = f64::MAX;
        for (c, cand) in candidates.iter().enumerate() {
            let b = cand.3;
            let mut cost = 0.0;
            for (k, o) in boxes.iter().enumerate() {
                if k == i {
                    continue;
                }
                let ox = (b.2.min(o.2) - b.0.max(o.0)).max(0.0);
                let oy = (b.3.min(o.3) - b.1.max(o.1)).max(0.0);
                cost += ox * oy;
            }
            // Leaving the drawing is worse than touching a neighbour.
            let out = (0.0 - b.0).max(0.0) + (b.2 - MAP_W).max(0.0) + (0.0 - b.1).max(0.0) + (b.3 - MAP_H).max(0.0);
            cost += out * 200.0;
            // Beside the node reads best; the diagonals only to avoid a collision.
            cost += [0.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0][c];
            if cost < best_cost - 1e-9 {
                best_cost = cost;
                best = c;
            }
        }
        let c = candidates[best];
        labels[i] = (c.0, c.1, c.2);
        boxes.push(c.3);
    }
    // The biggest actors are "major": a phone shows only their labels.
    let mut major = vec![false; n];
    for &i in by_size.iter().take(MAP_MAJOR) {
        major[i] = true;
    }
    svg.push_str("<g class=\"nodes\">");
    for (i, p) in out_nodes.iter().enumerate() {
        let (lx, ly, anchor) = labels[i];
        let _ = write!(
            svg,
            "<a href=\"{url}\" class=\"node k-{kind}{major}\"><title>{name}: {count} {entries}</title>\
             <circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\"/><text x=\"{lx}\" y=\"{ly}\" text-anchor=\"{anchor}\">{name}</text></a>",
            url = esc(&p.url),
            kind = p.kind.unwrap_or("other"),
            major = if major[i] { " major" } else { "" },
            name = esc(&p.name),
            count = p.count,
            entries = if p.count == 1 { "entry" } else { "entries" },
            x = N(p.x),
            y = N(p.y),
            r = N(p.r),
            lx = N(lx),
            ly = N(ly),
        );
    }
    svg.push_str("</g></svg>");

    let ties_out = ties
        .iter()
        .map(|&(a, b, count)| MapTie {
            a,
            b,
            a_name: out_nodes[a].name.clone(),
            a_url: out_nodes[a].url.clone(),
            b_name: out_nodes[b].name.clone(),
            b_url: out_nodes[b].url.clone(),
            count,
        })
        .collect();
    Network {
        svg,
        title,
        summary,
        actors_with_entries,
        shown: n,
        ties_total: edges.len(),
        ties_shown: ties.len(),
        nodes: out_nodes,
        ties: ties_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn sel(s: &str) -> Selector {
        Selector::parse(s).unwrap()
    }

    fn point<'a>(d: &str, tone: i8, status: &'static str, title: &'a str) -> TonePoint<'a> {
        TonePoint {
            date: date(d),
            tone,
            status,
            title,
            when: d.to_string(),
        }
    }

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
    fn axis_orders_dates_and_breaks_between_distant_years() {
        let axis = TimeAxis::new(&[(2019, 1), (2024, 1), (2025, 8)], 0.0, 700.0).unwrap();
        let xs: Vec<f64> = [
            "2019",
            "2024-11",
            "2025",
            "2025-02-21",
            "2025-05",
            "2025-05-21",
            "2025-12-31",
        ]
        .iter()
        .map(|d| axis.x(&date(d)).unwrap())
        .collect();
        // A year-only date sits mid-year: after May, before December.
        assert!(xs[0] < xs[1] && xs[1] < xs[3] && xs[3] < xs[4] && xs[4] < xs[5]);
        assert!(xs[5] < xs[2] && xs[2] < xs[6] && xs[6] <= 700.0);
        assert!(axis.x(&date("2020")).is_none());
        // 2019 → 2024 is not consecutive: a gap; 2024 → 2025 is.
        assert!(axis.bands[1].after_gap && !axis.bands[2].after_gap);
        // The busy year gets the most room.
        let w = |b: &Band| b.x1 - b.x0;
        assert!(w(&axis.bands[2]) > 2.0 * w(&axis.bands[0]));
    }

    #[test]
    fn barometer_has_one_mark_per_point_and_marks_status() {
        let points = [
            point("2024-11", -2, "disputed", "Clash <b>&</b>"),
            point("2025-02-21", -1, "occurred", "Closure"),
            point("2025-03-22", 1, "reported", "Reopening"),
            point("2025-03-30", 2, "occurred", "Talks"),
            point("2025-08", 1, "planned", "Visit"),
            point("2025", 0, "occurred", "Returns"),
        ];
        let years = [(2024, 1), (2025, 5)];
        let b = barometer("b", "Barometer", &years, &points, Size::Full).unwrap();
        assert_eq!(b.svg.matches("class=\"pt ").count(), points.len());
        assert_eq!(b.svg.matches("class=\"pt planned").count(), 1);
        assert_eq!(b.svg.matches("class=\"pt disputed").count(), 1);
        assert!(b.svg.contains("<title id=\"b-t\">Barometer</title>"));
        assert!(b.svg.contains("<desc id=\"b-d\">Tone of 6 entries from 2024 to 2025"));
        // Text is escaped; nothing the content says can open a tag.
        assert!(b.svg.contains("Clash &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!b.svg.contains("<b>"));
        // The monthly line joins February and March 2025 (the only month
        // with two entries, March, averages +1.5).
        assert_eq!(b.svg.matches("<polyline").count(), 1);
        let march = b.rows.iter().find(|r| r.iso == "2025-03").unwrap();
        assert_eq!((march.count, march.average.as_str()), (2, "+1.5"));
        let undated = b.rows.iter().find(|r| r.iso == "2025").unwrap();
        assert_eq!(undated.label, "2025, month unknown");
        assert_eq!(b.rows.last().unwrap().iso, "2025");
        assert_eq!(b.count, 6);
        assert_eq!(b.average, "+0.2");
        assert_eq!(b.by_tone.iter().map(|t| t.count).collect::<Vec<_>>(), [1, 2, 1, 1, 1]);
        // Parses as XML.
        Html::parse_fragment(&b.svg);
        assert!(barometer("b", "Barometer", &years, &[], Size::Full).is_none());
    }

    #[test]
    fn overlapping_points_are_nudged_apart() {
        let points: Vec<TonePoint> = (0..5).map(|_| point("2025", 1, "occurred", "Same")).collect();
        let b = barometer("b", "B", &[(2025, 5)], &points, Size::Full).unwrap();
        let re = Html::parse_fragment(&b.svg);
        let mut spots: Vec<(String, String)> = re
            .select(&sel("circle.pt"))
            .map(|c| {
                let v = c.value();
                (v.attr("cx").unwrap().to_string(), v.attr("cy").unwrap().to_string())
            })
            .collect();
        spots.sort();
        spots.dedup();
        assert_eq!(spots.len(), 5, "every point has its own place: {spots:?}");
    }

    #[test]
    fn activity_strip_counts_months_and_spreads_year_only_dates() {
        let dates: Vec<PartialDate> = ["2024-11", "2025", "2025-02-21", "2025-03-22", "2025-03-30"]
            .iter()
            .map(|d| date(d))
            .collect();
        let a = activity("act", "Pakistan", &[(2024, 1), (2025, 4)], &dates).unwrap();
        // Three months with entries, one year with a year-only entry.
        assert_eq!(a.svg.matches("class=\"bar\"").count(), 3);
        assert_eq!(a.svg.matches("class=\"bar-spread\"").count(), 1);
        assert_eq!(a.count, 5);
        assert_eq!(
            a.years,
            vec![
                ActivityYear {
                    year: 2024,
                    count: 1,
                    months: "Nov 1".into(),
                    undated: 0
                },
                ActivityYear {
                    year: 2025,
                    count: 4,
                    months: "Feb 1 · Mar 2".into(),
                    undated: 1
                },
            ]
        );
        assert!(a.summary.contains("the busiest month was March 2025, with 2"));
        assert!(activity("act", "x", &[(2025, 1)], &[]).is_none());
    }

    #[test]
    fn map_keeps_the_biggest_actors_and_each_ones_strongest_ties() {
        let nodes: Vec<NodeIn> = (0..80)
            .map(|i| NodeIn {
                name: format!("Actor {i}"),
                url: format!("/actors/a{i}/"),
                kind: Some("state"),
                count: 100 - i,
            })
            .collect();
        let mut edges = Vec::new();
        for a in 0..MAP_MAX_NODES {
            for b in a + 1..MAP_MAX_NODES {
                edges.push((a, b, 1 + (a * 7 + b * 3) % 11));
            }
        }
        let net = network(&nodes[..MAP_MAX_NODES], &edges, 80);
        assert_eq!(net.shown, MAP_MAX_NODES);
        assert!(net.ties_shown < net.ties_total);
        assert!(net.ties_shown <= MAP_MAX_NODES * MAP_TIES_PER_NODE);
        assert!(net
            .nodes
            .iter()
            .all(|n| n.ties >= MAP_TIES_PER_NODE.min(MAP_MAX_NODES - 1)));
        assert!(net.summary.contains("with the most entries, of 80"));
    }
}
