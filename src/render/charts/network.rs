//! The relations map: actors as a network, laid out by force, with only the
//! ties that say something (each actor's strongest few, sharing at least
//! [`MAP_MIN_SHARED`] entries, and every pair with a declared tone)
//! coloured by the tone declared for the pair, each actor a neutral shape
//! by its kind (so colour means tone only), and labels placed only where
//! they collide with nothing, preferring places no tie crosses.

use std::fmt::Write as _;

use serde::Serialize;

use crate::html::escape as esc;

use super::{signed, tone_class, Words, N};

/// An actor as the network layout takes it.
#[derive(Debug, Clone)]
pub struct NodeIn {
    pub name: String,
    pub url: String,
    pub kind: Option<&'static str>,
    pub count: usize,
    /// The first font of the page's stack, which draws the label: Nastaliq
    /// on an Urdu page, Naskh on a Persian or Pashto one, Latin elsewhere
    /// (where an Arabic-script name falls back to Naskh).
    pub page_font: Script,
}

/// A tie as the network takes it: two nodes by index, the entries they
/// share, the tones declared for the pair, and its relation page if any.
#[derive(Debug, Clone)]
pub struct TieIn {
    pub a: usize,
    pub b: usize,
    pub count: usize,
    /// The tones entries declare for the pair, −2 to +2.
    pub tones: Vec<i8>,
    /// The pair's relation page, when the site has one.
    pub url: Option<String>,
}

/// A node of the relations map.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapNode {
    pub name: String,
    /// The letters its label is drawn in, for the label's box.
    #[serde(skip)]
    pub script: Script,
    pub url: String,
    pub kind: Option<&'static str>,
    /// Entries the actor appears in.
    pub count: usize,
    /// Ties drawn from this node.
    pub ties: usize,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// Whether the drawing names the node beside its circle (it is left
    /// out where it would collide); its link is named either way.
    pub labelled: bool,
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
    /// How many entries declare the pair's tone, and their mean.
    pub declared: usize,
    pub tone: Option<f64>,
    /// The mean as printed (`+1.2`, `−0.5`), empty without declared tones.
    pub tone_text: String,
    /// Class suffix of the line's colour: the mean rounded (`m2` … `p2`),
    /// or `none` without declared tones.
    pub tone_class: &'static str,
    /// The pair's relation page, if the site has one.
    pub url: Option<String>,
    /// What the tie says, as its link's accessible name: "A and B: 23
    /// shared entries, mean declared tone +1.2".
    pub label: String,
}

/// A kind of actor the map shows, for its legend: the class suffix of its
/// shape (`k-state`, …) and its name in the page's language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapKind {
    pub kind: &'static str,
    pub label: String,
}

/// The shape that stands for a kind of actor: a circle for a state, a
/// rounded square for an organisation, a diamond for a group, a ring for a
/// person, a small square for anything else.
pub fn kind_label(kind: Option<&str>) -> (&'static str, &'static str) {
    match kind {
        Some("state") => ("state", "state"),
        Some("organization") => ("organization", "organisation"),
        Some("group") => ("group", "group"),
        Some("person") => ("person", "person"),
        _ => ("other", "other"),
    }
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
    /// The rule a tie is drawn by: among the strongest `ties_per_node` of
    /// either actor, sharing at least `min_shared` entries; or the pair has
    /// a declared tone (`ties_toned` of the drawn ties do).
    pub ties_per_node: usize,
    pub min_shared: usize,
    pub ties_toned: usize,
    /// Drawn ties that link to a relation page.
    pub ties_linked: usize,
    /// Nodes named beside their circle in the drawing.
    pub labelled: usize,
    /// Drawn labels that a drawn tie still crosses (their halo keeps the
    /// text legible).
    pub labels_crossed: usize,
    /// The kinds of actor shown, in the legend's order.
    pub kinds: Vec<MapKind>,
    pub nodes: Vec<MapNode>,
    /// Drawn ties, strongest first.
    pub ties: Vec<MapTie>,
}

/// How many actors the map shows at most (those with the most entries).
pub const MAP_MAX_NODES: usize = 60;
/// A tie is drawn when it is among the strongest this many of either actor
/// ...
pub const MAP_TIES_PER_NODE: usize = 3;
/// ... and its actors share at least this many entries.
pub const MAP_MIN_SHARED: usize = 2;

/// The size of the map's drawing.
pub const MAP_W: f64 = 960.0;
pub const MAP_H: f64 = 640.0;

/// The labels' font size, and the width of an average Latin character in
/// it, from which a label's box is estimated (a little generous, so the
/// estimate covers wide sans-serif fonts).
pub const LABEL_FONT: f64 = 12.0;
pub const LABEL_CHAR_W: f64 = 6.8;

/// The letters a label is drawn in, which decide the size of its box at
/// [`LABEL_FONT`]: Naskh (Arabic, Persian, Pashto) rises a little above
/// Latin letters and falls well below them; Nastaliq (Urdu) rises and
/// falls about twice as far, its words stepping down from right to left:
/// at 12 px its letters span some 26 px from top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    #[default]
    Latin,
    Naskh,
    Nastaliq,
}

impl Script {
    /// The font of a label of `text` on a page whose stack starts with
    /// `page_font`: the page's own, but on a Latin page, where a name in
    /// Arabic script falls back to Naskh.
    pub fn of(text: &str, page_font: Script) -> Script {
        match page_font {
            Script::Latin if text.chars().any(is_arabic) => Script::Naskh,
            f => f,
        }
    }

    /// (width of an average letter of Arabic script, height above the
    /// baseline, depth below it), in px at [`LABEL_FONT`]; measured on
    /// Noto Naskh Arabic and Noto Nastaliq Urdu in Chromium (their line
    /// boxes: 13 + 8 and 23 + 7 px) and rounded up for the fonts readers
    /// have instead. Other letters take [`LABEL_CHAR_W`].
    pub fn metrics(self) -> (f64, f64, f64) {
        match self {
            Script::Latin => (LABEL_CHAR_W, LABEL_FONT, 0.3 * LABEL_FONT),
            Script::Naskh => (5.6, 1.15 * LABEL_FONT, 0.7 * LABEL_FONT),
            Script::Nastaliq => (6.0, 1.95 * LABEL_FONT, 0.7 * LABEL_FONT),
        }
    }

    /// Its class on the drawing's `<text>`, when not Latin.
    pub fn class(self) -> Option<&'static str> {
        match self {
            Script::Latin => None,
            Script::Naskh => Some("naskh"),
            Script::Nastaliq => Some("nastaliq"),
        }
    }

    /// The width of `text` at [`LABEL_FONT`], letter by letter: Arabic
    /// letters at the font's width, others at [`LABEL_CHAR_W`].
    fn width(self, text: &str) -> f64 {
        let (arabic_w, _, _) = self.metrics();
        text.chars()
            .map(|c| if is_arabic(c) { arabic_w } else { LABEL_CHAR_W })
            .sum::<f64>()
    }
}

/// A letter of the Arabic script (Urdu, Persian, Pashto…).
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A tie as the layout takes it: `(a, b, weight)`, nodes by index.
type Edge = (usize, usize, usize);

/// Lays out and draws the network of `nodes` with `ties` (pairs of nodes
/// sharing at least one entry).
pub fn network(nodes: &[NodeIn], ties: &[TieIn], actors_with_entries: usize, w: &dyn Words) -> Network {
    let n = nodes.len();
    let edges: Vec<Edge> = ties.iter().map(|t| (t.a, t.b, t.count)).collect();
    let toned: Vec<bool> = ties.iter().map(|t| !t.tones.is_empty()).collect();
    let kept = strongest_ties(n, &edges, &toned);
    let drawn: Vec<Edge> = kept.iter().map(|&k| edges[k]).collect();
    let raw = layout(nodes, &drawn);
    let mut out_nodes = place_nodes(nodes, &raw, &drawn);
    make_room_for_labels(&mut out_nodes);
    let ties_out: Vec<MapTie> = kept.iter().map(|&k| map_tie(&ties[k], &out_nodes, w)).collect();

    let segments: Vec<Segment> = drawn
        .iter()
        .map(|&(a, b, _)| (out_nodes[a].x, out_nodes[a].y, out_nodes[b].x, out_nodes[b].y))
        .collect();
    let labels = place_labels(&out_nodes, &by_size(&out_nodes), &segments);
    let labels_crossed = out_nodes
        .iter()
        .zip(&labels)
        .filter_map(|(p, l)| l.map(|l| label_box(&p.name, p.script, l.x, l.y, l.anchor)))
        .filter(|b| segments.iter().any(|s| crosses(s, b)))
        .count();
    for (node, l) in out_nodes.iter_mut().zip(&labels) {
        node.labelled = l.is_some();
    }
    let labelled = labels.iter().filter(|l| l.is_some()).count();

    let title = w.say("map_title", None, &[]);
    let summary = map_summary(n, actors_with_entries, ties_out.len(), edges.len(), w);
    let kinds = ["state", "organization", "group", "person", "other"]
        .into_iter()
        .filter(|&k| out_nodes.iter().any(|p| kind_label(p.kind).0 == k))
        .map(|k| {
            let (kind, _) = kind_label(Some(k));
            MapKind {
                kind,
                label: w.say(&format!("map_kind_{kind}"), None, &[]),
            }
        })
        .collect();
    let mut svg = String::with_capacity(8192 + n * 300 + ties_out.len() * 300);
    let _ = write!(
        svg,
        "<svg class=\"chart network\" viewBox=\"0 0 {w} {h}\" aria-labelledby=\"map-t map-d\" \
         direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"map-t\">{title}</title><desc id=\"map-d\">{desc}</desc>",
        w = N(MAP_W),
        h = N(MAP_H),
        title = esc(&title),
        desc = esc(&summary),
    );
    draw_ties(&mut svg, &out_nodes, &ties_out);
    draw_nodes(&mut svg, &out_nodes, &labels, w);

    Network {
        svg,
        title,
        summary,
        actors_with_entries,
        shown: n,
        ties_total: edges.len(),
        ties_shown: ties_out.len(),
        ties_per_node: MAP_TIES_PER_NODE,
        min_shared: MAP_MIN_SHARED,
        ties_toned: ties_out.iter().filter(|t| t.declared > 0).count(),
        ties_linked: ties_out.iter().filter(|t| t.url.is_some()).count(),
        labelled,
        labels_crossed,
        kinds,
        nodes: out_nodes,
        ties: ties_out,
    }
}

/// A drawn tie, with its tone and the words that name it.
fn map_tie(t: &TieIn, nodes: &[MapNode], w: &dyn Words) -> MapTie {
    let declared = t.tones.len();
    let tone = (declared > 0).then(|| t.tones.iter().map(|&v| f64::from(v)).sum::<f64>() / declared as f64);
    let tone_text = tone.map(|v| signed(v, 1)).unwrap_or_default();
    let class = match tone {
        Some(v) => tone_class(v.round().clamp(-2.0, 2.0) as i8),
        None => "none",
    };
    let (a, b) = (&nodes[t.a], &nodes[t.b]);
    let pair = w.say("pair_and", None, &[("a", &a.name), ("b", &b.name)]);
    let tone_words = match tone {
        Some(_) => w.say("chart_map_mean_tone", None, &[("tone", &w.digits(&tone_text))]),
        None => w.say("map_no_tone", None, &[]),
    };
    let label = w.say(
        "chart_map_tie",
        Some(t.count),
        &[("pair", &pair), ("tone", &tone_words)],
    );
    MapTie {
        a: t.a,
        b: t.b,
        a_name: a.name.clone(),
        a_url: a.url.clone(),
        b_name: b.name.clone(),
        b_url: b.url.clone(),
        count: t.count,
        declared,
        tone,
        tone_text,
        tone_class: class,
        url: t.url.clone(),
        label,
    }
}

fn map_summary(shown: usize, actors_with_entries: usize, drawn: usize, total: usize, w: &dyn Words) -> String {
    let d = |n: usize| w.digits(&n.to_string());
    let actors = if shown < actors_with_entries {
        w.say(
            "chart_map_some_actors",
            Some(actors_with_entries),
            &[("shown", &d(shown))],
        )
    } else {
        w.say("chart_map_actors", Some(shown), &[])
    };
    w.say(
        "chart_map_summary",
        None,
        &[
            ("actors", &actors),
            ("min_shared", &d(MAP_MIN_SHARED)),
            ("per_node", &d(MAP_TIES_PER_NODE)),
            ("drawn", &d(drawn)),
            ("total", &d(total)),
        ],
    )
}

/// The ties worth drawing, by index into `edges`, strongest first: those
/// sharing at least [`MAP_MIN_SHARED`] entries that are among the
/// [`MAP_TIES_PER_NODE`] strongest of either of their nodes, and every one
/// whose pair has a declared tone (`toned`), however few entries it shares.
fn strongest_ties(n: usize, edges: &[Edge], toned: &[bool]) -> Vec<usize> {
    let mut per_node: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (k, &(a, b, w)) in edges.iter().enumerate() {
        if w >= MAP_MIN_SHARED {
            per_node[a].push((w, k));
            per_node[b].push((w, k));
        }
    }
    let mut keep = toned.to_vec();
    for list in &mut per_node {
        list.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, k) in list.iter().take(MAP_TIES_PER_NODE) {
            keep[k] = true;
        }
    }
    let mut kept: Vec<usize> = (0..edges.len()).filter(|&k| keep[k]).collect();
    kept.sort_by(|&x, &y| {
        let (x, y) = (edges[x], edges[y]);
        y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1)))
    });
    kept
}

/// Force-directed layout (Fruchterman–Reingold) from a circle ordered by
/// kind, with a fixed number of steps: the same input, the same picture.
/// Returns positions in a 1000 × 1000 box centred on 0.
fn layout(nodes: &[NodeIn], edges: &[Edge]) -> Vec<(f64, f64)> {
    let n = nodes.len();
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let mut pos = start_on_circle(nodes);
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

/// The layout's start: the nodes on a circle, grouped by kind and, within a
/// kind, biggest first.
fn start_on_circle(nodes: &[NodeIn]) -> Vec<(f64, f64)> {
    let n = nodes.len();
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
    push_apart(pos);
}

/// Rounds of pushing apart nodes closer than the even spacing allows.
fn push_apart(pos: &mut [(f64, f64)]) {
    let n = pos.len();
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

/// Fits the layout into the drawing, leaving room for labels, and sizes
/// each node by its entries.
fn place_nodes(nodes: &[NodeIn], raw: &[(f64, f64)], ties: &[Edge]) -> Vec<MapNode> {
    let (mx, my) = (90.0, 36.0);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in raw {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let sx = if x1 > x0 { (MAP_W - 2.0 * mx) / (x1 - x0) } else { 0.0 };
    let sy = if y1 > y0 { (MAP_H - 2.0 * my) / (y1 - y0) } else { 0.0 };
    let max_count = nodes.iter().map(|n| n.count).max().unwrap_or(1).max(1) as f64;
    let mut degree = vec![0usize; nodes.len()];
    for &(a, b, _) in ties {
        degree[a] += 1;
        degree[b] += 1;
    }
    nodes
        .iter()
        .zip(raw)
        .enumerate()
        .map(|(i, (nd, &(x, y)))| MapNode {
            script: Script::of(&nd.name, nd.page_font),
            name: nd.name.clone(),
            url: nd.url.clone(),
            kind: nd.kind,
            count: nd.count,
            ties: degree[i],
            x: ((if sx > 0.0 { mx + (x - x0) * sx } else { MAP_W / 2.0 }) * 10.0).round() / 10.0,
            y: ((if sy > 0.0 { my + (y - y0) * sy } else { MAP_H / 2.0 }) * 10.0).round() / 10.0,
            r: ((4.0 + 14.0 * (nd.count as f64 / max_count).sqrt()) * 10.0).round() / 10.0,
            labelled: false,
        })
        .collect()
}

/// Moves nodes apart, a little at a time, until each one's circle with
/// its label on the right (its first-choice place) overlaps no other's:
/// a force layout packs the well-tied core too tightly for its names. Each
/// overlap is undone along its shorter side, which for wide labels is
/// mostly up or down, so the layout's shape survives. Fixed rounds in node
/// order: the same input, the same picture.
fn make_room_for_labels(nodes: &mut [MapNode]) {
    let n = nodes.len();
    let widths: Vec<f64> = nodes
        .iter()
        .map(|p| label_box(&p.name, p.script, 0.0, 0.0, "start").2)
        .collect();
    let footprint = |p: &MapNode, w: f64| {
        let (_, up, down) = p.script.metrics();
        let half = p.r.max(8.0).max((up + down) / 2.0) + 2.0;
        (p.x - p.r - 2.0, p.y - half, p.x + p.r + 6.0 + w, p.y + half)
    };
    for _ in 0..300 {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (footprint(&nodes[i], widths[i]), footprint(&nodes[j], widths[j]));
                if !overlaps(&a, &b) {
                    continue;
                }
                moved = true;
                let ox = a.2.min(b.2) - a.0.max(b.0);
                let oy = a.3.min(b.3) - a.1.max(b.1);
                let (dx, dy) = (nodes[j].x - nodes[i].x, nodes[j].y - nodes[i].y);
                let away = |d: f64| if d >= 0.0 { 1.0 } else { -1.0 };
                if oy <= ox {
                    let step = (oy / 2.0 + 0.5).min(8.0) * away(dy);
                    nodes[i].y -= step;
                    nodes[j].y += step;
                } else {
                    let step = (ox / 2.0 + 0.5).min(8.0) * away(dx);
                    nodes[i].x -= step;
                    nodes[j].x += step;
                }
                for k in [i, j] {
                    let p = &mut nodes[k];
                    p.x = p.x.clamp(p.r + 2.0, MAP_W - p.r - 2.0);
                    p.y = p.y.clamp(p.r + 14.0, MAP_H - p.r - 14.0);
                }
            }
        }
        if !moved {
            break;
        }
    }
    for p in nodes.iter_mut() {
        p.x = (p.x * 10.0).round() / 10.0;
        p.y = (p.y * 10.0).round() / 10.0;
    }
}

/// The ties as lines, thicker for more shared entries and coloured by
/// their tone; a tie with a relation page is a link to it, named by what it
/// says, with a wider invisible line under it to make it easier to hit.
/// Strongest first, so keyboard focus meets them in that order and thin
/// lines stay visible over thick ones.
fn draw_ties(svg: &mut String, nodes: &[MapNode], ties: &[MapTie]) {
    let max_w = ties.iter().map(|t| t.count).max().unwrap_or(1).max(1) as f64;
    svg.push_str("<g class=\"ties\">");
    for t in ties {
        let (a, b) = (&nodes[t.a], &nodes[t.b]);
        let coords = format!(
            "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
            N(a.x),
            N(a.y),
            N(b.x),
            N(b.y)
        );
        let line = format!(
            "<line class=\"edge t-{class}\" {coords} stroke-width=\"{w}\"/>",
            class = t.tone_class,
            w = N(1.2 + 5.8 * t.count as f64 / max_w),
        );
        match &t.url {
            Some(url) => {
                let _ = write!(
                    svg,
                    "<a href=\"{url}\" class=\"tie\" aria-label=\"{label}\"><title>{label}</title>\
                     <line class=\"hit\" {coords}/>{line}</a>",
                    url = esc(url),
                    label = esc(&t.label),
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<g class=\"tie\" aria-hidden=\"true\"><title>{label}</title>{line}</g>",
                    label = esc(&t.label),
                );
            }
        }
    }
    svg.push_str("</g>");
}

/// The nodes' indexes, most entries first.
fn by_size(nodes: &[MapNode]) -> Vec<usize> {
    let mut by_size: Vec<usize> = (0..nodes.len()).collect();
    by_size.sort_by(|&a, &b| nodes[b].count.cmp(&nodes[a].count).then(a.cmp(&b)));
    by_size
}

/// Where a node's name goes: text x, baseline y and text anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Label {
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// A box on the drawing: left, top, right, bottom.
pub type Rect = (f64, f64, f64, f64);

/// The box a label's text covers: its estimated width (characters × the
/// script's average width) from the anchor (as laid out left to right),
/// and from the script's height above the baseline to its depth below
/// it. Tests of the drawing estimate it the same way from an SVG's
/// `<text>`.
pub fn label_box(text: &str, script: Script, x: f64, y: f64, anchor: &str) -> Rect {
    let (_, up, down) = script.metrics();
    let w = script.width(text) + 2.0;
    let x0 = match anchor {
        "start" => x,
        "end" => x - w,
        _ => x - w / 2.0,
    };
    (x0, y - up, x0 + w, y + down)
}

/// Whether two boxes overlap (touching is not overlapping).
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether a box lies inside the drawing.
fn inside(b: &Rect) -> bool {
    b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= MAP_W && b.3 <= MAP_H
}

/// A drawn tie as a line segment: `(x1, y1, x2, y2)`.
pub type Segment = (f64, f64, f64, f64);

/// Whether a segment passes through a box (Liang–Barsky clipping).
pub fn crosses(s: &Segment, b: &Rect) -> bool {
    let (dx, dy) = (s.2 - s.0, s.3 - s.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, s.0 - b.0), (dx, b.2 - s.0), (-dy, s.1 - b.1), (dy, b.3 - s.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Labels beside each node, biggest node first: of its places (right,
/// left, above, below, then the diagonals) whose box stays inside the
/// drawing and overlaps no label placed before it and no other node, each
/// takes the one the fewest ties (`segments`) cross, the earliest of those
/// on a draw. A node with no free place gets no label (`None`): its link
/// still names it, and the tables list it.
fn place_labels(nodes: &[MapNode], by_size: &[usize], segments: &[Segment]) -> Vec<Option<Label>> {
    let circles: Vec<Rect> = nodes
        .iter()
        .map(|p| (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
        .collect();
    let mut placed: Vec<Rect> = Vec::with_capacity(nodes.len());
    let mut labels = vec![None; nodes.len()];
    for &i in by_size {
        // A little room to spare around each box, so no two ever touch.
        let free = |b: &Rect| {
            let g = (b.0 - 1.0, b.1 - 1.0, b.2 + 1.0, b.3 + 1.0);
            inside(b)
                && !placed.iter().any(|o| overlaps(&g, o))
                && !circles.iter().enumerate().any(|(k, c)| k != i && overlaps(&g, c))
        };
        let crossings = |b: &Rect| segments.iter().filter(|s| crosses(s, b)).count();
        let best = label_places(&nodes[i])
            .into_iter()
            .filter(|(_, b)| free(b))
            .min_by_key(|(_, b)| crossings(b));
        if let Some((label, area)) = best {
            labels[i] = Some(label);
            placed.push(area);
        }
    }
    labels
}

/// The places a node's label may take, in order of preference: right,
/// left, above, below, then the diagonals; each with its box.
fn label_places(p: &MapNode) -> [(Label, Rect); 8] {
    let gap = p.r + 4.0;
    let d = gap * 0.75;
    // Baselines clear of the node by the script's height and depth (for
    // Latin letters: 4 below the centre beside it, 4 above it, 11 below).
    let (_, up, down) = p.script.metrics();
    let beside = (up - down) / 2.0 - 0.2;
    let (above, below) = (down + 0.4, up - 1.0);
    // Rounded as the SVG prints them, so the boxes are the drawing's.
    let place = |x: f64, y: f64, anchor: &'static str| {
        let (x, y) = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
        (Label { x, y, anchor }, label_box(&p.name, p.script, x, y, anchor))
    };
    [
        place(p.x + gap, p.y + beside, "start"),
        place(p.x - gap, p.y + beside, "end"),
        place(p.x, p.y - gap - above, "middle"),
        place(p.x, p.y + gap + below, "middle"),
        place(p.x + d, p.y - d - (above - 2.0), "start"),
        place(p.x + d, p.y + d + (below - 1.0), "start"),
        place(p.x - d, p.y - d - (above - 2.0), "end"),
        place(p.x - d, p.y + d + (below - 1.0), "end"),
    ]
}

/// The shape of a node by its kind, inside the box of its radius `r` (so a
/// label placed clear of that box is clear of the shape): a circle for a
/// state, a rounded square for an organisation, a diamond for a group, a
/// ring for a person, a small square for anything else.
fn node_mark(kind: &str, x: f64, y: f64, r: f64) -> String {
    match kind {
        "organization" => {
            let h = r * 0.9;
            format!(
                "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" rx=\"{}\"/>",
                N(x - h),
                N(y - h),
                N(r * 0.3),
                s = N(2.0 * h),
            )
        }
        "group" => format!(
            "<path class=\"mark\" d=\"M{} {}L{} {}L{} {}L{} {}Z\"/>",
            N(x),
            N(y - r),
            N(x + r),
            N(y),
            N(x),
            N(y + r),
            N(x - r),
            N(y),
        ),
        "other" => {
            let h = r * 0.75;
            format!(
                "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\"/>",
                N(x - h),
                N(y - h),
                s = N(2.0 * h),
            )
        }
        // A person's ring sits inside its radius, its stroke included.
        "person" => format!(
            "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            N(x),
            N(y),
            N((r - 1.5).max(2.0))
        ),
        _ => format!(
            "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            N(x),
            N(y),
            N(r)
        ),
    }
}

/// Each node as a link to its actor's page, named by `aria-label` (and a
/// `<title>` tooltip) whether or not its label could be drawn.
fn draw_nodes(svg: &mut String, nodes: &[MapNode], labels: &[Option<Label>], w: &dyn Words) {
    svg.push_str("<g class=\"nodes\">");
    for (p, l) in nodes.iter().zip(labels) {
        let name = w.say("chart_map_node", Some(p.count), &[("name", &p.name)]);
        let (kind, _) = kind_label(p.kind);
        let _ = write!(
            svg,
            "<a href=\"{url}\" class=\"node k-{kind}\" aria-label=\"{name}\"><title>{name}</title>{mark}",
            url = esc(&p.url),
            name = esc(&name),
            mark = node_mark(kind, p.x, p.y, p.r),
        );
        if let Some(l) = l {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\"{}{} aria-hidden=\"true\">{}</text>",
                N(l.x),
                N(l.y),
                super::text_direction(&p.name, l.anchor),
                p.script.class().map_or_else(String::new, |c| format!(" class=\"{c}\"")),
                esc(&p.name)
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</g></svg>");
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::render::charts::testing::en;
    use scraper::{Html, Selector};

    fn nodes(n: usize) -> Vec<NodeIn> {
        (0..n)
            .map(|i| NodeIn {
                page_font: Script::Latin,
                name: format!("{} {i}", ["Actor", "A much longer actor name", "Org"][i % 3]),
                url: format!("/actors/a{i}/"),
                kind: Some("state"),
                count: 100 - i,
            })
            .collect()
    }

    /// Every pair of nodes tied, with varied weights and some tones.
    fn dense(n: usize) -> Vec<TieIn> {
        let mut ties = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let count = 1 + (a * 7 + b * 3) % 11;
                ties.push(TieIn {
                    a,
                    b,
                    count,
                    tones: if count % 3 == 0 { vec![-2, 1] } else { Vec::new() },
                    url: Some(format!("/relations/a{a}--a{b}/")),
                });
            }
        }
        ties
    }

    /// The boxes of the labels an SVG draws, estimated from each `<text>`'s
    /// position, anchor and length.
    pub(crate) fn drawn_label_boxes(svg: &str) -> Vec<(String, Rect)> {
        let doc = Html::parse_fragment(svg);
        doc.select(&Selector::parse("a.node text").unwrap())
            .map(|t| {
                let v = t.value();
                let num = |k: &str| v.attr(k).unwrap().parse::<f64>().unwrap();
                let text: String = t.text().collect();
                let script = match v.attr("class") {
                    Some("nastaliq") => Script::Nastaliq,
                    Some("naskh") => Script::Naskh,
                    _ => Script::Latin,
                };
                let b = label_box(
                    &text,
                    script,
                    num("x"),
                    num("y"),
                    super::super::ltr_anchor(v.attr("text-anchor").unwrap(), v.attr("direction")),
                );
                (text, b)
            })
            .collect()
    }

    /// No two drawn labels overlap, none overlaps another node's circle,
    /// and all stay in the drawing.
    pub(crate) fn assert_labels_clear(net: &Network) {
        let boxes = drawn_label_boxes(&net.svg);
        assert_eq!(boxes.len(), net.labelled);
        for (k, (t, b)) in boxes.iter().enumerate() {
            assert!(
                b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= MAP_W && b.3 <= MAP_H,
                "{t} leaves the drawing: {b:?}"
            );
            for (u, c) in &boxes[k + 1..] {
                assert!(!overlaps(b, c), "{t} {b:?} overlaps {u} {c:?}");
            }
            for p in net.nodes.iter().filter(|p| &p.name != t) {
                let c = (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r);
                assert!(!overlaps(b, &c), "{t} {b:?} covers the node of {}", p.name);
            }
        }
    }

    #[test]
    fn map_keeps_the_biggest_actors_and_each_ones_strongest_ties() {
        let all = nodes(80);
        let net = network(&all[..MAP_MAX_NODES], &dense(MAP_MAX_NODES), 80, en());
        assert_eq!(net.shown, MAP_MAX_NODES);
        assert!(net.ties_shown < net.ties_total);
        let untoned = net.ties.iter().filter(|t| t.declared == 0).count();
        assert!(untoned <= MAP_MAX_NODES * MAP_TIES_PER_NODE);
        // Every pair with a declared tone is drawn.
        let toned = dense(MAP_MAX_NODES).iter().filter(|t| !t.tones.is_empty()).count();
        assert_eq!(net.ties_toned, toned);
        // Every actor keeps at least its own strongest few.
        assert!(net.nodes.iter().all(|n| n.ties >= MAP_TIES_PER_NODE));
        assert!(net.ties.iter().all(|t| t.count >= MAP_MIN_SHARED));
        assert!(net.ties.windows(2).all(|w| w[0].count >= w[1].count));
        assert!(net.summary.contains("with the most entries, of 80"));
    }

    #[test]
    fn a_tie_is_drawn_only_if_among_the_strongest_of_either_and_shared_twice() {
        let tie = |a, b, count| TieIn {
            a,
            b,
            count,
            tones: Vec::new(),
            url: None,
        };
        // Node 0 has five ties; 1–5 have only theirs to 0, 5's a single
        // entry; 6 and 7 share one entry only.
        let ties = vec![
            tie(0, 1, 9),
            tie(0, 2, 8),
            tie(0, 3, 7),
            tie(0, 4, 2),
            tie(0, 5, 1),
            tie(6, 7, 1),
        ];
        let net = network(&nodes(8), &ties, 8, en());
        let drawn: Vec<(usize, usize)> = net.ties.iter().map(|t| (t.a, t.b)).collect();
        // 0–4 is not among 0's strongest three, but is 4's strongest.
        assert_eq!(drawn, vec![(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert_eq!((net.ties_shown, net.ties_total), (4, 6));
    }

    #[test]
    fn a_pair_with_a_declared_tone_is_drawn_whatever_it_shares() {
        let tie = |a, b, count, tones: Vec<i8>| TieIn {
            a,
            b,
            count,
            tones,
            url: None,
        };
        // Node 0's three strongest ties leave out 0–4, which shares a single
        // entry but declares a hostile tone; 5–6 share one entry, no tone.
        let ties = vec![
            tie(0, 1, 9, Vec::new()),
            tie(0, 2, 8, Vec::new()),
            tie(0, 3, 7, Vec::new()),
            tie(0, 4, 1, vec![-2]),
            tie(1, 4, 5, Vec::new()),
            tie(5, 6, 1, Vec::new()),
        ];
        let net = network(&nodes(7), &ties, 7, en());
        let drawn: Vec<(usize, usize)> = net.ties.iter().map(|t| (t.a, t.b)).collect();
        assert!(drawn.contains(&(0, 4)), "{drawn:?}");
        assert!(!drawn.contains(&(5, 6)), "{drawn:?}");
        assert_eq!(net.ties_toned, 1);
        assert!(net.summary.contains("any two whose entries declare a tone"));
    }

    #[test]
    fn nodes_are_neutral_shapes_by_kind_and_the_legend_lists_the_kinds_shown() {
        let mut ns = nodes(5);
        for (n, k) in ns
            .iter_mut()
            .zip([Some("state"), Some("organization"), Some("group"), Some("person"), None])
        {
            n.kind = k;
        }
        let net = network(&ns, &[], 5, en());
        let doc = Html::parse_fragment(&net.svg);
        let one = |s: &str| doc.select(&Selector::parse(s).unwrap()).count();
        assert_eq!(one("a.node.k-state > circle.mark"), 1);
        assert_eq!(one("a.node.k-organization > rect.mark[rx]"), 1);
        assert_eq!(one("a.node.k-group > path.mark"), 1);
        assert_eq!(one("a.node.k-person > circle.mark"), 1);
        assert_eq!(one("a.node.k-other > rect.mark"), 1);
        // The drawing carries no colour of its own: the stylesheet paints
        // every shape in one neutral ink, and colours only the ties.
        assert!(!net.svg.contains("fill="), "{}", net.svg);
        let kinds: Vec<&str> = net.kinds.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(kinds, ["state", "organisation", "group", "person", "other"]);
        let only_states = network(&nodes(2), &[], 2, en());
        assert_eq!(
            only_states.kinds,
            [MapKind {
                kind: "state",
                label: "state".to_string()
            }]
        );
    }

    #[test]
    fn a_label_takes_a_free_place_no_tie_crosses() {
        let at = |name: &str, x: f64, y: f64| MapNode {
            script: Script::Latin,
            name: name.into(),
            url: String::new(),
            kind: None,
            count: 1,
            ties: 0,
            x,
            y,
            r: 6.0,
            labelled: false,
        };
        // The tie between them runs through the first node's first-choice
        // place, on its right: the label goes left instead.
        let ns = [at("Pakistan", 400.0, 300.0), at("India", 700.0, 300.0)];
        let tie: Segment = (700.0, 300.0, 400.0, 300.0);
        assert!(crosses(
            &tie,
            &label_box("Pakistan", Script::Latin, 410.0, 304.0, "start")
        ));
        let labels = place_labels(&ns, &[0, 1], &[tie]);
        assert_eq!(labels[0].map(|l| l.anchor), Some("end"));
        // Without the tie, right comes first.
        assert_eq!(place_labels(&ns, &[0, 1], &[])[0].map(|l| l.anchor), Some("start"));
        // Clipping: a segment wholly beside a box does not cross it.
        assert!(!crosses(&(0.0, 0.0, 10.0, 0.0), &(20.0, -5.0, 30.0, 5.0)));
        assert!(crosses(&(0.0, 0.0, 40.0, 0.0), &(20.0, -5.0, 30.0, 5.0)));
    }

    #[test]
    fn a_tie_is_coloured_by_the_mean_declared_tone_and_links_to_its_page() {
        let ties = vec![
            TieIn {
                a: 0,
                b: 1,
                count: 23,
                tones: vec![1, 1, 2, 1, 1],
                url: Some("/relations/a--b/".into()),
            },
            TieIn {
                a: 0,
                b: 2,
                count: 4,
                tones: vec![-2, -1],
                url: Some("/relations/a--c/".into()),
            },
            TieIn {
                a: 1,
                b: 2,
                count: 3,
                tones: Vec::new(),
                url: None,
            },
        ];
        let mut ns = nodes(3);
        ns[0].name = "Pakistan".into();
        ns[1].name = "Afghan Interim Government".into();
        let net = network(&ns, &ties, 3, en());
        let t = &net.ties[0];
        assert_eq!(t.tone_text, "+1.2");
        assert_eq!(t.tone_class, "p1");
        assert_eq!(
            t.label,
            "Pakistan and Afghan Interim Government: 23 shared entries, mean declared tone +1.2"
        );
        // −1.5 rounds away from zero, to hostile.
        assert_eq!(
            (net.ties[1].tone_class, net.ties[1].tone_text.as_str()),
            ("m2", "\u{2212}1.5")
        );
        assert_eq!(net.ties[2].tone_class, "none");
        assert!(net.ties[2].label.ends_with("3 shared entries, no declared tone"));

        let doc = Html::parse_fragment(&net.svg);
        let links: Vec<_> = doc.select(&Selector::parse("a.tie").unwrap()).collect();
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].value().attr("href"), Some("/relations/a--b/"));
        assert_eq!(links[0].value().attr("aria-label"), Some(t.label.as_str()));
        assert_eq!(doc.select(&Selector::parse("a.tie line.edge.t-p1").unwrap()).count(), 1);
        // Without a page the line is no link, and stays out of the way of
        // assistive technology (the tables list it).
        assert_eq!(
            doc.select(&Selector::parse("g.tie[aria-hidden=true] line.edge.t-none").unwrap())
                .count(),
            1
        );
        // Each node is named even without a drawn label.
        assert_eq!(doc.select(&Selector::parse("a.node[aria-label]").unwrap()).count(), 3);
    }

    #[test]
    fn labels_on_a_dense_network_never_overlap_and_stay_in_the_drawing() {
        let net = network(&nodes(MAP_MAX_NODES), &dense(MAP_MAX_NODES), MAP_MAX_NODES, en());
        assert_labels_clear(&net);
        // Most nodes still get a label; the rest are named by their links.
        assert!(net.labelled * 2 > net.shown, "{} of {}", net.labelled, net.shown);
        let named = Html::parse_fragment(&net.svg)
            .select(&Selector::parse("a.node[aria-label]").unwrap())
            .count();
        assert_eq!(named, MAP_MAX_NODES);
    }

    #[test]
    fn urdu_labels_get_nastaliq_boxes_and_read_right_to_left() {
        let names = [
            "پاکستان",
            "افغانستان",
            "اسحاق ڈار",
            "امیر خان متقی",
            "Institute of Strategic Studies",
        ];
        let ins: Vec<NodeIn> = (0..30)
            .map(|i| NodeIn {
                page_font: Script::Nastaliq,
                name: format!("{} {}", names[i % names.len()], i),
                url: format!("/actors/a{i}/"),
                kind: Some("state"),
                count: 60 - i,
            })
            .collect();
        let net = network(&ins, &dense(30), 30, en());
        assert_labels_clear(&net);
        let doc = Html::parse_fragment(&net.svg);
        assert_eq!(
            doc.select(&Selector::parse("svg").unwrap())
                .next()
                .unwrap()
                .value()
                .attr("direction"),
            Some("ltr"),
            "the drawing is laid out left to right"
        );
        let mut urdu = 0;
        for t in doc.select(&Selector::parse("a.node text").unwrap()) {
            let text: String = t.text().collect();
            let v = t.value();
            if text.starts_with("Institute") {
                // Drawn in the page's Nastaliq font, left to right.
                assert_eq!(
                    (v.attr("direction"), v.attr("class")),
                    (None, Some("nastaliq")),
                    "{text}"
                );
            } else {
                urdu += 1;
                assert_eq!(
                    (v.attr("direction"), v.attr("class")),
                    (Some("rtl"), Some("nastaliq")),
                    "{text}"
                );
            }
        }
        assert!(urdu > 5, "{urdu} Urdu labels drawn");
        // A Nastaliq label's box is about twice a Latin one's height.
        let b = label_box("پاکستان", Script::Nastaliq, 0.0, 0.0, "start");
        assert!(b.3 - b.1 >= 30.0, "{b:?}");
        assert_eq!(Script::of("پاکستان", Script::Latin), Script::Naskh);
        assert_eq!(Script::of("Pakistan", Script::Nastaliq), Script::Nastaliq);
        assert_eq!(Script::of("Pakistan", Script::Latin), Script::Latin);
    }

    #[test]
    fn label_places_are_tried_right_first() {
        let p = MapNode {
            script: Script::Latin,
            name: "Pakistan".into(),
            url: String::new(),
            kind: None,
            count: 1,
            ties: 0,
            x: 480.0,
            y: 320.0,
            r: 10.0,
            labelled: false,
        };
        let alone = place_labels(std::slice::from_ref(&p), &[0], &[]);
        assert_eq!(alone[0].map(|l| l.anchor), Some("start"));
        // A neighbour on the right pushes the label to the left.
        let mut q = p.clone();
        q.x = 520.0;
        let two = place_labels(&[p.clone(), q], &[0, 1], &[]);
        assert_eq!(two[0].map(|l| (l.anchor, l.x < 480.0)), Some(("end", true)));
        // Hemmed in on every side, a node goes unlabelled.
        let mut crowd = vec![p.clone()];
        for (dx, dy) in [
            (-30.0, 0.0),
            (30.0, 0.0),
            (0.0, -26.0),
            (0.0, 26.0),
            (-30.0, -26.0),
            (30.0, -26.0),
            (-30.0, 26.0),
            (30.0, 26.0),
        ] {
            let mut c = p.clone();
            c.x += dx;
            c.y += dy;
            crowd.push(c);
        }
        let order: Vec<usize> = (0..crowd.len()).collect();
        assert!(place_labels(&crowd, &order, &[])[0].is_none());
    }
}

#[cfg(test)]
mod shipped {
    use super::tests::assert_labels_clear;
    use crate::render::chart_data::relations_map;
    use crate::render::charts::testing::en;
    use crate::site::{load_chronicle, Options};
    use std::path::PathBuf;

    #[test]
    fn labels_on_the_shipped_chronicle_never_overlap() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let m = load_chronicle(&Options::new(root))
            .expect("the shipped chronicle loads")
            .0;
        let net = relations_map(&m, en(), true).unwrap();
        assert_labels_clear(&net);
        assert!(net.ties_shown < net.ties_total);
        eprintln!(
            "shipped: {} nodes, {} labelled ({} crossed by a tie), {} of {} ties",
            net.shown, net.labelled, net.labels_crossed, net.ties_shown, net.ties_total
        );
    }

    #[test]
    fn every_pair_with_a_declared_tone_on_the_shipped_map_is_drawn() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let m = load_chronicle(&Options::new(root))
            .expect("the shipped chronicle loads")
            .0;
        let net = relations_map(&m, en(), true).unwrap();
        let drawn = |a: &str, b: &str| {
            net.ties
                .iter()
                .any(|t| (t.a_name == a && t.b_name == b) || (t.a_name == b && t.b_name == a))
        };
        assert!(drawn("Pakistan", "India"), "Pakistan and India declare a tone");
        let mut toned = 0;
        for r in m.relations.iter().filter(|r| !r.tones.is_empty()) {
            let (a, b) = (&m.actors[r.pair.0].name, &m.actors[r.pair.1].name);
            let on_map = |n: &String| net.nodes.iter().any(|p| &p.name == n);
            if on_map(a) && on_map(b) {
                assert!(drawn(a, b), "{a} and {b} declare a tone but are not drawn");
                toned += 1;
            }
        }
        assert_eq!(net.ties_toned, toned);
    }
}
