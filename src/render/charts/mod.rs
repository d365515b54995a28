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
//! The time axis gives each year with entries a band whose width grows with
//! the year's entries (with a floor), and leaves a small break between years
//! that are not consecutive: a chronicle about one year, with background
//! reaching back a decade, then spends its width where its entries are,
//! while a chronicle spread evenly over many years gets an even axis.

use std::fmt::{self, Write as _};

use crate::content::date::{days_in_month, PartialDate};

use crate::html::escape as esc;

mod activity;
mod barometer;
mod network;

pub use activity::{activity, Activity, ActivityYear};
pub use barometer::{barometer, Barometer, ToneCount, TonePoint, ToneRow};
pub use network::{
    network, MapNode, MapTie, Network, NodeIn, TieIn, MAP_H, MAP_MAX_NODES, MAP_MIN_SHARED, MAP_TIES_PER_NODE, MAP_W,
};

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
fn tone_class(tone: i8) -> &'static str {
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

/// Width of the barometer and the activity strips.
const CHART_W: f64 = 720.0;

/// The opening of a chart on the time axis: its `<svg>` element, labelled
/// by its `<title>` and described by its `<desc>`.
struct Head<'a> {
    /// The chart's class beside `chart`: `barometer`, `activity`.
    class: &'a str,
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
            "<svg class=\"chart {class}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
             xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
            class = self.class,
            w = N(CHART_W),
            h = N(self.height),
            id = esc(self.id),
            title = esc(self.title),
            desc = esc(self.desc),
        );
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

/// Where a chart wants the marks of its time axis (all y coordinates).
struct AxisMarks {
    /// The plot's top: cuts between distant years start here.
    top: f64,
    /// Where year separators start: the plot's top for full lines, just
    /// above the bottom for ticks.
    sep_top: f64,
    /// The plot's bottom, where cuts and separators end.
    bottom: f64,
    /// The baseline of the year labels.
    label_y: f64,
}

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

    /// Draws the axis: cuts between distant years, year separators and
    /// year labels, where `marks` says.
    fn draw(&self, out: &mut String, marks: &AxisMarks) {
        out.push_str("<g class=\"axis\" aria-hidden=\"true\">");
        self.draw_cuts(out, marks);
        self.draw_separators(out, marks);
        self.draw_labels(out, marks.label_y);
        out.push_str("</g>");
    }

    /// Years apart: the plot is cut, and the cut marked at both edges.
    fn draw_cuts(&self, out: &mut String, marks: &AxisMarks) {
        for b in self.bands.iter().filter(|b| b.after_gap) {
            let g0 = b.x0 - YEAR_GAP + 2.0;
            let _ = write!(
                out,
                "<rect class=\"gap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                N(g0),
                N(marks.top - 1.0),
                N(YEAR_GAP - 4.0),
                N(marks.bottom - marks.top + 2.0)
            );
        }
    }

    /// A line between consecutive years.
    fn draw_separators(&self, out: &mut String, marks: &AxisMarks) {
        for (k, b) in self.bands.iter().enumerate() {
            if k > 0 && !b.after_gap {
                let _ = write!(
                    out,
                    "<line class=\"sep\" x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\"/>",
                    x = N(b.x0),
                    t = N(marks.sep_top),
                    b = N(marks.bottom)
                );
            }
        }
    }

    /// Year labels left to right, each where it fits beside the previous
    /// one; the last year always gets its label, displacing a neighbour.
    fn draw_labels(&self, out: &mut String, label_y: f64) {
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
    }
}

/// "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Helpers shared by the charts' unit tests.
#[cfg(test)]
mod testing {
    use super::{PartialDate, TonePoint};
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::date;
    use super::*;

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
}
