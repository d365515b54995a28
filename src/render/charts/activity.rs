//! Activity strips: entries per month as bars on the time axis, with a
//! table of years as their fallback.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::content::date::{PartialDate, MONTHS};

use super::{AxisMarks, Head, TimeAxis, CHART_W, N};

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The strip's plot, left to right and top to bottom.
const LEFT: f64 = 10.0;
const RIGHT: f64 = CHART_W - 40.0;
const TOP: f64 = 10.0;
const PLOT_H: f64 = 60.0;
const BOTTOM: f64 = TOP + PLOT_H;
const HEIGHT: f64 = BOTTOM + 24.0;

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

/// What a strip counts: entries per month, and per year as `(entries,
/// entries known only to the year)`.
struct Counts {
    per_month: BTreeMap<(i32, u8), usize>,
    per_year: BTreeMap<i32, (usize, usize)>,
}

impl Counts {
    fn of(dates: &[PartialDate]) -> Counts {
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
        Counts { per_month, per_year }
    }

    /// Entries known only to the year are spread evenly over its months,
    /// drawn behind that year's bars in a lighter shade: the height of
    /// that spread, in entries per month.
    fn spread(&self, year: i32) -> f64 {
        self.per_year.get(&year).map_or(0.0, |y| y.1 as f64 / 12.0)
    }

    /// The most entries in one month.
    fn max_month(&self) -> usize {
        self.per_month.values().copied().max().unwrap_or(0)
    }

    /// Pixels per entry: the tallest bar or spread fills the plot.
    fn scale(&self) -> f64 {
        let mut max_v: f64 = 0.0;
        for &n in self.per_month.values() {
            max_v = max_v.max(n as f64);
        }
        for &y in self.per_year.keys() {
            max_v = max_v.max(self.spread(y));
        }
        PLOT_H / max_v.max(1.0)
    }
}

/// Draws the entries-per-month strip of `dates` (in time order) over an
/// axis of `years`; `None` when there are no dates.
pub fn activity(id: &str, subject: &str, years: &[(i32, usize)], dates: &[PartialDate]) -> Option<Activity> {
    if dates.is_empty() {
        return None;
    }
    let axis = TimeAxis::new(years, LEFT, RIGHT)?;
    let counts = Counts::of(dates);
    let scale = counts.scale();

    let title = format!("Entries per month: {subject}");
    let summary = activity_summary(dates.len(), &counts);
    let mut svg = String::with_capacity(2048 + counts.per_month.len() * 64);
    Head {
        class: "activity",
        height: HEIGHT,
        id,
        title: &title,
        desc: &summary,
    }
    .write(&mut svg);
    draw_max_tick(&mut svg, counts.max_month(), scale);
    draw_bars(&mut svg, &axis, &counts, scale);
    let _ = write!(
        svg,
        "<line class=\"baseline\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>",
        l = N(LEFT),
        r = N(RIGHT),
        y = N(BOTTOM)
    );
    let marks = AxisMarks {
        top: TOP,
        sep_top: BOTTOM - 5.0,
        bottom: BOTTOM + 5.0,
        label_y: BOTTOM + 17.0,
    };
    axis.draw(&mut svg, &marks);
    svg.push_str("</svg>");

    Some(Activity {
        id: id.to_string(),
        svg,
        title,
        summary,
        count: dates.len(),
        years: year_rows(&counts),
    })
}

/// A grid line at the busiest month's height, labelled with its count.
fn draw_max_tick(svg: &mut String, max_month: usize, scale: f64) {
    if max_month == 0 {
        return;
    }
    let gy = BOTTOM - max_month as f64 * scale;
    let _ = write!(
        svg,
        "<g class=\"grid\" aria-hidden=\"true\"><line class=\"row\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>\
         <text class=\"tick\" x=\"{lx}\" y=\"{ty}\">{max_month}</text></g>",
        l = N(LEFT),
        r = N(RIGHT),
        y = N(gy),
        lx = N(RIGHT + 6.0),
        ty = N(gy + 4.0),
    );
}

/// The spreads of year-only entries, then a bar per month with entries.
fn draw_bars(svg: &mut String, axis: &TimeAxis, counts: &Counts, scale: f64) {
    svg.push_str("<g class=\"bars\" aria-hidden=\"true\">");
    for (&year, &(_, undated)) in &counts.per_year {
        if undated == 0 {
            continue;
        }
        let Some(b) = axis.band(year) else { continue };
        let h = counts.spread(year) * scale;
        let _ = write!(
            svg,
            "<rect class=\"bar-spread\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            N(b.x0),
            N(BOTTOM - h),
            N((b.x1 - b.x0).max(0.5)),
            N(h)
        );
    }
    for (&(y, mo), &n) in &counts.per_month {
        let Some((x0, x1)) = axis.month(y, mo) else { continue };
        let w = x1 - x0;
        let pad = if w > 4.0 { w * 0.12 } else { 0.0 };
        let h = n as f64 * scale;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            N(x0 + pad),
            N(BOTTOM - h),
            N((w - 2.0 * pad).max(0.6)),
            N(h)
        );
    }
    svg.push_str("</g>");
}

/// The strip's table: a row per year, with its months.
fn year_rows(counts: &Counts) -> Vec<ActivityYear> {
    counts
        .per_year
        .iter()
        .map(|(&year, &(count, undated))| ActivityYear {
            year,
            count,
            months: counts
                .per_month
                .range((year, 1)..=(year, 12))
                .map(|(&(_, mo), n)| format!("{} {n}", MONTHS_SHORT[usize::from(mo) - 1]))
                .collect::<Vec<_>>()
                .join(" · "),
            undated,
        })
        .collect()
}

fn activity_summary(n: usize, counts: &Counts) -> String {
    let per_year = &counts.per_year;
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
    for (&k, &c) in &counts.per_month {
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

#[cfg(test)]
mod tests {
    use super::super::testing::date;
    use super::*;

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
}
