//! The relations barometer: each entry a mark placed by date and tone, with
//! the monthly average as a line and a table of months as its fallback.
//!
//! A day-precise entry is a mark (a dot, a ring when planned, a diamond when
//! disputed); an entry known only to its month or year is a bar across that
//! month or year, so no date is drawn more precise than it is. Every mark
//! links to its entry.
//!
//! Past [`MAX_MARKS`] entries, marks one by one would make a page of
//! megabytes and a cloud no one can read: the entries are then counted
//! per month (or per year, over a long span) and tone, each count drawn as
//! a circle whose area is the count ([`Grouping`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::content::date::{PartialDate, Precision};
use crate::html::escape as esc;

use super::{
    date_days, list_words, signed, text_width, tone_class, tone_words, AxisMarks, Head, Layout, Size, TimeAxis, Words,
    LAYOUTS, N,
};

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
    /// The entry's page.
    pub url: String,
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

/// The most entries drawn one mark each; past it they are grouped.
pub const MAX_MARKS: usize = 300;

/// How a barometer with more than [`MAX_MARKS`] entries counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    /// A circle per month and tone (entries known only to the year: a bar
    /// per year and tone).
    Month,
    /// A circle per year and tone, over spans of more than six years.
    Year,
}

/// The relations barometer: tone over time.
#[derive(Debug, Clone, Serialize)]
pub struct Barometer {
    /// How entries are counted into circles; none when each is a mark.
    pub grouped: Option<Grouping>,
    /// Prefix of the ids inside the SVG, unique on its page.
    pub id: String,
    /// The chart, drawn for wide and for narrow screens (two `<svg>`s).
    pub svg: String,
    pub title: String,
    /// What the chart shows, in words (also its SVG `<desc>`).
    pub summary: String,
    /// Entries with a tone.
    pub count: usize,
    pub average: String,
    /// Entries per tone, from +2 down to −2.
    pub by_tone: Vec<ToneCount>,
    /// Entries known only to their year: bars, but not in the monthly
    /// average line.
    pub year_only: usize,
    pub rows: Vec<ToneRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToneCount {
    pub tone: String,
    pub word: String,
    pub class: &'static str,
    pub count: usize,
}

/// The geometry of a barometer: one row per tone, +2 at the top.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    height: f64,
    row_h: f64,
    /// Radius of a mark.
    r: f64,
    /// Thickness of a bar (an entry known only to its month or year).
    bar_h: f64,
}

impl Frame {
    fn new(size: Size, layout: &Layout, w: &dyn Words) -> Frame {
        let (row_h, r) = match (size, layout.tone_words) {
            (Size::Full, true) => (38.0, 5.0),
            (Size::Compact, true) => (28.0, 4.0),
            (Size::Full, false) => (40.0, 5.5),
            (Size::Compact, false) => (32.0, 5.0),
        };
        // Tone labels sit on the right, beside the latest entries, in a
        // column as wide as the longest of them.
        let longest = (-2..=2)
            .map(|t: i8| text_width(&tone_label(t, layout, w), layout.font))
            .fold(0.0, f64::max);
        let top = 8.0;
        let bottom = top + row_h * 5.0;
        Frame {
            left: 4.0,
            right: layout.w - longest - 16.0,
            top,
            bottom,
            height: bottom + layout.font + 14.0,
            row_h,
            r,
            bar_h: 5.0,
        }
    }

    /// The y of a tone (or of an average tone).
    fn row_y(&self, tone: f64) -> f64 {
        self.top + (2.0 - tone) * self.row_h + self.row_h / 2.0
    }
}

/// A tone's label beside its row: "+2 cooperative", or "+2" when narrow.
fn tone_label(tone: i8, layout: &Layout, w: &dyn Words) -> String {
    let sign = w.digits(&signed(f64::from(tone), 0));
    if layout.tone_words {
        w.say("tone_label", None, &[("tone", &sign), ("word", &tone_words(tone, w))])
    } else {
        sign
    }
}

/// Draws the barometer for `points` (in time order) on an axis over the
/// years of their dates; `None` when there is no point.
pub fn barometer(id: &str, title: &str, points: &[TonePoint], size: Size, w: &dyn Words) -> Option<Barometer> {
    let dates: Vec<PartialDate> = points.iter().map(|p| p.date).collect();
    // For the summary only: each layout has its own axis, with the same cuts.
    let skipped = TimeAxis::over(&dates, 0.0, 1.0)?.skipped_words(w);
    let grouped = grouping(points);
    let mut summary = barometer_summary(points, &skipped, w);
    if let Some(g) = grouped {
        let key = match g {
            Grouping::Month => "chart_baro_grouped_month",
            Grouping::Year => "chart_baro_grouped_year",
        };
        let _ = write!(summary, " {}", w.say(key, None, &[]));
    }
    let mut svg = String::with_capacity(2 * (4096 + points.len() * 320));
    for layout in &LAYOUTS {
        draw(
            &mut svg,
            &Chart {
                id,
                title,
                summary: &summary,
                words: w,
            },
            &dates,
            points,
            size,
            layout,
            grouped,
        );
    }
    let total: i32 = points.iter().map(|p| i32::from(p.tone)).sum();
    Some(Barometer {
        grouped,
        id: id.to_string(),
        svg,
        title: title.to_string(),
        summary,
        count: points.len(),
        average: w.digits(&signed(f64::from(total) / points.len() as f64, 1)),
        by_tone: tone_counts(points, w),
        year_only: points.iter().filter(|p| p.date.month().is_none()).count(),
        rows: tone_rows(points, w),
    })
}

/// What names a chart: its id prefix, title and description.
struct Chart<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    words: &'a dyn Words,
}

/// One `<svg>` of the barometer, in one layout.
fn draw(
    svg: &mut String,
    c: &Chart,
    dates: &[PartialDate],
    points: &[TonePoint],
    size: Size,
    layout: &Layout,
    grouped: Option<Grouping>,
) {
    let w = c.words;
    let f = Frame::new(size, layout, w);
    let Some(axis) = TimeAxis::over(dates, f.left, f.right) else {
        return;
    };
    Head {
        class: "barometer",
        layout,
        height: f.height,
        id: c.id,
        title: c.title,
        desc: c.summary,
    }
    .write(svg);
    draw_grid(svg, &f, layout, w);
    let marks = AxisMarks {
        top: f.top,
        sep_top: f.top,
        bottom: f.bottom,
        label_y: f.bottom + layout.font + 6.0,
    };
    axis.draw(svg, &marks, layout.font, w);
    draw_average(svg, &monthly_runs(points, &axis, &f));
    match grouped {
        None => {
            draw_bars(svg, points, &axis, &f, w);
            draw_points(svg, points, &axis, &f, w);
        }
        Some(g) => draw_cells(svg, points, &axis, &f, g, w),
    }
    svg.push_str("</svg>");
}

/// How `points` are drawn: one mark each up to [`MAX_MARKS`], else counted
/// per month, or per year when they span more than six years.
fn grouping(points: &[TonePoint]) -> Option<Grouping> {
    if points.len() <= MAX_MARKS {
        return None;
    }
    let first = points.iter().map(|p| p.date.year()).min()?;
    let last = points.iter().map(|p| p.date.year()).max()?;
    Some(if last - first >= 6 {
        Grouping::Year
    } else {
        Grouping::Month
    })
}

/// The entries counted per month (or year) and tone, each count a circle
/// at its tone's height, its area the count; with months, the entries
/// known only to the year are a bar across it per tone, as thick as their
/// count allows. Every circle and bar says its count in words.
fn draw_cells(svg: &mut String, points: &[TonePoint], axis: &TimeAxis, f: &Frame, g: Grouping, w: &dyn Words) {
    // (year, month or 0, tone) → entries; month 0 for the whole year.
    let mut cells: BTreeMap<(i32, u8, i8), usize> = BTreeMap::new();
    for p in points {
        let month = match g {
            Grouping::Month => p.date.month().unwrap_or(0),
            Grouping::Year => 0,
        };
        *cells.entry((p.date.year(), month, p.tone.clamp(-2, 2))).or_default() += 1;
    }
    let most = cells.values().copied().max().unwrap_or(1).max(1) as f64;
    svg.push_str("<g class=\"cells\">");
    for (&(year, month, tone), &n) in &cells {
        let span = if month == 0 {
            axis.year(year)
        } else {
            axis.month(year, month)
        };
        let Some((x0, x1)) = span else { continue };
        let cls = tone_class(tone);
        let y = w.digits(&year.to_string());
        let when = match month {
            0 if g == Grouping::Month => w.say("chart_year_month_unknown", None, &[("year", &y)]),
            0 => y,
            m => w.month_year(year, m, false),
        };
        let name = w.say(
            "chart_cell",
            Some(n),
            &[
                ("when", &when),
                ("tone", &w.digits(&signed(f64::from(tone), 0))),
                ("word", &tone_words(tone, w)),
            ],
        );
        let y = f.row_y(f64::from(tone));
        // The table beside the chart carries the same counts for every
        // reader; the title is the pointer's tooltip.
        let _ = write!(svg, "<g><title>{name}</title>");
        if g == Grouping::Month && month == 0 {
            let h = (f.bar_h * (n as f64 / most).sqrt() * 2.0).clamp(2.0, f.row_h * 0.8);
            let _ = write!(
                svg,
                "<rect class=\"span t-{cls}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                N(x0),
                N(y - h / 2.0),
                N((x1 - x0).max(3.0)),
                N(h),
                N(h / 2.0),
            );
        } else {
            let r_max = (f.row_h * 0.48).min(((x1 - x0) / 2.0).max(f.r));
            let r = (r_max * (n as f64 / most).sqrt()).max(1.5);
            let _ = write!(
                svg,
                "<circle class=\"pt cell t-{cls}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                N((x0 + x1) / 2.0),
                N(y),
                N(r),
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</g>");
}

/// The background (the cooperative half tinted, the hostile half tinted)
/// and a labelled line per tone.
fn draw_grid(svg: &mut String, f: &Frame, layout: &Layout, w: &dyn Words) {
    let _ = write!(
        svg,
        "<rect class=\"zone-pos\" x=\"{l}\" y=\"{t}\" width=\"{w}\" height=\"{h}\"/>\
         <rect class=\"zone-neg\" x=\"{l}\" y=\"{n}\" width=\"{w}\" height=\"{h}\"/>",
        l = N(f.left),
        t = N(f.top),
        w = N(f.right - f.left),
        h = N(f.row_h * 2.0),
        n = N(f.top + f.row_h * 3.0),
    );
    svg.push_str("<g class=\"grid\" aria-hidden=\"true\">");
    for tone in (-2..=2).rev() {
        let y = f.row_y(f64::from(tone));
        let _ = write!(
            svg,
            "<line class=\"{cls}\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>\
             <text class=\"tone-label\" x=\"{lx}\" y=\"{ty}\">{label}</text>",
            cls = if tone == 0 { "zero" } else { "row" },
            l = N(f.left),
            r = N(f.right),
            y = N(y),
            lx = N(f.right + 8.0),
            ty = N(y + layout.font * 0.35),
            label = tone_label(tone as i8, layout, w),
        );
    }
    svg.push_str("</g>");
}

/// A month on the line of monthly averages.
struct MonthMark {
    x: f64,
    y: f64,
    /// Entries in the month.
    entries: usize,
}

/// The monthly average of entries dated at least to the month, as runs of
/// months: months up to two apart are joined; a longer silence breaks the
/// line.
fn monthly_runs(points: &[TonePoint], axis: &TimeAxis, f: &Frame) -> Vec<Vec<MonthMark>> {
    let mut months: BTreeMap<(i32, u8), (i32, usize)> = BTreeMap::new();
    for p in points {
        if let Some(mo) = p.date.month() {
            let e = months.entry((p.date.year(), mo)).or_default();
            e.0 += i32::from(p.tone);
            e.1 += 1;
        }
    }
    let mut runs: Vec<Vec<MonthMark>> = Vec::new();
    let mut prev: Option<i32> = None;
    for (&(y, mo), &(sum, n)) in &months {
        let Some((x0, x1)) = axis.month(y, mo) else { continue };
        let avg = f64::from(sum) / n as f64;
        let serial = y * 12 + i32::from(mo);
        if prev.is_none_or(|p| serial - p > 2) {
            runs.push(Vec::new());
        }
        prev = Some(serial);
        if let Some(run) = runs.last_mut() {
            run.push(MonthMark {
                x: (x0 + x1) / 2.0,
                y: f.row_y(avg),
                entries: n,
            });
        }
    }
    runs
}

/// The runs of monthly averages: a polyline each, or a short dash for a
/// lone month.
fn draw_average(svg: &mut String, runs: &[Vec<MonthMark>]) {
    svg.push_str("<g class=\"avg\" aria-hidden=\"true\">");
    for run in runs {
        if let [m] = run.as_slice() {
            // A lone month of one entry: its average is that entry's mark.
            if m.entries < 2 {
                continue;
            }
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
                N(m.x - 5.0),
                N(m.x + 5.0),
                y = N(m.y)
            );
        } else {
            svg.push_str("<polyline points=\"");
            for (k, m) in run.iter().enumerate() {
                if k > 0 {
                    svg.push(' ');
                }
                let _ = write!(svg, "{},{}", N(m.x), N(m.y));
            }
            svg.push_str("\"/>");
        }
    }
    svg.push_str("</g>");
}

/// Whether an entry is drawn as a mark (known to the day) rather than a
/// bar across its month or year.
fn is_mark(p: &TonePoint) -> bool {
    p.date.precision() == Precision::Day
}

/// The opening of a mark's link: to its entry, named in words, with the
/// same words as its tooltip.
fn open_link(svg: &mut String, p: &TonePoint, w: &dyn Words) {
    let name = esc(&point_name(p, w));
    let _ = write!(
        svg,
        "<a href=\"{}\" aria-label=\"{name}\"><title>{name}</title>",
        esc(&p.url)
    );
}

/// The entries known only to their month or year: a bar across that time
/// at the tone's height, in lanes around the row's middle so bars over the
/// same time stay apart while there is room.
fn draw_bars(svg: &mut String, points: &[TonePoint], axis: &TimeAxis, f: &Frame, w: &dyn Words) {
    let lane = f.bar_h + 2.0;
    let lanes = ((f.row_h / 2.0 - f.bar_h / 2.0 - 1.0) / lane).floor().max(0.0) as usize;
    // Per tone, the right end of the last bar in each lane.
    let mut ends: BTreeMap<i8, Vec<f64>> = BTreeMap::new();
    svg.push_str("<g class=\"bars\">");
    for p in points.iter().filter(|p| !is_mark(p)) {
        let Some((x0, x1)) = axis.span(&p.date) else { continue };
        // Never thinner than 3 units, centred on its time.
        let min_w = 3.0;
        let (x0, x1) = if x1 - x0 < min_w {
            let mid = (x0 + x1) / 2.0;
            (mid - min_w / 2.0, mid + min_w / 2.0)
        } else {
            (x0, x1)
        };
        let tone = p.tone.clamp(-2, 2);
        let used = ends
            .entry(tone)
            .or_insert_with(|| vec![f64::NEG_INFINITY; 2 * lanes + 1]);
        // Lanes nearest the middle first (0, below, above, ...); when all
        // are taken, the one that frees first.
        let k = (0..used.len()).find(|&k| used[k] + 0.5 <= x0).unwrap_or_else(|| {
            (0..used.len())
                .min_by(|&a, &b| used[a].total_cmp(&used[b]))
                .unwrap_or(0)
        });
        used[k] = used[k].max(x1);
        let step = (k.div_ceil(2)) as f64 * if k % 2 == 1 { 1.0 } else { -1.0 };
        let y = f.row_y(f64::from(tone)) + step * lane - f.bar_h / 2.0;
        let cls = tone_class(p.tone);
        open_link(svg, p, w);
        if p.status == "disputed" {
            // Pointed ends, as the disputed mark is a diamond.
            let h = f.bar_h / 2.0;
            let tip = h.min((x1 - x0) / 2.0);
            let _ = write!(
                svg,
                "<path class=\"span disputed t-{cls}\" d=\"M{} {}L{} {}L{} {}L{} {}L{} {}L{} {}z\"/>",
                N(x0),
                N(y + h),
                N(x0 + tip),
                N(y),
                N(x1 - tip),
                N(y),
                N(x1),
                N(y + h),
                N(x1 - tip),
                N(y + 2.0 * h),
                N(x0 + tip),
                N(y + 2.0 * h),
            );
        } else {
            let _ = write!(
                svg,
                "<rect class=\"span{planned} t-{cls}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                N(x0),
                N(y),
                N(x1 - x0),
                N(f.bar_h),
                N(f.bar_h / 2.0),
                planned = if p.status == "planned" { " planned" } else { "" },
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</g>");
}

/// The day-precise entries, each at its tone's height exactly and moved
/// sideways only as far as it takes to clear the others (see [`dodge`]).
fn draw_points(svg: &mut String, points: &[TonePoint], axis: &TimeAxis, f: &Frame, w: &dyn Words) {
    let marks: Vec<&TonePoint> = points.iter().filter(|p| is_mark(p)).collect();
    let ideal: Vec<Mark> = marks
        .iter()
        .map(|p| {
            let (lo, hi) = axis.year(p.date.year()).unwrap_or((f.left, f.right));
            Mark {
                x: axis.x(&p.date).unwrap_or(f.left),
                day: date_days(&p.date).0,
                tone: p.tone.clamp(-2, 2),
                lo: lo.max(f.left + f.r),
                hi: hi.min(f.right - f.r),
            }
        })
        .collect();
    let xs = dodge(&ideal, f);
    svg.push_str("<g class=\"points\">");
    for ((p, m), &x) in marks.iter().zip(&ideal).zip(&xs) {
        open_link(svg, p, w);
        draw_point(svg, p, x, f.row_y(f64::from(m.tone)), f.r);
        svg.push_str("</a>");
    }
    svg.push_str("</g>");
}

/// One point: a ring when planned, a diamond when disputed, a dot
/// otherwise.
fn draw_point(svg: &mut String, p: &TonePoint, x: f64, y: f64, r: f64) {
    let cls = tone_class(p.tone);
    match p.status {
        "planned" => {
            let _ = write!(
                svg,
                "<circle class=\"pt planned t-{cls}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                N(x),
                N(y),
                N(r - 0.5),
            );
        }
        "disputed" => {
            let d = r + 1.0;
            let _ = write!(
                svg,
                "<path class=\"pt disputed t-{cls}\" d=\"M{} {}l{d} {d}l-{d} {d}l-{d} -{d}z\"/>",
                N(x),
                N(y - d),
                d = N(d)
            );
        }
        _ => {
            let _ = write!(
                svg,
                "<circle class=\"pt t-{cls}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                N(x),
                N(y),
                N(r),
            );
        }
    }
}

/// "19 April 2025: Ishaq Dar visits Kabul, +2 cooperative", with the status
/// when not "occurred" and the precision when not to the day.
fn point_name(p: &TonePoint, w: &dyn Words) -> String {
    let tone = w.say(
        "tone_label",
        None,
        &[
            ("tone", &w.digits(&signed(f64::from(p.tone), 0))),
            ("word", &tone_words(p.tone, w)),
        ],
    );
    let mut s = w.say(
        "chart_point",
        None,
        &[("when", &p.when), ("title", p.title), ("tone", &tone)],
    );
    if p.status != "occurred" {
        let status = w.say(&format!("status_{}", p.status), None, &[]);
        s = w.say("chart_point_status", None, &[("point", &s), ("status", &status)]);
    }
    match p.date.precision() {
        Precision::Day => {}
        Precision::Month => s = w.say("chart_point_day_unknown", None, &[("point", &s)]),
        Precision::Year => s = w.say("chart_point_month_unknown", None, &[("point", &s)]),
    }
    s
}

/// Entries per tone, from +2 down to −2.
fn tone_counts(points: &[TonePoint], w: &dyn Words) -> Vec<ToneCount> {
    (-2..=2)
        .rev()
        .map(|t: i8| ToneCount {
            tone: w.digits(&signed(f64::from(t), 0)),
            word: tone_words(t, w),
            class: tone_class(t),
            count: points.iter().filter(|p| p.tone.clamp(-2, 2) == t).count(),
        })
        .collect()
}

fn barometer_summary(points: &[TonePoint], skipped: &str, w: &dyn Words) -> String {
    let year = |y: i32| w.digits(&y.to_string());
    let first = points.iter().map(|p| p.date.year()).min().unwrap_or_default();
    let last = points.iter().map(|p| p.date.year()).max().unwrap_or_default();
    let span = if first == last {
        year(first)
    } else {
        w.say("chart_years_run", None, &[("from", &year(first)), ("to", &year(last))])
    };
    let counts: Vec<String> = (-2..=2)
        .rev()
        .filter_map(|t: i8| {
            let n = points.iter().filter(|p| p.tone.clamp(-2, 2) == t).count();
            (n > 0).then(|| w.say("chart_n_word", Some(n), &[("word", &tone_words(t, w))]))
        })
        .collect();
    let total: i32 = points.iter().map(|p| i32::from(p.tone)).sum();
    let planned = points.iter().filter(|p| p.status == "planned").count();
    let spans = points.iter().filter(|p| !is_mark(p)).count();
    let year_only = points.iter().filter(|p| p.date.month().is_none()).count();
    let mut s = w.say("chart_baro_summary", Some(points.len()), &[("span", &span)]);
    if year_only > 0 {
        s.push(' ');
        s.push_str(&w.say("chart_baro_year_only", Some(year_only), &[]));
    }
    s.push(' ');
    s.push_str(&w.say(
        "chart_baro_counts",
        None,
        &[
            ("counts", &list_words(&counts, w)),
            ("average", &w.digits(&signed(f64::from(total) / points.len() as f64, 1))),
        ],
    ));
    if planned > 0 {
        s.push(' ');
        s.push_str(&w.say("chart_baro_planned", Some(planned), &[]));
    }
    if spans > 0 {
        s.push(' ');
        s.push_str(&w.say("chart_baro_spans", Some(spans), &[]));
    }
    s.push_str(skipped);
    s
}

fn tone_rows(points: &[TonePoint], w: &dyn Words) -> Vec<ToneRow> {
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
                w.say("chart_year_month_unknown", None, &[("year", &w.digits(&y.to_string()))])
            } else {
                w.month_year(y, mo, false)
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

/// A day-precise mark as [`dodge`] sees it: where its day is, which day,
/// its row, and how far it may go: within its year (never into another
/// year, nor across a break) and inside the plot.
#[derive(Debug, Clone, Copy)]
struct Mark {
    x: f64,
    day: i64,
    tone: i8,
    lo: f64,
    hi: f64,
}

/// A run of marks, consecutive in date order, that [`dodge`] places
/// together: at `t + offs[k]`.
struct Block {
    items: Vec<usize>,
    offs: Vec<f64>,
    t: f64,
    /// Spacing of the block's marks in each row (tones −2 to +2).
    gap: [f64; 5],
}

impl Block {
    fn x(&self, k: usize) -> f64 {
        self.t + self.offs[k]
    }
}

/// The x of each mark. Marks never leave their row (height is tone); they
/// move only sideways, and only where they would overlap another in their
/// row. A later date is never left of an earlier one, in any row. Marks that
/// overlap form blocks, laid out tightly in date order and centred on their
/// days (the least squares way, as in isotonic regression); a row of a
/// block spreads at most [`MAX_SPREAD`] mark widths beyond the span of its
/// days, so where more marks crowd one spot they overlap, each with its
/// outline, rather than move far from their day.
fn dodge(marks: &[Mark], f: &Frame) -> Vec<f64> {
    const MAX_DODGE: usize = 2000;
    if marks.len() > MAX_DODGE {
        return marks.iter().map(|m| m.x).collect();
    }
    let full_gap = 2.0 * f.r + 0.5;
    let max_spread = MAX_SPREAD * 2.0 * f.r;
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by(|&a, &b| marks[a].day.cmp(&marks[b].day).then(a.cmp(&b)));

    // The tight layout of a block's items, its spacing and its place.
    let layout = |items: Vec<usize>| -> Block {
        // Per row: marks, and the extent of their days.
        let mut per_row = [(0usize, f64::INFINITY, f64::NEG_INFINITY); 5];
        for &i in &items {
            let e = &mut per_row[row(marks[i].tone)];
            *e = (e.0 + 1, e.1.min(marks[i].x), e.2.max(marks[i].x));
        }
        let gap = per_row.map(|(k, a, b)| {
            if k > 1 {
                full_gap.min((b - a + max_spread) / (k - 1) as f64)
            } else {
                full_gap
            }
        });
        let x0 = marks[items[0]].x;
        let mut offs: Vec<f64> = Vec::with_capacity(items.len());
        let mut last_in_row = [f64::NEG_INFINITY; 5];
        // The rightmost offset of the earlier days, and of the current one.
        let (mut before, mut today, mut day) = (f64::NEG_INFINITY, f64::NEG_INFINITY, marks[items[0]].day);
        for &i in &items {
            let m = marks[i];
            if m.day != day {
                before = before.max(today);
                day = m.day;
            }
            let r = row(m.tone);
            let o = (m.x - x0).max(before).max(last_in_row[r] + gap[r]);
            last_in_row[r] = o;
            today = today.max(o);
            offs.push(o);
        }
        // Where the block may go: every mark within its bounds. Where it
        // cannot, it is squeezed (its marks overlap) until it fits.
        let fit = |offs: &[f64]| {
            items
                .iter()
                .zip(offs)
                .fold((f64::NEG_INFINITY, f64::INFINITY), |(a, b), (&i, o)| {
                    (a.max(marks[i].lo - o), b.min(marks[i].hi - o))
                })
        };
        let (mut t_lo, mut t_hi) = fit(&offs);
        if t_lo > t_hi {
            let width = offs.iter().copied().fold(0.0, f64::max);
            let room = items.iter().map(|&i| marks[i].hi).fold(f64::INFINITY, f64::min)
                - items.iter().map(|&i| marks[i].lo).fold(f64::NEG_INFINITY, f64::max);
            let k = (room.max(0.0) / width.max(1e-9)).min(1.0);
            offs.iter_mut().for_each(|o| *o *= k);
            (t_lo, t_hi) = fit(&offs);
        }
        let mean = items.iter().zip(&offs).map(|(&i, o)| marks[i].x - o).sum::<f64>() / items.len() as f64;
        let t = mean.min(t_hi).max(t_lo);
        Block { items, offs, t, gap }
    };
    // Whether `b`, later in date order, breaks a rule against `a`.
    let conflict = |a: &Block, b: &Block| {
        b.items.iter().enumerate().any(|(kb, &ib)| {
            let (mb, xb) = (marks[ib], b.x(kb));
            a.items.iter().enumerate().any(|(ka, &ia)| {
                let (ma, xa) = (marks[ia], a.x(ka));
                let r = row(ma.tone);
                (ma.day < mb.day && xa > xb + 1e-6) || (ma.tone == mb.tone && xb - xa < a.gap[r].min(b.gap[r]) - 1e-6)
            })
        })
    };

    let mut stack: Vec<Block> = Vec::new();
    for &i in &order {
        stack.push(layout(vec![i]));
        // Merge the newest block with every earlier one it collides with
        // (looking back only while blocks can still reach it).
        loop {
            let top = stack.len() - 1;
            let top_min = stack[top].t;
            let mut hit = None;
            for k in (0..top).rev() {
                let b = &stack[k];
                let b_max = b.t + b.offs.iter().copied().fold(0.0, f64::max);
                if conflict(b, &stack[top]) {
                    hit = Some(k);
                }
                if b_max + full_gap < top_min - max_spread {
                    break;
                }
            }
            let Some(k) = hit else { break };
            let merged: Vec<usize> = stack.drain(k..).flat_map(|b| b.items).collect();
            stack.push(layout(merged));
        }
    }
    let mut out = vec![0.0; marks.len()];
    for b in &stack {
        for (k, &i) in b.items.iter().enumerate() {
            out[i] = b.x(k);
        }
    }
    out
}

/// At most this many mark widths of sideways spread in one row of a block,
/// beyond the span of its days.
const MAX_SPREAD: f64 = 6.0;

/// The index of a tone's row, 0 for −2 to 4 for +2.
fn row(tone: i8) -> usize {
    (tone.clamp(-2, 2) + 2) as usize
}

#[cfg(test)]
mod tests {
    use super::super::testing::{date, point, sel};
    use super::*;
    #[allow(unused_imports)]
    use crate::render::charts::testing::en;
    use scraper::Html;

    fn sample() -> Vec<TonePoint<'static>> {
        vec![
            point("2024-11", -2, "disputed", "Clash <b>&</b>"),
            point("2025-02-21", -1, "occurred", "Closure"),
            point("2025-03-22", 1, "reported", "Reopening"),
            point("2025-03-30", 2, "occurred", "Talks"),
            point("2025-08", 1, "planned", "Visit"),
            point("2025", 0, "occurred", "Returns"),
            point("2025-06-01", -2, "disputed", "Shelling"),
        ]
    }

    /// The two `<svg>`s of a chart, wide and narrow.
    fn layouts(svg: &str) -> Vec<Html> {
        let doc = Html::parse_fragment(svg);
        let out: Vec<Html> = doc
            .select(&sel("svg.chart"))
            .map(|s| Html::parse_fragment(&s.html()))
            .collect();
        assert_eq!(out.len(), 2);
        out
    }

    #[test]
    fn many_entries_are_counted_into_circles_whose_area_is_the_count() {
        // 400 entries over two years, all in March or May, and 40 known
        // only to the year: per month.
        let mut points = Vec::new();
        for k in 0..400 {
            let d = if k % 2 == 0 { "2024-03-10" } else { "2025-05-02" };
            points.push(point(d, if k % 4 < 2 { 2 } else { -1 }, "occurred", "E"));
        }
        for _ in 0..40 {
            points.push(point("2025", 0, "occurred", "Y"));
        }
        let b = barometer("b", "B", &points, Size::Full, en()).unwrap();
        assert_eq!(b.grouped, Some(Grouping::Month));
        assert!(b.summary.contains("each circle stands for the entries of one month"));
        for doc in layouts(&b.svg) {
            let cells: Vec<_> = doc.select(&sel(".cells circle")).collect();
            // March 2024 and May 2025, each at +2 and at −1.
            assert_eq!(cells.len(), 4, "one circle per month and tone");
            assert!(doc.select(&sel(".pt:not(.cell)")).next().is_none(), "no single marks");
            assert_eq!(doc.select(&sel(".cells rect.span")).count(), 1, "2025, month unknown");
            let titles: Vec<String> = doc.select(&sel(".cells title")).map(|t| t.text().collect()).collect();
            assert!(
                titles.contains(&"March 2024: 100 entries with tone +2 cooperative".to_string()),
                "{titles:?}"
            );
            assert!(
                titles.contains(&"2025, month unknown: 40 entries with tone 0 neutral".to_string()),
                "{titles:?}"
            );
        }
        // The counts are true: every entry is in one circle or bar.
        let total: usize = Html::parse_fragment(&b.svg)
            .select(&sel("svg.chart-wide .cells title"))
            .map(|t| {
                t.text()
                    .collect::<String>()
                    .split(": ")
                    .nth(1)
                    .unwrap()
                    .split(' ')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(total, points.len());
        // Under the limit, marks as before; over a long span, per year.
        assert_eq!(
            barometer("b", "B", &points[..MAX_MARKS], Size::Full, en())
                .unwrap()
                .grouped,
            None
        );
        let mut long: Vec<_> = (0..400)
            .map(|k| point(if k % 2 == 0 { "2010-01-01" } else { "2020-01-01" }, 1, "occurred", "E"))
            .collect();
        long.push(point("2015-06", -2, "occurred", "F"));
        assert_eq!(
            barometer("b", "B", &long, Size::Full, en()).unwrap().grouped,
            Some(Grouping::Year)
        );
        // Far smaller than a mark per entry.
        assert!(b.svg.len() < 40_000, "{} bytes", b.svg.len());
    }

    #[test]
    fn barometer_draws_marks_for_days_and_bars_for_months_and_years() {
        let points = sample();
        let b = barometer("b", "Barometer", &points, Size::Full, en()).unwrap();
        for doc in layouts(&b.svg) {
            let count = |s: &str| doc.select(&sel(s)).count();
            // Four entries known to the day, three to the month or year.
            assert_eq!(count(".pt"), 4);
            assert_eq!(count(".span"), 3);
            assert_eq!(count(".pt.disputed"), 1);
            assert_eq!(count(".span.disputed"), 1);
            assert_eq!(count(".span.planned"), 1);
            assert_eq!(count("title"), 1 + points.len());
        }
        assert!(b.svg.contains("<title id=\"b-t\">Barometer</title>"));
        assert!(b.svg.contains("<title id=\"b-n-t\">Barometer</title>"));
        assert!(b.svg.contains("<desc id=\"b-d\">Tone of 7 entries from 2024 to 2025"));
        assert!(b.summary.contains("3 entries are known only to their month or year"));
        // The line leaves out the entry known only to 2025, and says so.
        assert_eq!(b.year_only, 1);
        assert!(b
            .summary
            .contains("monthly average of the entries dated to the day or month."));
        assert!(b
            .summary
            .contains("One entry known only to its year is not in the average."));
        // Text is escaped; nothing the content says can open a tag.
        assert!(b.svg.contains("Clash &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!b.svg.contains("<b>"));
        // The monthly line joins February and March 2025 (the only month
        // with two entries, March, averages +1.5), and June and August;
        // November 2024 is too far off. In each layout.
        assert_eq!(b.svg.matches("<polyline").count(), 4);
        let march = b.rows.iter().find(|r| r.iso == "2025-03").unwrap();
        assert_eq!((march.count, march.average.as_str()), (2, "+1.5"));
        let undated = b.rows.iter().find(|r| r.iso == "2025").unwrap();
        assert_eq!(undated.label, "2025, month unknown");
        assert_eq!(b.rows.last().unwrap().iso, "2025");
        assert_eq!(b.count, 7);
        assert_eq!(b.average, "\u{2212}0.1");
        assert_eq!(b.by_tone.iter().map(|t| t.count).collect::<Vec<_>>(), [1, 2, 1, 1, 2]);
        assert!(barometer("b", "Barometer", &[], Size::Full, en()).is_none());
    }

    #[test]
    fn a_month_precise_entry_is_a_bar_across_its_month() {
        let points = [
            point("2025-01-10", 1, "occurred", "A"),
            point("2025-08", 1, "occurred", "B"),
        ];
        for layout in &LAYOUTS {
            let f = Frame::new(Size::Full, layout, en());
            let axis = TimeAxis::over(&[points[0].date, points[1].date], f.left, f.right).unwrap();
            let (m0, m1) = axis.month(2025, 8).unwrap();
            let mut svg = String::new();
            draw_bars(&mut svg, &points, &axis, &f, en());
            let doc = Html::parse_fragment(&svg);
            let bars: Vec<_> = doc.select(&sel("rect.span")).collect();
            assert_eq!(bars.len(), 1, "only the month-precise entry is a bar");
            let attr = |k: &str| bars[0].value().attr(k).unwrap().parse::<f64>().unwrap();
            assert!((attr("x") - m0).abs() <= 0.05 && (attr("x") + attr("width") - m1).abs() <= 0.1);
            // At its tone's height.
            let y = attr("y") + attr("height") / 2.0;
            assert!((y - f.row_y(1.0)).abs() <= 0.1);
        }
    }

    #[test]
    fn every_mark_is_a_named_link_to_its_entry() {
        let mut points = sample();
        points.push(point("2025-04-19", 2, "occurred", "Ishaq Dar visits Kabul"));
        points[7].when = "19 April 2025".into();
        let b = barometer("b", "B", &points, Size::Compact, en()).unwrap();
        for doc in layouts(&b.svg) {
            let marks: Vec<_> = doc.select(&sel(".pt, .span")).collect();
            assert_eq!(marks.len(), points.len());
            for m in marks {
                let a = m.parent().and_then(scraper::ElementRef::wrap).unwrap();
                assert_eq!(a.value().name(), "a");
                let href = a.value().attr("href").unwrap();
                assert!(href.starts_with("/entries/"), "{href}");
                assert!(a.value().attr("aria-label").is_some_and(|l| !l.is_empty()));
                assert_eq!(a.select(&sel("title")).count(), 1);
            }
            let named: Vec<&str> = doc
                .select(&sel("a[href='/entries/2025-04-19/']"))
                .filter_map(|a| a.value().attr("aria-label"))
                .collect();
            assert_eq!(named, ["19 April 2025: Ishaq Dar visits Kabul, +2 cooperative"]);
        }
        assert!(b
            .svg
            .contains("aria-label=\"2025-08: Visit, +1 positive, planned (day not known)\""));
    }

    /// Every circle mark of one layout: (date from its link, tone, cx, cy).
    fn circles(doc: &Html) -> Vec<(String, i8, f64, f64)> {
        doc.select(&sel("a circle.pt"))
            .map(|c| {
                let a = c.parent().and_then(scraper::ElementRef::wrap).unwrap();
                let href = a.value().attr("href").unwrap();
                let date = href.trim_start_matches("/entries/").trim_end_matches('/').to_string();
                let cls = c.value().attr("class").unwrap();
                let tone = match cls.rsplit("t-").next().unwrap() {
                    "m2" => -2,
                    "m1" => -1,
                    "0" => 0,
                    "p1" => 1,
                    _ => 2,
                };
                let v = c.value();
                (
                    date,
                    tone,
                    v.attr("cx").unwrap().parse().unwrap(),
                    v.attr("cy").unwrap().parse().unwrap(),
                )
            })
            .collect()
    }

    /// A crowded spring: one day with five +1 entries, neighbours in other
    /// rows, and entries a few weeks apart.
    fn crowded() -> Vec<TonePoint<'static>> {
        let mut points: Vec<TonePoint> = (0..5).map(|_| point("2025-04-19", 1, "occurred", "Same")).collect();
        for (d, t) in [
            ("2025-04-18", 2),
            ("2025-04-19", 2),
            ("2025-04-20", 1),
            ("2025-04-21", 2),
            ("2025-04-22", 1),
            ("2025-05-21", 1),
            ("2025-05-21", 2),
            ("2025-05-22", 0),
            ("2024-02-10", -1),
            ("2025-10-10", -2),
        ] {
            points.push(point(d, t, "occurred", "Other"));
        }
        points
    }

    #[test]
    fn marks_stay_at_their_tone_and_in_date_order() {
        let points = crowded();
        for size in [Size::Full, Size::Compact] {
            let b = barometer("b", "B", &points, size, en()).unwrap();
            for (doc, layout) in layouts(&b.svg).iter().zip(&LAYOUTS) {
                let f = Frame::new(size, layout, en());
                let mut marks = circles(doc);
                assert_eq!(marks.len(), points.len());
                for (date, tone, _, cy) in &marks {
                    let y = f.row_y(f64::from(*tone));
                    assert!((cy - y).abs() <= 0.05, "{date} {tone:+}: cy {cy}, its tone is at {y}");
                }
                // A later date is never left of an earlier one, in any row.
                marks.sort_by(|a, b| a.0.cmp(&b.0));
                for (i, a) in marks.iter().enumerate() {
                    for b in marks[i + 1..].iter().filter(|b| b.0 > a.0) {
                        assert!(b.2 >= a.2 - 0.05, "{b:?} drawn left of {a:?} at {}", layout.w);
                    }
                }
                // Marks in one row do not overlap, as there is room here.
                for (i, a) in marks.iter().enumerate() {
                    for b in &marks[i + 1..] {
                        if a.1 == b.1 {
                            assert!(
                                (a.2 - b.2).abs() >= 2.0 * f.r - 0.1,
                                "{a:?} overlaps {b:?} at {}",
                                layout.w
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn marks_move_sideways_by_the_least_needed() {
        let points = crowded();
        let b = barometer("b", "B", &points, Size::Full, en()).unwrap();
        for (doc, layout) in layouts(&b.svg).iter().zip(&LAYOUTS) {
            let f = Frame::new(Size::Full, layout, en());
            let dates: Vec<PartialDate> = points.iter().map(|p| p.date).collect();
            let axis = TimeAxis::over(&dates, f.left, f.right).unwrap();
            let marks = circles(doc);
            // A lone mark far from the others stays on its day.
            for lone in ["2024-02-10", "2025-10-10"] {
                let m = marks.iter().find(|m| m.0 == lone).unwrap();
                assert!((m.2 - axis.x(&date(lone)).unwrap()).abs() <= 0.05, "{m:?}");
            }
            // Five marks of one day and row: centred on it, one gap apart.
            let mut same: Vec<f64> = marks
                .iter()
                .filter(|m| m.0 == "2025-04-19" && m.1 == 1)
                .map(|m| m.2)
                .collect();
            same.sort_by(f64::total_cmp);
            assert_eq!(same.len(), 5);
            let spread = same[4] - same[0];
            assert!(spread <= 4.0 * (2.0 * f.r + 0.5) + 0.2, "{same:?}");
        }
        // Marks crowding the first days of a year (here after a break) stay in it.
        let mut after: Vec<TonePoint> = (0..8).map(|_| point("2025-01-02", 2, "occurred", "Early")).collect();
        after.push(point("2018-06-01", 2, "occurred", "Before"));
        let b = barometer("b", "B", &after, Size::Full, en()).unwrap();
        for (doc, layout) in layouts(&b.svg).iter().zip(&LAYOUTS) {
            let f = Frame::new(Size::Full, layout, en());
            let dates: Vec<PartialDate> = after.iter().map(|p| p.date).collect();
            let axis = TimeAxis::over(&dates, f.left, f.right).unwrap();
            let start = axis.year(2025).unwrap().0;
            for m in circles(doc).iter().filter(|m| m.0 == "2025-01-02") {
                assert!(m.2 >= start - 0.05, "{m:?} left of 2025 ({start}) at {}", layout.w);
            }
        }
        // Without a break too: a crowd in early 2025 does not spill into 2024.
        let mut spring: Vec<TonePoint> = (0..6).map(|_| point("2025-01-20", 2, "occurred", "Early")).collect();
        spring.push(point("2021-06-01", 1, "occurred", "Before"));
        let b = barometer("b", "B", &spring, Size::Full, en()).unwrap();
        for (doc, layout) in layouts(&b.svg).iter().zip(&LAYOUTS) {
            let f = Frame::new(Size::Full, layout, en());
            let dates: Vec<PartialDate> = spring.iter().map(|p| p.date).collect();
            let axis = TimeAxis::over(&dates, f.left, f.right).unwrap();
            let start = axis.year(2025).unwrap().0;
            for m in circles(doc).iter().filter(|m| m.0 == "2025-01-20") {
                assert!(m.2 >= start - 0.05, "{m:?} left of 2025 ({start}) at {}", layout.w);
            }
        }
        // Far more marks than fit on one day overlap rather than stray.
        let many: Vec<TonePoint> = (0..40).map(|_| point("2025-06-15", 1, "occurred", "Same")).collect();
        let b = barometer("b", "B", &many, Size::Full, en()).unwrap();
        for (doc, layout) in layouts(&b.svg).iter().zip(&LAYOUTS) {
            let f = Frame::new(Size::Full, layout, en());
            let xs: Vec<f64> = circles(doc).iter().map(|m| m.2).collect();
            let spread = xs.iter().copied().fold(f64::MIN, f64::max) - xs.iter().copied().fold(f64::MAX, f64::min);
            assert!(spread <= MAX_SPREAD * 2.0 * f.r + 0.2, "{spread}");
        }
    }

    #[test]
    fn tone_labels_fit_beside_the_plot() {
        for layout in &LAYOUTS {
            let f = Frame::new(Size::Full, layout, en());
            for t in -2..=2 {
                let end = f.right + 8.0 + text_width(&tone_label(t, layout, en()), layout.font);
                assert!(end <= layout.w, "{t} at {}", layout.w);
            }
        }
    }
}
