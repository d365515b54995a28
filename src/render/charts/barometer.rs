//! The relations barometer: each entry a mark placed by date and tone, with
//! the monthly average as a line and a table of months as its fallback.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::content::date::{PartialDate, MONTHS};
use crate::html::escape as esc;

use super::{join_words, signed, tone_class, tone_word, AxisMarks, Head, Size, TimeAxis, CHART_W, N};

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
}

impl Frame {
    fn new(size: Size) -> Frame {
        let (row_h, r) = match size {
            Size::Full => (38.0, 5.0),
            Size::Compact => (27.0, 4.0),
        };
        // Tone labels sit on the right, beside the latest entries: on a phone
        // the chart scrolls and opens at its right end.
        let top = 8.0;
        let plot_h = row_h * 5.0;
        let bottom = top + plot_h;
        Frame {
            left: 10.0,
            right: CHART_W - 104.0,
            top,
            bottom,
            height: bottom + 26.0,
            row_h,
            r,
        }
    }

    /// The y of a tone (or of an average tone).
    fn row_y(&self, tone: f64) -> f64 {
        self.top + (2.0 - tone) * self.row_h + self.row_h / 2.0
    }
}

/// Draws the barometer for `points` (in time order) on an axis over
/// `years`; `None` when no point has a tone to show.
pub fn barometer(id: &str, title: &str, years: &[(i32, usize)], points: &[TonePoint], size: Size) -> Option<Barometer> {
    if points.is_empty() {
        return None;
    }
    let f = Frame::new(size);
    let axis = TimeAxis::new(years, f.left, f.right)?;

    let mut svg = String::with_capacity(4096 + points.len() * 160);
    let summary = barometer_summary(points);
    Head {
        class: "barometer",
        height: f.height,
        id,
        title,
        desc: &summary,
    }
    .write(&mut svg);
    draw_grid(&mut svg, &f);
    let marks = AxisMarks {
        top: f.top,
        sep_top: f.top,
        bottom: f.bottom,
        label_y: f.bottom + 18.0,
    };
    axis.draw(&mut svg, &marks);
    draw_average(&mut svg, &monthly_runs(points, &axis, &f));
    draw_points(&mut svg, points, &axis, &f);
    svg.push_str("</svg>");

    let total: i32 = points.iter().map(|p| i32::from(p.tone)).sum();
    Some(Barometer {
        id: id.to_string(),
        svg,
        title: title.to_string(),
        summary,
        count: points.len(),
        average: signed(f64::from(total) / points.len() as f64, 1),
        by_tone: tone_counts(points),
        rows: tone_rows(points),
    })
}

/// The background (the cooperative half tinted, the hostile half tinted)
/// and a labelled line per tone.
fn draw_grid(svg: &mut String, f: &Frame) {
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
             <text class=\"tone-label\" x=\"{lx}\" y=\"{ty}\">{sign} {word}</text>",
            cls = if tone == 0 { "zero" } else { "row" },
            l = N(f.left),
            r = N(f.right),
            y = N(y),
            lx = N(f.right + 10.0),
            ty = N(y + 4.0),
            sign = signed(f64::from(tone), 0),
            word = tone_word(tone as i8),
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

/// The points, nudged apart where they would overlap.
fn draw_points(svg: &mut String, points: &[TonePoint], axis: &TimeAxis, f: &Frame) {
    let ideal: Vec<(f64, f64)> = points
        .iter()
        .map(|p| {
            let x = axis.x(&p.date).unwrap_or(f.left);
            (x, f.row_y(f64::from(p.tone.clamp(-2, 2))))
        })
        .collect();
    let placed = dodge(&ideal, f);
    svg.push_str("<g class=\"points\">");
    for (p, &(x, y)) in points.iter().zip(&placed) {
        draw_point(svg, p, x, y, f.r);
    }
    svg.push_str("</g>");
}

/// One point with its tooltip: a ring when planned, a diamond when
/// disputed, a dot otherwise.
fn draw_point(svg: &mut String, p: &TonePoint, x: f64, y: f64, r: f64) {
    let cls = tone_class(p.tone);
    let tip = point_tip(p);
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

/// "22 March 2025: Reopening (tone +1, positive, reported)".
fn point_tip(p: &TonePoint) -> String {
    format!(
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
    )
}

/// Entries per tone, from +2 down to −2.
fn tone_counts(points: &[TonePoint]) -> Vec<ToneCount> {
    (-2..=2)
        .rev()
        .map(|t: i8| ToneCount {
            tone: signed(f64::from(t), 0),
            word: tone_word(t),
            class: tone_class(t),
            count: points.iter().filter(|p| p.tone.clamp(-2, 2) == t).count(),
        })
        .collect()
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
fn dodge(ideal: &[(f64, f64)], f: &Frame) -> Vec<(f64, f64)> {
    const MAX_DODGE: usize = 3000;
    if ideal.len() > MAX_DODGE {
        return ideal.to_vec();
    }
    let r = f.r;
    let dx = 2.0 * r + 1.0;
    let offsets = nudges(r, f.row_h);
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
            let (x, y) = ((ix + ox).clamp(f.left + r, f.right - r), iy + oy);
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

/// The nudges [`dodge`] tries for marks of radius `r` in rows `row_h`
/// high, nearest first; ties: up before down, then left before right.
fn nudges(r: f64, row_h: f64) -> Vec<(f64, f64)> {
    let dx = 2.0 * r + 1.0;
    let dy = (2.0 * r + 1.0).min(row_h / 2.0 - r);
    let mut offsets: Vec<(f64, f64)> = Vec::new();
    for i in -4i32..=4 {
        for j in -1i32..=1 {
            offsets.push((f64::from(i) * dx, f64::from(j) * dy));
        }
    }
    offsets.sort_by(|a, b| {
        let da = a.0 * a.0 + a.1 * a.1 * 1.5;
        let db = b.0 * b.0 + b.1 * b.1 * 1.5;
        da.total_cmp(&db).then(a.1.total_cmp(&b.1)).then(a.0.total_cmp(&b.0))
    });
    offsets
}

#[cfg(test)]
mod tests {
    use super::super::testing::{point, sel};
    use super::*;
    use scraper::Html;

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
}
