//! The relations map: actors as a network, laid out by force and drawn with
//! labels placed where they collide least.

use std::fmt::Write as _;

use serde::Serialize;

use crate::html::escape as esc;

use super::N;

/// An actor as the network layout takes it.
#[derive(Debug, Clone)]
pub struct NodeIn {
    pub name: String,
    pub url: String,
    pub kind: Option<&'static str>,
    pub count: usize,
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

/// A tie as the layout takes it: `(a, b, weight)`, nodes by index.
type Edge = (usize, usize, usize);

/// Lays out and draws the network of `nodes` with `edges` `(a, b, weight)`.
pub fn network(nodes: &[NodeIn], edges: &[Edge], actors_with_entries: usize) -> Network {
    let n = nodes.len();
    let ties = strongest_ties(n, edges);
    let raw = layout(nodes, &ties);
    let out_nodes = place_nodes(nodes, &raw, &ties);

    let title = "Relations map".to_string();
    let summary = map_summary(n, actors_with_entries, ties.len());
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
    draw_edges(&mut svg, &out_nodes, &ties);
    let by_size = by_size(&out_nodes);
    let labels = place_labels(&out_nodes, &by_size);
    // The biggest actors are "major": a phone shows only their labels.
    let mut major = vec![false; n];
    for &i in by_size.iter().take(MAP_MAJOR) {
        major[i] = true;
    }
    draw_nodes(&mut svg, &out_nodes, &labels, &major);

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

fn map_summary(shown: usize, actors_with_entries: usize, ties: usize) -> String {
    format!(
        "{shown} actors{of}, each a circle sized by its entries and linked to its page; a line joins two actors who \
         appear in the same entries, thicker for more. {ties} ties are drawn.",
        of = if shown < actors_with_entries {
            format!(" with the most entries, of {actors_with_entries}")
        } else {
            String::new()
        },
    )
}

/// The ties worth drawing: each node's strongest [`MAP_TIES_PER_NODE`].
fn strongest_ties(n: usize, edges: &[Edge]) -> Vec<Edge> {
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
    let mut kept: Vec<Edge> = edges.iter().zip(&keep).filter(|(_, &k)| k).map(|(e, _)| *e).collect();
    kept.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
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
            name: nd.name.clone(),
            url: nd.url.clone(),
            kind: nd.kind,
            count: nd.count,
            ties: degree[i],
            x: ((if sx > 0.0 { mx + (x - x0) * sx } else { MAP_W / 2.0 }) * 10.0).round() / 10.0,
            y: ((if sy > 0.0 { my + (y - y0) * sy } else { MAP_H / 2.0 }) * 10.0).round() / 10.0,
            r: ((4.0 + 14.0 * (nd.count as f64 / max_count).sqrt()) * 10.0).round() / 10.0,
        })
        .collect()
}

/// The ties as lines, thicker for more shared entries.
fn draw_edges(svg: &mut String, nodes: &[MapNode], ties: &[Edge]) {
    let max_w = ties.iter().map(|t| t.2).max().unwrap_or(1).max(1) as f64;
    svg.push_str("<g class=\"edges\" aria-hidden=\"true\">");
    // Weakest first, so the strongest ties are drawn on top.
    for &(a, b, w) in ties.iter().rev() {
        let f = w as f64 / max_w;
        let _ = write!(
            svg,
            "<line class=\"edge{strong}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"/>",
            N(nodes[a].x),
            N(nodes[a].y),
            N(nodes[b].x),
            N(nodes[b].y),
            N(0.8 + 6.0 * f),
            strong = if f >= 0.5 { " strong" } else { "" },
        );
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
#[derive(Clone, Copy)]
struct Label {
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// A box on the drawing: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

/// A place a label could take, with the box its text would cover.
#[derive(Clone, Copy)]
struct Candidate {
    label: Label,
    area: Rect,
}

/// How much worse each candidate place is than beside the node (right,
/// left, above, below, then the diagonals): the diagonals serve only to
/// avoid a collision.
const PLACE_COST: [f64; 8] = [0.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0];

/// Labels beside each node where they collide least, biggest node first.
fn place_labels(nodes: &[MapNode], by_size: &[usize]) -> Vec<Label> {
    let mut boxes: Vec<Rect> = nodes
        .iter()
        .map(|p| (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
        .collect();
    let start = Label {
        x: 0.0,
        y: 0.0,
        anchor: "start",
    };
    let mut labels = vec![start; nodes.len()];
    for &i in by_size {
        let candidates = label_candidates(&nodes[i]);
        let mut best = 0;
        let mut best_cost = f64::MAX;
        for (c, cand) in candidates.iter().enumerate() {
            let cost = overlap(&cand.area, &boxes, i) + PLACE_COST[c];
            if cost < best_cost - 1e-9 {
                best_cost = cost;
                best = c;
            }
        }
        let c = candidates[best];
        labels[i] = c.label;
        boxes.push(c.area);
    }
    labels
}

/// The places a node's label may take: beside, above, below, then the
/// diagonals.
fn label_candidates(p: &MapNode) -> [Candidate; 8] {
    let w = label_width(&p.name);
    let gap = p.r + 4.0;
    let d = gap * 0.7;
    let cand = |x: f64, y: f64, anchor: &'static str| {
        let x0 = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        Candidate {
            label: Label { x, y, anchor },
            area: (x0, y - 12.0, x0 + w, y + 2.0),
        }
    };
    [
        cand(p.x + gap, p.y + 4.0, "start"),
        cand(p.x - gap, p.y + 4.0, "end"),
        cand(p.x, p.y - gap - 3.0, "middle"),
        cand(p.x, p.y + gap + 11.0, "middle"),
        cand(p.x + d, p.y - d - 2.0, "start"),
        cand(p.x + d, p.y + d + 10.0, "start"),
        cand(p.x - d, p.y - d - 2.0, "end"),
        cand(p.x - d, p.y + d + 10.0, "end"),
    ]
}

/// How badly box `b` collides: its overlap with every box but node
/// `own`'s, plus a heavy charge for leaving the drawing (worse than
/// touching a neighbour).
fn overlap(b: &Rect, boxes: &[Rect], own: usize) -> f64 {
    let mut cost = 0.0;
    for (k, o) in boxes.iter().enumerate() {
        if k == own {
            continue;
        }
        let ox = (b.2.min(o.2) - b.0.max(o.0)).max(0.0);
        let oy = (b.3.min(o.3) - b.1.max(o.1)).max(0.0);
        cost += ox * oy;
    }
    let out = (0.0 - b.0).max(0.0) + (b.2 - MAP_W).max(0.0) + (0.0 - b.1).max(0.0) + (b.3 - MAP_H).max(0.0);
    cost += out * 200.0;
    cost
}

/// Estimated width of a label in the map's font (12 px, sans-serif).
fn label_width(s: &str) -> f64 {
    s.chars().count() as f64 * 6.4 + 2.0
}

/// Each node as a link to its actor's page: circle, label and tooltip.
fn draw_nodes(svg: &mut String, nodes: &[MapNode], labels: &[Label], major: &[bool]) {
    svg.push_str("<g class=\"nodes\">");
    for (i, p) in nodes.iter().enumerate() {
        let l = labels[i];
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
            lx = N(l.x),
            ly = N(l.y),
            anchor = l.anchor,
        );
    }
    svg.push_str("</g></svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

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
