//! Activity strips: entries per month as bars on the time axis, with a
//! table of years as their fallback.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::content::date::PartialDate;

use super::{AxisMarks, Head, Layout, TimeAxis, Words, LAYOUTS, N};

/// The strip's plot, top to bottom; left and right come from the layout.
const LEFT: f64 = 4.0;
const TOP: f64 = 10.0;
const PLOT_H: f64 = 60.0;

/// The strip's rows, top to bottom: the lane of year-only bands (when
/// there are any), then the bars.
#[derive(Debug, Clone, Copy)]
struct Rows {
    /// The lane of the bands, `(top, height)`.
    lane: Option<(f64, f64)>,
    /// The bars' baseline.
    bottom: f64,
}

impl Rows {
    fn new(counts: &Counts, layout: &Layout) -> Rows {
        let undated = counts.per_year.values().any(|y| y.1 > 0);
        let lane = undated.then_some((4.0, layout.font + 8.0));
        let top = lane.map_or(TOP, |(t, h)| t + h + 6.0);
        Rows {
            lane,
            bottom: top + PLOT_H,
        }
    }
}

/// The right end of the plot: room for the busiest month's count.
fn right(layout: &Layout) -> f64 {
    layout.w - super::text_width("000", layout.font) - 10.0
}

/// Entries per month, as a strip of bars.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub id: String,
    /// The strip, drawn for wide and for narrow screens (two `<svg>`s).
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

    /// The most entries in one month.
    fn max_month(&self) -> usize {
        self.per_month.values().copied().max().unwrap_or(0)
    }

    /// Pixels per entry: the busiest month fills the plot. Entries known
    /// only to their year are in no month, so they do not count here.
    fn scale(&self) -> f64 {
        PLOT_H / self.max_month().max(1) as f64
    }
}

/// Draws the entries-per-month strip of `dates` (in time order) over an
/// axis of their years; `None` when there are no dates.
pub fn activity(id: &str, subject: &str, dates: &[PartialDate], w: &dyn Words) -> Option<Activity> {
    let skipped = TimeAxis::over(dates, 0.0, 1.0)?.skipped_words(w);
    let counts = Counts::of(dates);
    let scale = counts.scale();

    let title = w.say("chart_activity_title", None, &[("subject", subject)]);
    let summary = activity_summary(dates.len(), &counts, w) + &skipped;
    let mut svg = String::with_capacity(2 * (2048 + counts.per_month.len() * 96));
    let titles = bar_titles(&counts, w);
    for layout in &LAYOUTS {
        let Some(axis) = TimeAxis::over(dates, LEFT, right(layout)) else {
            continue;
        };
        let rows = Rows::new(&counts, layout);
        let height = rows.bottom + layout.font + 12.0;
        Head {
            class: "activity",
            layout,
            height,
            id,
            title: &title,
            desc: &summary,
        }
        .write(&mut svg);
        draw_max_tick(&mut svg, counts.max_month(), scale, rows.bottom, layout, w);
        draw_bands(&mut svg, &axis, &counts, rows, layout, w);
        draw_bars(&mut svg, &axis, &counts, scale, rows.bottom, &titles);
        let _ = write!(
            svg,
            "<line class=\"baseline\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>",
            l = N(LEFT),
            r = N(right(layout)),
            y = N(rows.bottom)
        );
        let marks = AxisMarks {
            top: rows.lane.map_or(TOP, |l| l.0),
            sep_top: rows.bottom - 5.0,
            bottom: rows.bottom + 5.0,
            label_y: rows.bottom + layout.font + 6.0,
        };
        axis.draw(&mut svg, &marks, layout.font, w);
        svg.push_str("</svg>");
    }

    Some(Activity {
        id: id.to_string(),
        svg,
        title,
        summary,
        count: dates.len(),
        years: year_rows(&counts, w),
    })
}

/// A grid line at the busiest month's height, labelled with its count.
fn draw_max_tick(svg: &mut String, max_month: usize, scale: f64, bottom: f64, layout: &Layout, w: &dyn Words) {
    if max_month == 0 {
        return;
    }
    let gy = bottom - max_month as f64 * scale;
    let _ = write!(
        svg,
        "<g class=\"grid\" aria-hidden=\"true\"><line class=\"row\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/>\
         <text class=\"tick\" x=\"{lx}\" y=\"{ty}\">{count}</text></g>",
        count = w.digits(&max_month.to_string()),
        l = N(LEFT),
        r = N(right(layout)),
        y = N(gy),
        lx = N(right(layout) + 6.0),
        ty = N(gy + layout.font * 0.35),
    );
}

/// The entries known only to their year: in a lane above the bars, a band
/// across the year labelled with their count ("12 dated only to 2025", or
/// shorter where the year is narrow), so one is as visible as twelve and
/// twelve do not pass for one.
fn draw_bands(svg: &mut String, axis: &TimeAxis, counts: &Counts, rows: Rows, layout: &Layout, w: &dyn Words) {
    let Some((top, h)) = rows.lane else { return };
    svg.push_str("<g class=\"bands\">");
    for (&year, &(_, undated)) in &counts.per_year {
        if undated == 0 {
            continue;
        }
        let Some((x0, x1)) = axis.year(year) else { continue };
        let width = (x1 - x0).max(1.0);
        let words = band_label(year, undated, width - 6.0, layout.font, w);
        let _ = write!(
            svg,
            "<g><title>{}</title>\
             <rect class=\"bar-spread\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
            super::esc(&w.say(
                "chart_band_title",
                Some(undated),
                &[("year", &w.digits(&year.to_string()))]
            )),
            N(x0 + 0.5),
            N(top),
            N((width - 1.0).max(1.0)),
            N(h),
        );
        let _ = write!(
            svg,
            "<text class=\"band-label\" x=\"{}\" y=\"{}\"{}>{}</text></g>",
            N((x0 + x1) / 2.0),
            N(top + h / 2.0 + layout.font * 0.35),
            super::text_direction(&words, "middle"),
            super::esc(&words),
        );
    }
    svg.push_str("</g>");
}

/// The label of a year's band that fits in `room`: "12 dated only to
/// 2025", "12 in 2025, no month", or the count alone.
fn band_label(year: i32, n: usize, room: f64, font: f64, w: &dyn Words) -> String {
    let y = w.digits(&year.to_string());
    ["chart_band_long", "chart_band_medium", "chart_band_short"]
        .into_iter()
        .map(|key| w.say(key, Some(n), &[("year", &y)]))
        .find(|t| super::text_width(t, font) <= room)
        .unwrap_or_else(|| w.digits(&n.to_string()))
}

/// A bar per month with entries, each with a tooltip.
fn draw_bars(svg: &mut String, axis: &TimeAxis, counts: &Counts, scale: f64, bottom: f64, titles: &[String]) {
    svg.push_str("<g class=\"bars\">");
    for ((&(y, mo), &n), title) in counts.per_month.iter().zip(titles) {
        let Some((x0, x1)) = axis.month(y, mo) else { continue };
        let width = x1 - x0;
        let pad = if width > 4.0 { width * 0.12 } else { 0.0 };
        let h = n as f64 * scale;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">\
             <title>{}</title></rect>",
            N(x0 + pad),
            N(bottom - h),
            N((width - 2.0 * pad).max(0.6)),
            N(h),
            title,
        );
    }
    svg.push_str("</g>");
}

/// Each month's bar title ("April 2025: 3 entries"), escaped: worked out
/// once for every layout the strip is drawn in.
fn bar_titles(counts: &Counts, w: &dyn Words) -> Vec<String> {
    counts
        .per_month
        .iter()
        .map(|(&(y, mo), &n)| {
            super::esc(&w.say(
                "chart_bar_title",
                Some(n),
                &[("month", &w.month(mo)), ("year", &w.digits(&y.to_string()))],
            ))
            .to_string()
        })
        .collect()
}

/// The strip's table: a row per year, with its months.
fn year_rows(counts: &Counts, w: &dyn Words) -> Vec<ActivityYear> {
    counts
        .per_year
        .iter()
        .map(|(&year, &(count, undated))| ActivityYear {
            year,
            count,
            months: counts
                .per_month
                .range((year, 1)..=(year, 12))
                .map(|(&(_, mo), n)| {
                    w.say(
                        "chart_month_count",
                        None,
                        &[("month", &w.month_short(mo)), ("n", &w.digits(&n.to_string()))],
                    )
                })
                .collect::<Vec<_>>()
                .join(" · "),
            undated,
        })
        .collect()
}

fn activity_summary(n: usize, counts: &Counts, w: &dyn Words) -> String {
    let per_year = &counts.per_year;
    let year = |y: i32| w.digits(&y.to_string());
    let first = per_year.keys().next().copied().unwrap_or_default();
    let last = per_year.keys().next_back().copied().unwrap_or_default();
    let span = if first == last {
        w.say("chart_span_in", None, &[("year", &year(first))])
    } else {
        w.say(
            "chart_span_from_to",
            None,
            &[("from", &year(first)), ("to", &year(last))],
        )
    };
    let mut s = w.say("chart_activity_summary", Some(n), &[("span", &span)]);
    // The busiest month; the earliest of equals.
    let mut best: Option<((i32, u8), usize)> = None;
    for (&k, &c) in &counts.per_month {
        if best.is_none_or(|b| c > b.1) {
            best = Some((k, c));
        }
    }
    match best {
        Some(((y, mo), c)) if c > 1 => {
            s.push_str(&w.say(
                "chart_busiest_month",
                Some(c),
                &[("month", &w.month(mo)), ("year", &year(y))],
            ));
        }
        Some(_) => s.push_str(&w.say("chart_no_busy_month", None, &[])),
        None => {}
    }
    let undated: usize = per_year.values().map(|v| v.1).sum();
    if undated == 0 {
        s.push_str(&w.say("chart_full_stop", None, &[]));
    } else {
        s.push_str(&w.say("chart_activity_undated", Some(undated), &[]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::testing::{date, sel};
    use super::*;
    #[allow(unused_imports)]
    use crate::render::charts::testing::en;
    use scraper::Html;

    #[test]
    fn activity_strip_counts_months_and_bands_year_only_dates() {
        let dates: Vec<PartialDate> = ["2024-11", "2025", "2025-02-21", "2025-03-22", "2025-03-30"]
            .iter()
            .map(|d| date(d))
            .collect();
        let a = activity("act", "Pakistan", &dates, en()).unwrap();
        // Three months with entries, one year with a year-only entry; in
        // each of the two layouts.
        assert_eq!(a.svg.matches("class=\"bar\"").count(), 6);
        assert_eq!(a.svg.matches("class=\"bar-spread\"").count(), 2);
        assert!(a
            .svg
            .contains("<title>2025: 1 entry dated only to the year, in no month</title>"));
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
        assert!(a.summary.contains("counted in no month"));
        assert!(activity("act", "x", &[], en()).is_none());
    }

    #[test]
    fn the_year_only_band_covers_its_whole_year() {
        let a = activity("act", "x", &[date("2024-05-01"), date("2025")], en()).unwrap();
        let doc = Html::parse_fragment(&a.svg);
        for svg in doc.select(&sel("svg.chart")) {
            let band = svg.select(&sel("rect.bar-spread")).next().unwrap();
            let x: f64 = band.value().attr("x").unwrap().parse().unwrap();
            let w: f64 = band.value().attr("width").unwrap().parse().unwrap();
            let wide = svg.value().classes().any(|c| c == "chart-wide");
            let r = right(if wide {
                &super::super::WIDE
            } else {
                &super::super::NARROW
            });
            // 2024 and 2025 share the axis equally; 2025 is the right half.
            let mid = LEFT + (r - LEFT) * 366.0 / 731.0;
            assert!((x - mid).abs() < 0.6 && (x + w - r).abs() < 0.6, "{x} {w} {r}");
        }
    }

    #[test]
    fn the_years_beside_every_break_are_labelled() {
        for ds in [
            &["2012", "2018", "2019-05", "2025"][..],
            &["1990", "2000", "2010", "2020", "2025"],
            &["1866", "1893", "1947", "1979", "2001", "2021", "2025"],
            &["2011-10-04", "2013-08", "2021", "2025-05-21"],
        ] {
            let dates: Vec<PartialDate> = ds.iter().map(|d| date(d)).collect();
            let a = activity("act", "x", &dates, en()).unwrap();
            let skipped = TimeAxis::over(&dates, 0.0, 1.0).unwrap().skipped();
            let doc = Html::parse_fragment(&a.svg);
            for svg in doc.select(&sel("svg.chart")) {
                let labels: Vec<String> = svg.select(&sel("text.year")).map(|t| t.text().collect()).collect();
                assert_eq!(svg.select(&sel(".axis .gap")).count(), skipped.len());
                for &(a, b) in &skipped {
                    for y in [a - 1, b + 1] {
                        assert!(labels.iter().any(|l| l.contains(&y.to_string())), "{y} in {labels:?}");
                    }
                    let span = format!("No entries from {a} to {b}");
                    assert!(svg.html().contains(&span), "{span}");
                }
            }
        }
    }

    #[test]
    fn year_only_bands_are_visible_and_labelled_with_their_count() {
        // One year-only entry in 2024, twelve in 2025, and a busy month.
        let mut dates = vec![date("2024"), date("2024-05-01")];
        dates.extend((0..12).map(|_| date("2025")));
        dates.extend((0..6).map(|_| date("2025-03-02")));
        let a = activity("act", "x", &dates, en()).unwrap();
        let doc = Html::parse_fragment(&a.svg);
        for svg in doc.select(&sel("svg.chart")) {
            let bands: Vec<_> = svg.select(&sel("rect.bar-spread")).collect();
            assert_eq!(bands.len(), 2);
            for b in &bands {
                // As high as a line of text, whatever the count.
                let h: f64 = b.value().attr("height").unwrap().parse().unwrap();
                assert!(h >= 12.0, "{h}");
            }
            let labels: Vec<String> = svg
                .select(&sel("text.band-label"))
                .map(|t| t.text().collect())
                .collect();
            assert_eq!(labels.len(), 2);
            assert!(labels[0].starts_with('1') && !labels[0].starts_with("12"), "{labels:?}");
            assert!(labels[1].starts_with("12"), "{labels:?}");
            // Bands sit above the bars, clear of them.
            let band_bottom: f64 = bands
                .iter()
                .map(|b| {
                    let v = b.value();
                    v.attr("y").unwrap().parse::<f64>().unwrap() + v.attr("height").unwrap().parse::<f64>().unwrap()
                })
                .fold(0.0, f64::max);
            for bar in svg.select(&sel("rect.bar")) {
                let y: f64 = bar.value().attr("y").unwrap().parse().unwrap();
                assert!(y >= band_bottom, "{y} under {band_bottom}");
            }
        }
        let wide = Html::parse_fragment(&a.svg);
        let text: Vec<String> = wide
            .select(&sel("svg.chart-wide text.band-label"))
            .map(|t| t.text().collect())
            .collect();
        assert_eq!(text, ["1 dated only to 2024", "12 dated only to 2025"]);
        // And the table keeps them.
        assert_eq!(a.years.iter().map(|y| y.undated).collect::<Vec<_>>(), [1, 12]);
    }

    #[test]
    fn a_far_back_first_year_is_labelled_whole() {
        let a = activity("act", "x", &[date("1866"), date("1867-03")], en()).unwrap();
        let doc = Html::parse_fragment(&a.svg);
        let first = doc.select(&sel("svg.chart-wide text.year")).next().unwrap();
        assert_eq!(first.text().collect::<String>(), "1866");
        let x: f64 = first.value().attr("x").unwrap().parse().unwrap();
        let anchor = first.value().attr("text-anchor").unwrap();
        assert!(anchor == "start" || x - super::super::text_width("1866", 13.0) / 2.0 >= LEFT);
    }
}
