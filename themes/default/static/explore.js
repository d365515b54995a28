/*
 * explore.js: filters over the chronicle's entries, on any static host.
 *
 * It is two things:
 *
 * 1. The home page's filters. When the page has `<div id="explore"
 *    data-index="…/explore/index.json" hidden>`, the filter form is drawn
 *    into it and shown; the filter lives in the page's URL query, so every
 *    view can be bookmarked, shared, and reached with back and forward.
 *    Without JavaScript the form stays absent and the page keeps its
 *    server-rendered window of the latest entries and its archive links.
 *
 * 2. A small library, `window.ChronicleExplore`, for other pages (search):
 *
 *    load(indexUrl) → Promise<manifest>
 *        Fetches and prepares `explore/index.json`. Call it once; the
 *        functions below use the loaded manifest. The relations are a file
 *        of their own, fetched with it only when the page's URL names one.
 *    ensureRelations() → Promise<manifest>
 *        Fetches the relations (once); `match` and the form call it when
 *        they need them.
 *    filterFromParams(URLSearchParams, [otherNames]) → filter
 *        (otherNames: parameters the calling page reads itself, such as
 *        search's `q`, which are not reported as unknown)
 *        A filter is { actors: [slug], relations: ["a--b"], topics: [slug],
 *        statuses: [status], tones: ["-2".."2"], from: string|null,
 *        to: string|null, order: "newest"|"oldest"|other, view:
 *        "cards"|"compact"|other, unknown: [parameter names it does not
 *        know] }. Values are kept as written, so unknown ones can be shown
 *        as such (see problems()).
 *    paramsFromFilter(filter) → URLSearchParams
 *        The canonical query: actor, relation, topic, status, tone, from,
 *        to, order (only `oldest`), view (only `compact`).
 *    emptyFilter() → filter;   isActive(filter) → bool (any condition set)
 *    problems(filter) → [string]
 *        What the filter names that does not exist or cannot be read:
 *        "no actor `x`", "`from` is not a date: `2025-13`"… An unknown
 *        value matches no entry (for actor, relation and dates, the whole
 *        filter then matches nothing; for topic, status and tone it adds
 *        nothing to the other values).
 *    match(filter) → Promise<{ inside: [n], maybe: [n] }>
 *        Entry numbers (their place in time order, ascending) matching
 *        every kind of condition. Repeated actors or relations narrow
 *        (all of them); repeated topics, statuses or tones widen (any of
 *        them). With a relation, a tone is the tone declared for that
 *        pair; without, for any pair. `inside` holds the entries known to
 *        fall in the date range; `maybe` those the range cannot rule out
 *        (a date known only to its month or year that overlaps the range).
 *        Without a range, `maybe` is empty.
 *    counts(filter) → Promise<{ statuses: {status: n}, tones: {tone: n} }>
 *        For each status (tone), how many entries would match with that
 *        status (tone) in place of the filter's own statuses (tones).
 *    rows(numbers, onPart?) → Promise<[row]>
 *        The rows of those entries, same order (`onPart(rows)`, if given,
 *        gets them run by run as their chunks arrive, in order): { n, url, u (path under
 *        the root), t (title), d (date in words), i (ISO date), st
 *        (status, absent when `occurred`), a ([actor number]), p ([topic
 *        number]), s (summary), l (locations), r ([[actor, actor, tone]]) }.
 *    describe(filter, bare?) → string
 *        The filter as a sentence in the page's language: "Entries
 *        involving Pakistan and Tehrik-i-Taliban Pakistan, on any of
 *        Border management or Trade, planned, from January to June 2025,
 *        newest first" (each name between Unicode isolates); with `bare`,
 *        the conditions only ("involving …, planned"), "" without any.
 *    renderCard(row) → HTMLElement   an entry card like the theme's.
 *    renderForm(container, onChange) → { set(filter), get() → filter }
 *        Draws the filter form into `container`; `onChange(filter)` is
 *        called on every change the reader makes.
 *    manifest()  → the loaded manifest;  actorName(n), topicName(n).
 *
 * All text from the data is set with textContent, never as HTML.
 */
(function () {
  "use strict";

  var M = null; // the manifest, prepared

  /* ---------- words: the page's language ----------
     words.js (loaded before this script, with the page's strings) gives
     tr(), digits() and dates in the page's language. */
  var W = (typeof window !== "undefined" && window.ChronicleWords) || {
    tr: function (key) { return key; },
    digits: String,
    signed: String,
    date: function (y) { return String(y); },
    months: null,
    strings: {},
  };
  var tr = W.tr, digits = W.digits, S = W.strings;
  var cache = new Map(); // url → Promise of parsed JSON

  function getJSON(url) {
    if (!cache.has(url)) {
      var p = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(tr("js_cannot_load", { url: url, status: String(r.status) }));
        return r.json();
      });
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return cache.get(url);
  }

  function fill(pattern, key, value) {
    return pattern.replace(key, encodeURIComponent(value));
  }

  /* ---------- dates ---------- */

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var MONTHS = W.months || ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  function daysIn(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }
  function key(y, m, d) { return y * 10000 + m * 100 + d; }
  // First and last day a partial date may stand for, as yyyymmdd numbers.
  function span(y, m, d) {
    var lo = key(y, m || 1, d || 1);
    var hm = m || 12;
    var hi = key(y, hm, d || daysIn(y, hm));
    return [lo, hi];
  }
  function decode(codes, at, width) {
    var n = 0;
    for (var k = 0; k < width; k++) n = n * 64 + DIGITS.indexOf(codes.charAt(at + k));
    return n;
  }
  // `2025`, `2025-05`, `2025-05-21` → {y, m, d} (0 when absent), or null.
  function parseDate(s) {
    var x = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s || "");
    if (!x) return null;
    var y = +x[1], m = x[2] ? +x[2] : 0, d = x[3] ? +x[3] : 0;
    if (x[2] && (m < 1 || m > 12)) return null;
    if (x[3] && (d < 1 || d > daysIn(y, m))) return null;
    return { y: y, m: m, d: d };
  }
  function humanDate(p) {
    return W.date(p.y, p.m, p.d);
  }

  function prepare(m) {
    var n = m.count, w = m.dates.width, codes = m.dates.codes, base = m.dates.base;
    var sLo = new Int32Array(n), sHi = new Int32Array(n), eLo = new Int32Array(n), eHi = new Int32Array(n);
    // A date code: year (from base), month and day, 0 when not known.
    function fields(c) { return [base + Math.floor(c / 512), Math.floor(c / 32) % 16, c % 32]; }
    function put(i, f, lo, hi) {
      var s = span(f[0], f[1], f[2]);
      lo[i] = s[0];
      hi[i] = s[1];
    }
    // Newest first, as the home page's window: years and months from the
    // latest, and in each the dated entries before those known only to
    // the year (or month), which close it as in time order.
    var keys = new Array(n);
    for (var i = 0; i < n; i++) {
      var f = fields(decode(codes, i * w, w));
      put(i, f, sLo, sHi);
      eLo[i] = sLo[i];
      eHi[i] = sHi[i];
      keys[i] = [f[0], f[1] === 0 ? 1 : 0, f[1], f[2] === 0 ? 1 : 0, f[2], i];
    }
    m.dates.ends.forEach(function (x) { put(x[0], fields(decode(x[1], 0, w)), eLo, eHi); });
    keys.sort(function (a, b) {
      return (b[0] - a[0]) || (a[1] - b[1]) || (b[2] - a[2]) || (a[3] - b[3]) || (b[4] - a[4]) || (b[5] - a[5]);
    });
    var rank = new Int32Array(n);
    keys.forEach(function (k, r) { rank[k[5]] = r; });
    m._newestRank = rank;
    m._d = { sLo: sLo, sHi: sHi, eLo: eLo, eHi: eHi };
    m._actor = new Map();
    m.actors.forEach(function (a, k) { m._actor.set(a[0], k); });
    m._topic = new Map();
    m.topics.forEach(function (t, k) { m._topic.set(t[0], k); });
    // The relations are a file of their own (thousands in a large
    // chronicle), fetched by ensureRelations() when a filter or the form
    // needs them.
    m.relations = m.relations || [];
    m._relation = new Map();
    m.relations.forEach(function (r, k) { m._relation.set(r[0], k); });
    m._status = new Map();
    m.statuses.forEach(function (s, k) { m._status.set(s[0], k); });
    m._tone = new Map();
    m.tones.forEach(function (t, k) { m._tone.set(String(t[0]), k); });
    return m;
  }

  var relationsLoading = null;
  /** Fetches the list of relations once; resolves when it is in M. */
  function ensureRelations() {
    if (!M || !M.urls.relations || M.relations.length === M.relation_count) return Promise.resolve(M);
    if (!relationsLoading) {
      relationsLoading = getJSON(M.urls.relations).then(function (list) {
        M.relations = list;
        M._relation = new Map();
        list.forEach(function (r, k) { M._relation.set(r[0], k); });
        return M;
      });
    }
    return relationsLoading;
  }

  function load(indexUrl) {
    return getJSON(indexUrl).then(function (m) {
      if (!m._d) prepare(m);
      M = m;
      // A URL naming a relation needs the list to read it.
      var wants = typeof location !== "undefined" && new URLSearchParams(location.search).has("relation");
      return wants ? ensureRelations() : m;
    });
  }

  /* ---------- filters and URLs ---------- */

  function emptyFilter() {
    return { actors: [], relations: [], topics: [], statuses: [], tones: [], from: null, to: null, order: "newest", view: "cards", unknown: [] };
  }
  function uniq(a) {
    return a.filter(function (x, k) { return x !== "" && a.indexOf(x) === k; });
  }
  function filterFromParams(params, otherNames) {
    var f = emptyFilter();
    f.actors = uniq(params.getAll("actor").map(trim));
    f.relations = uniq(params.getAll("relation").map(trim));
    f.topics = uniq(params.getAll("topic").map(trim));
    f.statuses = uniq(params.getAll("status").map(trim));
    f.tones = uniq(params.getAll("tone").map(function (t) {
      t = trim(t);
      return /^[+-]?\d+$/.test(t) ? String(+t) : t;
    }));
    f.from = trim(params.get("from") || "") || null;
    f.to = trim(params.get("to") || "") || null;
    f.order = trim(params.get("order") || "") || "newest";
    f.view = trim(params.get("view") || "") || "cards";
    var names = ["actor", "relation", "topic", "status", "tone", "from", "to", "order", "view"].concat(otherNames || []);
    f.unknown = uniq(Array.from(params.keys()).filter(function (k) { return names.indexOf(k) < 0; }));
    return f;
  }
  function trim(s) { return String(s).trim(); }
  function paramsFromFilter(f) {
    var p = new URLSearchParams();
    f.actors.forEach(function (x) { p.append("actor", x); });
    f.relations.forEach(function (x) { p.append("relation", x); });
    f.topics.forEach(function (x) { p.append("topic", x); });
    f.statuses.forEach(function (x) { p.append("status", x); });
    f.tones.forEach(function (x) { p.append("tone", x); });
    if (f.from) p.set("from", f.from);
    if (f.to) p.set("to", f.to);
    if (f.order && f.order !== "newest") p.set("order", f.order);
    if (f.view && f.view !== "cards") p.set("view", f.view);
    return p;
  }
  function isActive(f) {
    return !!(f.actors.length || f.relations.length || f.topics.length || f.statuses.length ||
      f.tones.length || f.from || f.to);
  }
  function copyFilter(f) {
    var g = {};
    Object.keys(f).forEach(function (k) { g[k] = Array.isArray(f[k]) ? f[k].slice() : f[k]; });
    return g;
  }

  // A relation the manifest lists, or a pair of two known actors (entries
  // naming both; such a pair has no declared tone).
  function relationOf(slug) {
    if (M._relation.has(slug)) return { k: M._relation.get(slug) };
    var parts = slug.split("--");
    if (parts.length === 2 && M._actor.has(parts[0]) && M._actor.has(parts[1]) && parts[0] < parts[1]) {
      return { pair: [M._actor.get(parts[0]), M._actor.get(parts[1])] };
    }
    return null;
  }

  function problems(f) {
    var out = [];
    f.actors.forEach(function (x) { if (!M._actor.has(x)) out.push(tr("js_no_actor", { value: x })); });
    f.relations.forEach(function (x) { if (!relationOf(x)) out.push(tr("js_no_relation", { value: x })); });
    f.topics.forEach(function (x) { if (!M._topic.has(x)) out.push(tr("js_no_topic", { value: x })); });
    f.statuses.forEach(function (x) {
      if (!M._status.has(x)) out.push(tr("js_no_status", { value: x, statuses: M.statuses.map(function (s) { return s[0]; }).join(", ") }));
    });
    f.tones.forEach(function (x) { if (!M._tone.has(x)) out.push(tr("js_no_tone", { value: x })); });
    var from = f.from && parseDate(f.from), to = f.to && parseDate(f.to);
    if (f.from && !from) out.push(tr("js_from_not_a_date", { value: f.from }));
    if (f.to && !to) out.push(tr("js_to_not_a_date", { value: f.to }));
    if (from && to && span(from.y, from.m, from.d)[0] > span(to.y, to.m, to.d)[1]) {
      out.push(tr("js_range_backwards", { from: f.from, to: f.to }));
    }
    if (f.order !== "newest" && f.order !== "oldest") out.push(tr("js_no_order", { value: f.order }));
    if (f.view !== "cards" && f.view !== "compact") out.push(tr("js_no_view", { value: f.view }));
    (f.unknown || []).forEach(function (k) {
      var hint = { actors: "actor", topics: "topic", relations: "relation", statuses: "status", tones: "tone", date: "from", since: "from", until: "to" }[k];
      out.push(hint ? tr("js_no_parameter_hint", { value: k, hint: hint }) : tr("js_no_parameter", { value: k }));
    });
    return out;
  }

  /* ---------- sets of entry numbers (ascending Int32Arrays) ---------- */

  function undelta(d) {
    var out = new Int32Array(d.length), n = 0;
    for (var k = 0; k < d.length; k++) { n += d[k]; out[k] = n; }
    return out;
  }
  var EMPTY = new Int32Array(0);
  function intersect(a, b) {
    var out = new Int32Array(Math.min(a.length, b.length)), i = 0, j = 0, n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out[n++] = a[i]; i++; j++; }
    }
    return out.subarray(0, n);
  }
  function union(a, b) {
    var out = new Int32Array(a.length + b.length), i = 0, j = 0, n = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out[n++] = a[i++];
      else if (i >= a.length || b[j] < a[i]) out[n++] = b[j++];
      else { out[n++] = a[i]; i++; j++; }
    }
    return out.subarray(0, n);
  }
  function unionAll(sets) {
    return sets.reduce(function (acc, s) { return union(acc, s); }, EMPTY);
  }
  function all() {
    var out = new Int32Array(M.count);
    for (var k = 0; k < M.count; k++) out[k] = k;
    return out;
  }
  function complement(s) {
    var out = new Int32Array(M.count - s.length), j = 0, n = 0;
    for (var k = 0; k < M.count; k++) {
      if (j < s.length && s[j] === k) j++;
      else out[n++] = k;
    }
    return out.subarray(0, n);
  }

  var sets = new Map(); // url → Promise<Int32Array> (or relation {e, t})
  function posting(url) {
    if (!sets.has(url)) sets.set(url, getJSON(url).then(undelta));
    return sets.get(url);
  }
  function actorSet(k) {
    if (!M.actors[k][2]) return Promise.resolve(EMPTY);
    return posting(fill(M.urls.actor, "{slug}", M.actors[k][0]));
  }
  function topicSet(k) {
    if (!M.topics[k][2]) return Promise.resolve(EMPTY);
    return posting(fill(M.urls.topic, "{slug}", M.topics[k][0]));
  }
  function relationData(rel) {
    if (rel.pair) {
      return Promise.all([actorSet(rel.pair[0]), actorSet(rel.pair[1])]).then(function (x) {
        var e = intersect(x[0], x[1]);
        return { e: e, t: new Array(e.length).fill(null) };
      });
    }
    var url = fill(M.urls.relation, "{slug}", M.relations[rel.k][0]);
    if (!sets.has(url)) {
      sets.set(url, getJSON(url).then(function (x) { return { e: undelta(x[0]), t: x[1] }; }));
    }
    return sets.get(url);
  }
  // A status's entries; `occurred` (every entry has one status) is what
  // the others leave, so its long list is never fetched.
  function statusSet(k) {
    var s = M.statuses[k];
    if (!s[1]) return Promise.resolve(EMPTY);
    if (s[0] === "occurred") {
      var others = M.statuses.map(function (x, j) { return j; }).filter(function (j) { return M.statuses[j][0] !== "occurred"; });
      return Promise.all(others.map(statusSet)).then(function (x) { return complement(unionAll(x)); });
    }
    return posting(fill(M.urls.status, "{status}", s[0]));
  }
  function toneSet(k) {
    var t = M.tones[k];
    if (!t[2]) return Promise.resolve(EMPTY);
    return posting(fill(M.urls.tone, "{n}", String(t[0])));
  }

  function known(list, map) {
    return list.filter(function (x) { return map.has(x); }).map(function (x) { return map.get(x); });
  }

  // Entries meeting every condition but the dates, as an Int32Array (null
  // for every entry).
  function candidates(f) {
    var rels = f.relations.map(relationOf);
    if (f.actors.some(function (x) { return !M._actor.has(x); }) || rels.some(function (r) { return !r; })) {
      return Promise.resolve(EMPTY);
    }
    var jobs = [];
    known(f.actors, M._actor).forEach(function (k) { jobs.push(actorSet(k)); });
    var tones = known(f.tones, M._tone).map(function (k) { return M.tones[k][0]; });
    rels.forEach(function (r) {
      jobs.push(relationData(r).then(function (x) {
        if (!f.tones.length) return x.e;
        var keep = [];
        for (var k = 0; k < x.e.length; k++) if (x.t[k] !== null && tones.indexOf(x.t[k]) >= 0) keep.push(x.e[k]);
        return Int32Array.from(keep);
      }));
    });
    if (f.topics.length) jobs.push(Promise.all(known(f.topics, M._topic).map(topicSet)).then(unionAll));
    if (f.statuses.length) jobs.push(Promise.all(known(f.statuses, M._status).map(statusSet)).then(unionAll));
    if (f.tones.length && !rels.length) jobs.push(Promise.all(known(f.tones, M._tone).map(toneSet)).then(unionAll));
    return Promise.all(jobs).then(function (lists) {
      if (!lists.length) return null;
      lists.sort(function (a, b) { return a.length - b.length; });
      return lists.reduce(intersect);
    });
  }

  function range(f) {
    if (!f.from && !f.to) return null;
    var from = f.from ? parseDate(f.from) : { y: -9999, m: 1, d: 1 };
    var to = f.to ? parseDate(f.to) : { y: 9999, m: 12, d: 31 };
    // A range that cannot be read, or ends before it starts, holds nothing.
    if (!from || !to) return { lo: 1, hi: 0 };
    var lo = span(from.y, from.m, from.d)[0], hi = span(to.y, to.m, to.d)[1];
    return lo > hi ? { lo: 1, hi: 0 } : { lo: lo, hi: hi };
  }

  function match(f) {
    var r = range(f);
    var ready = f.relations.length ? ensureRelations() : Promise.resolve(M);
    return ready.then(function () { return candidates(f); }).then(function (c) {
      var inside = [], maybe = [], d = M._d;
      var n = c ? c.length : M.count;
      for (var k = 0; k < n; k++) {
        var i = c ? c[k] : k;
        if (!r) { inside.push(i); continue; }
        if (d.sHi[i] <= r.hi && d.eLo[i] >= r.lo) inside.push(i);
        else if (d.sLo[i] <= r.hi && d.eHi[i] >= r.lo) maybe.push(i);
      }
      return { inside: inside, maybe: maybe };
    });
  }

  function counts(f) {
    var noStatus = copyFilter(f), noTone = copyFilter(f);
    noStatus.statuses = [];
    noTone.tones = [];
    var out = { statuses: {}, tones: {} };
    return Promise.all([
      match(noStatus).then(function (m) {
        var base = Int32Array.from(m.inside);
        return Promise.all(M.statuses.map(function (s, k) {
          return statusSet(k).then(function (set) { out.statuses[s[0]] = intersect(base, set).length; });
        }));
      }),
      match(noTone).then(function (m) {
        return Promise.all(M.tones.map(function (t) {
          var g = copyFilter(noTone);
          g.tones = [String(t[0])];
          if (!t[2]) { out.tones[t[0]] = 0; return null; }
          return candidates(g).then(function (set) {
            out.tones[t[0]] = set ? intersect(Int32Array.from(m.inside), set).length : m.inside.length;
          });
        }));
      }),
    ]).then(function () { return out; });
  }

  // The rows of `numbers`, in their order. Numbers in ascending or
  // descending order fall into runs of one chunk each; `onPart(rows)`, when
  // given, receives each run as soon as it and the runs before it are in.
  function rows(numbers, onPart) {
    var C = M.chunk, runs = [];
    numbers.forEach(function (n) {
      var k = Math.floor(n / C);
      var last = runs[runs.length - 1];
      if (last && last.k === k) last.n.push(n);
      else runs.push({ k: k, n: [n] });
    });
    var chunks = runs.map(function (r) { return getJSON(fill(M.urls.entries, "{k}", String(r.k))); });
    var out = [];
    return runs.reduce(function (prev, r, j) {
      return prev.then(function () { return chunks[j]; }).then(function (chunk) {
        var part = r.n.map(function (n) {
          var row = chunk[n % C];
          var o = { n: n, url: M.root + row.u };
          Object.keys(row).forEach(function (key) { o[key] = row[key]; });
          return o;
        });
        out.push.apply(out, part);
        if (onPart) onPart(part);
      });
    }, Promise.resolve()).then(function () { return out; });
  }

  /* ---------- words ---------- */

  function actorName(k) { return M.actors[k][1]; }
  function topicName(k) { return M.topics[k][1]; }
  // "A, B and C" ("A، B اور C"): `joiner` is the key of the last link.
  function list(words, joiner) {
    if (words.length < 2) return words.join("");
    return tr(joiner, { rest: words.slice(0, -1).join(tr("js_list_separator")), last: words[words.length - 1] });
  }
  var TONE_KEY = { "-2": "tone_m2", "-1": "tone_m1", "0": "tone_0", "1": "tone_p1", "2": "tone_p2" };
  function toneWord(t) {
    var k = M._tone.get(String(t));
    return k === undefined ? "`" + t + "`" : tr(TONE_KEY[String(M.tones[k][0])]);
  }
  function statusWord(s) { return S["status_" + s] !== undefined ? tr("status_" + s) : s; }
  // A name inside a sentence, isolated (FSI … PDI): each name keeps its
  // own direction, and names of different scripts side by side do not
  // swap, though the sentence is one text.
  function iso(s) { return "\u2068" + s + "\u2069"; }
  function relationWords(slug) {
    var r = relationOf(slug);
    if (!r) return "`" + slug + "`";
    var pair = r.pair || [M.relations[r.k][1], M.relations[r.k][2]];
    return tr("js_pair_and", { a: iso(actorName(pair[0])), b: iso(actorName(pair[1])) });
  }
  function rangeWords(f) {
    var from = f.from && parseDate(f.from), to = f.to && parseDate(f.to);
    if (f.from && !from) from = null;
    if (f.to && !to) to = null;
    var fw = from ? humanDate(from) : f.from ? "`" + f.from + "`" : null;
    var tw = to ? humanDate(to) : f.to ? "`" + f.to + "`" : null;
    if (fw && tw) {
      if (fw === tw) return tr("js_range_in", { date: fw });
      if (from && to && from.y === to.y && from.m && to.m && !from.d && !to.d) {
        return tr("js_range_months", { from: MONTHS[from.m - 1], to: MONTHS[to.m - 1], year: to.y });
      }
      return tr("js_range_from_to", { from: fw, to: tw });
    }
    if (fw) return tr("js_range_from", { from: fw });
    if (tw) return tr("js_range_until", { to: tw });
    return null;
  }
  // With `bare`, only the conditions ("involving A, on B"), for a page
  // that says "entries" and the order itself; "" when there are none.
  function describe(f, bare) {
    var parts = [];
    var name = function (map, names, x) { return map.has(x) ? iso(names(map.get(x))) : "`" + x + "`"; };
    if (f.actors.length) parts.push(tr("js_describe_actors", { names: list(f.actors.map(function (x) { return name(M._actor, actorName, x); }), "js_list_and") }));
    f.relations.forEach(function (x) {
      if (f.tones.length) parts.push(tr("js_describe_relation_tones", { pair: relationWords(x), tones: list(f.tones.map(toneWord), "js_list_or") }));
      else parts.push(tr("js_describe_relation", { pair: relationWords(x) }));
    });
    if (f.topics.length) {
      var t = f.topics.map(function (x) { return name(M._topic, topicName, x); });
      parts.push(tr(t.length > 1 ? "js_describe_topics" : "js_describe_topic", { names: list(t, "js_list_or") }));
    }
    if (f.statuses.length) parts.push(tr("js_describe_statuses", { names: list(f.statuses.map(statusWord), "js_list_or") }));
    if (f.tones.length && !f.relations.length) {
      parts.push(tr("js_describe_tones", { tones: list(f.tones.map(toneWord), "js_list_or") }));
    }
    var r = rangeWords(f);
    if (r) parts.push(r);
    if (bare) return parts.join(tr("js_list_separator"));
    var s = parts.length ? tr("js_describe_entries", { parts: parts.join(tr("js_list_separator")) }) : tr("js_describe_all");
    return tr(f.order === "oldest" ? "js_describe_oldest" : "js_describe_newest", { filter: s });
  }

  /* ---------- DOM ---------- */

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "class") n.className = attrs[k];
        else n.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  var TONE_CLASS = { "-2": "m2", "-1": "m1", "0": "0", "1": "p1", "2": "p2" };

  function renderCard(row) {
    var card = el("article", { class: "card status-" + (row.st || "occurred") });
    var meta = el("p", { class: "meta" });
    meta.appendChild(el("time", { datetime: row.i }, row.d));
    if (row.st) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { class: "badge badge-" + row.st }, statusWord(row.st)));
    }
    if (row.l) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { class: "location" }, row.l));
    }
    card.appendChild(meta);
    if (row.r && row.r.length) {
      var tones = el("p", { class: "card-tones" });
      row.r.forEach(function (x) {
        var chip = el("span", { class: "tone-chip tone-" + TONE_CLASS[String(x[2])] });
        var pair = el("span", { class: "tone-pair" });
        pair.appendChild(el("bdi", null, actorName(x[0])));
        pair.appendChild(document.createTextNode(" – "));
        pair.appendChild(el("bdi", null, actorName(x[1])));
        pair.appendChild(document.createTextNode(":"));
        chip.appendChild(pair);
        chip.appendChild(document.createTextNode(" "));
        chip.appendChild(el("span", { class: "tone-word" }, toneWord(x[2])));
        tones.appendChild(chip);
      });
      card.appendChild(tones);
    }
    // The entry's own text takes its own direction (rows carry no language).
    var h = el("h4", { class: "card-title", dir: "auto" });
    h.appendChild(el("a", { href: row.url }, row.t));
    card.appendChild(h);
    if (row.s) card.appendChild(el("p", { class: "summary", dir: "auto" }, row.s));
    var tags = el("p", { class: "tags" });
    row.a.forEach(function (k) {
      var a = el("a", { class: "tag tag-actor", href: fill(M.urls.actor_page, "{slug}", M.actors[k][0]) });
      a.appendChild(el("bdi", null, actorName(k)));
      tags.appendChild(a);
      tags.appendChild(document.createTextNode(" "));
    });
    row.p.forEach(function (k) {
      tags.appendChild(el("a", { class: "tag tag-topic", href: fill(M.urls.topic_page, "{slug}", M.topics[k][0]) }, topicName(k)));
      tags.appendChild(document.createTextNode(" "));
    });
    card.appendChild(tags);
    return card;
  }

  var uid = 0;

  // A text input with suggestions that adds removable chips.
  function chipField(form, o) {
    var id = "ex-" + o.name + "-" + (++uid);
    var box = el("div", { class: "explore-field explore-chips-field" });
    var label = el("label", { for: id }, o.label + " ");
    label.appendChild(el("span", { class: "explore-hint" }, o.hint));
    box.appendChild(label);
    var row = el("div", { class: "explore-input-row" });
    var input = el("input", { id: id, type: "text", list: id + "-list", autocomplete: "off", placeholder: o.placeholder, "aria-describedby": id + "-error" });
    var add = el("button", { type: "button", class: "explore-add" }, tr("js_add"));
    add.setAttribute("aria-label", o.add);
    row.appendChild(input);
    row.appendChild(add);
    box.appendChild(row);
    var datalist = el("datalist", { id: id + "-list" });
    box.appendChild(datalist);
    var error = el("p", { class: "explore-error", id: id + "-error", "aria-live": "polite" });
    box.appendChild(error);
    var chips = el("ul", { class: "explore-chips", "aria-label": o.chosen });
    box.appendChild(chips);
    form.appendChild(box);
    var filled = false;
    function suggest() {
      if (filled) return;
      filled = true;
      var fill = function () {
        var frag = document.createDocumentFragment();
        o.options().forEach(function (x) { frag.appendChild(el("option", { value: x[1] })); });
        datalist.appendChild(frag);
      };
      // Suggestions that live in a file of their own come when it does.
      if (o.load) o.load().then(fill, function () { filled = false; });
      else fill();
    }
    input.addEventListener("focus", suggest);
    input.addEventListener("input", suggest);
    var values = [];
    function commit() {
      if (o.load) o.load().then(commitNow);
      else commitNow();
    }
    function commitNow() {
      var v = input.value.trim();
      if (!v) return;
      var slug = o.resolve(v);
      if (!slug) {
        error.textContent = tr(o.unknown, { value: "\u2068" + v + "\u2069" });
        input.setAttribute("aria-invalid", "true");
        return;
      }
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      input.value = "";
      if (values.indexOf(slug) < 0) {
        values = values.concat([slug]);
        o.changed(values);
      }
    }
    input.addEventListener("change", commit);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); commit(); }
    });
    add.addEventListener("click", commit);
    return {
      set: function (list) {
        values = list.slice();
        chips.textContent = "";
        list.forEach(function (slug, k) {
          var li = el("li", { class: "explore-chip" + (o.known(slug) ? "" : " explore-chip-unknown") });
          var text = o.known(slug) ? o.name_of(slug) : tr(o.missing, { value: slug });
          li.appendChild(el("bdi", null, text));
          var x = el("button", { type: "button", class: "explore-chip-remove", "aria-label": tr(o.remove, { name: text }) }, "×");
          x.addEventListener("click", function () {
            values = values.filter(function (v) { return v !== slug; });
            o.changed(values);
            var next = chips.querySelectorAll(".explore-chip-remove")[k];
            (next || input).focus();
          });
          li.appendChild(x);
          chips.appendChild(li);
        });
      },
      get: function () { return values.slice(); },
    };
  }

  function checkField(form, o) {
    var fs = el("fieldset", { class: "explore-field explore-checks" });
    var legend = el("legend", null, o.label + " ");
    legend.appendChild(el("span", { class: "explore-hint" }, o.hint));
    fs.appendChild(legend);
    var boxes = {}, countEls = {};
    o.values.forEach(function (v) {
      var id = "ex-" + o.name + "-" + (++uid);
      var wrap = el("div", { class: "explore-check" });
      var box = el("input", { type: "checkbox", id: id, value: v[0] });
      var label = el("label", { for: id }, v[1] + " ");
      var c = el("span", { class: "count" });
      label.appendChild(c);
      box.addEventListener("change", function () { o.changed(); });
      wrap.appendChild(box);
      wrap.appendChild(label);
      fs.appendChild(wrap);
      boxes[v[0]] = box;
      countEls[v[0]] = c;
    });
    form.appendChild(fs);
    return {
      set: function (list) { Object.keys(boxes).forEach(function (k) { boxes[k].checked = list.indexOf(k) >= 0; }); },
      get: function () { return Object.keys(boxes).filter(function (k) { return boxes[k].checked; }); },
      counts: function (c) { Object.keys(countEls).forEach(function (k) { countEls[k].textContent = "(" + (c[k] || 0) + ")"; }); },
      extra: function () { return o.extra ? o.extra() : []; },
    };
  }

  function renderForm(container, onChange) {
    var form = el("form", { class: "explore-form", "aria-label": "Filters" });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var current = emptyFilter();
    function change(k, v) {
      current = copyFilter(current);
      current[k] = v;
      onChange(copyFilter(current));
    }
    var byName = function (items) {
      var m = new Map();
      items.forEach(function (x) { m.set(x[1].toLowerCase(), x[0]); m.set(x[0].toLowerCase(), x[0]); });
      return m;
    };
    var actorNames = byName(M.actors), topicNames = byName(M.topics);
    var relationNames = new Map();
    function relationNamed(v) {
      if (relationNames.size === 0) {
        M.relations.forEach(function (r) {
          relationNames.set(r[0], r[0]);
          relationNames.set((actorName(r[1]) + " – " + actorName(r[2])).toLowerCase(), r[0]);
        });
      }
      return relationNames.get(v.toLowerCase());
    }
    var grid = el("div", { class: "explore-grid" });
    form.appendChild(grid);
    var fields = {};
    fields.actors = chipField(grid, {
      name: "actor", label: tr("js_actors"), hint: tr("js_actors_hint"), add: tr("js_add_actor"), chosen: tr("js_chosen_actors"),
      unknown: "js_unknown_actor", missing: "js_no_actor", remove: "js_remove_actor",
      placeholder: tr("js_type_a_name"), options: function () { return M.actors; },
      resolve: function (v) { return actorNames.get(v.toLowerCase()); },
      known: function (s) { return M._actor.has(s); }, name_of: function (s) { return actorName(M._actor.get(s)); },
      changed: function (v) { change("actors", v); },
    });
    fields.topics = chipField(grid, {
      name: "topic", label: tr("js_topics"), hint: tr("js_any_of_them"), add: tr("js_add_topic"), chosen: tr("js_chosen_topics"),
      unknown: "js_unknown_topic", missing: "js_no_topic", remove: "js_remove_topic",
      placeholder: tr("js_type_a_topic"), options: function () { return M.topics; },
      resolve: function (v) { return topicNames.get(v.toLowerCase()); },
      known: function (s) { return M._topic.has(s); }, name_of: function (s) { return topicName(M._topic.get(s)); },
      changed: function (v) { change("topics", v); },
    });
    fields.relations = chipField(grid, {
      name: "relation", label: tr("js_relation"), hint: tr("js_relation_hint"), add: tr("js_add_relation"), chosen: tr("js_chosen_relations"),
      unknown: "js_unknown_relation", missing: "js_no_relation", remove: "js_remove_relation",
      placeholder: tr("js_type_two_names"), load: ensureRelations, options: function () {
        return M.relations.map(function (r) { return [r[0], actorName(r[1]) + " – " + actorName(r[2])]; });
      },
      resolve: function (v) { var s = relationNamed(v) || v; return relationOf(s) ? s : null; },
      known: function (s) { return !!relationOf(s); }, name_of: relationWords,
      changed: function (v) { change("relations", v); },
    });
    var dates = el("fieldset", { class: "explore-field explore-dates" });
    dates.appendChild(el("legend", null, tr("js_dates")));
    var dateInput = function (k, text) {
      var id = "ex-" + k + "-" + (++uid);
      var wrap = el("div", { class: "explore-date" });
      wrap.appendChild(el("label", { for: id }, text));
      var input = el("input", { id: id, type: "text", inputmode: "numeric", placeholder: "YYYY-MM", autocomplete: "off", "aria-describedby": id + "-error", size: "10" });
      var error = el("p", { class: "explore-error", id: id + "-error", "aria-live": "polite" });
      input.addEventListener("change", function () {
        var v = input.value.trim();
        if (v && !parseDate(v)) {
          error.textContent = tr("js_write_a_date");
          input.setAttribute("aria-invalid", "true");
          return;
        }
        error.textContent = "";
        input.removeAttribute("aria-invalid");
        change(k, v || null);
      });
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); input.dispatchEvent(new Event("change")); }
      });
      wrap.appendChild(input);
      wrap.appendChild(error);
      dates.appendChild(wrap);
      return { set: function (v) { if (document.activeElement !== input || !input.getAttribute("aria-invalid")) input.value = v || ""; error.textContent = ""; input.removeAttribute("aria-invalid"); } };
    };
    fields.from = dateInput("from", tr("js_from"));
    fields.to = dateInput("to", tr("js_to"));
    dates.appendChild(el("p", { class: "explore-hint" }, tr("js_dates_hint")));
    grid.appendChild(dates);
    fields.statuses = checkField(grid, {
      name: "status", label: tr("js_status"), hint: tr("js_any_of_them"),
      values: M.statuses.map(function (s) { return [s[0], statusWord(s[0])]; }),
      changed: function () { change("statuses", fields.statuses.get()); },
    });
    fields.tones = checkField(grid, {
      name: "tone", label: tr("js_tone"), hint: tr("js_tone_hint"),
      values: M.tones.map(function (t) { return [String(t[0]), W.signed(t[0]) + " " + tr(TONE_KEY[String(t[0])])]; }),
      changed: function () { change("tones", fields.tones.get()); },
    });
    var bar = el("div", { class: "explore-bar" });
    var toggle = function (k, on, off, text) {
      var id = "ex-" + k + "-" + (++uid);
      var wrap = el("div", { class: "explore-check explore-toggle" });
      var box = el("input", { type: "checkbox", id: id });
      box.addEventListener("change", function () { change(k, box.checked ? on : off); });
      wrap.appendChild(box);
      wrap.appendChild(el("label", { for: id }, text));
      bar.appendChild(wrap);
      return { set: function (v) { box.checked = v === on; } };
    };
    fields.order = toggle("order", "oldest", "newest", tr("js_oldest_first"));
    fields.view = toggle("view", "compact", "cards", tr("js_compact_list"));
    var clear = el("button", { type: "button", class: "explore-clear" }, tr("js_clear_filters"));
    clear.addEventListener("click", function () {
      var f = emptyFilter();
      f.view = current.view;
      current = f;
      onChange(copyFilter(f));
      form.querySelector("input").focus();
    });
    bar.appendChild(clear);
    form.appendChild(bar);
    container.appendChild(form);
    return {
      set: function (f) {
        current = copyFilter(f);
        fields.actors.set(f.actors);
        fields.topics.set(f.topics);
        fields.relations.set(f.relations);
        fields.from.set(f.from);
        fields.to.set(f.to);
        var st = f.statuses.filter(function (s) { return M._status.has(s); });
        fields.statuses.set(st);
        fields.tones.set(f.tones);
        fields.order.set(f.order);
        fields.view.set(f.view);
        clear.disabled = !isActive(f);
      },
      get: function () { return copyFilter(current); },
      counts: function (c) {
        fields.statuses.counts(c.statuses);
        fields.tones.counts(c.tones);
      },
    };
  }

  /* ---------- the home page ---------- */

  var PAGE = 30;

  function groupInto(listEl, rowsList, state) {
    rowsList.forEach(function (row) {
      var p = parseDate(row.i) || { y: 0, m: 0 };
      var k = p.y + "-" + p.m;
      if (state.key !== k) {
        state.key = k;
        var sec = el("section", { class: "month explore-month" });
        sec.appendChild(el("h3", { class: "month-heading" }, p.m ? W.date(p.y, p.m, 0) : tr("js_during", { year: p.y })));
        state.box = el("div", { class: "month-entries" });
        sec.appendChild(state.box);
        listEl.appendChild(sec);
      }
      state.box.appendChild(renderCard(row));
    });
  }


  function mountHome(container) {
    var homeWindow = document.getElementById("home-window");
    load(container.getAttribute("data-index")).then(function () {
      var head = el("div", { class: "panel-head" });
      head.appendChild(el("h2", { id: "explore-h" }, tr("js_filter_the_chronicle")));
      head.appendChild(el("p", { class: "explore-rule" }, tr("js_filter_rule")));
      container.appendChild(head);
      // The form folds away on narrow screens; the count and the sentence stay.
      var fold = el("details", { class: "explore-fold" });
      var foldLabel = el("summary", null, tr("js_filters"));
      fold.appendChild(foldLabel);
      fold.open = !window.matchMedia || window.matchMedia("(min-width: 640px)").matches;
      container.appendChild(fold);
      var form = renderForm(fold, function (f) { show(f, true); });
      var status = el("div", { class: "explore-status" });
      var count = el("p", { class: "explore-count", id: "explore-count", role: "status", "aria-live": "polite" });
      var sentence = el("p", { class: "explore-sentence", id: "explore-sentence" });
      var issues = el("ul", { class: "explore-problems", id: "explore-problems" });
      status.appendChild(count);
      status.appendChild(sentence);
      status.appendChild(issues);
      container.appendChild(status);
      var results = el("section", { class: "explore-results timeline", id: "explore-results", "aria-label": tr("js_matching_entries") });
      results.hidden = true;
      container.parentNode.insertBefore(results, container.nextSibling);
      container.hidden = false;
      var seq = 0, firstShown = 0;

      function section(nums, cls, title, note) {
        var sec = el("div", { class: cls });
        if (title) {
          sec.appendChild(el("h2", { class: "explore-maybe-heading" }, title));
          sec.appendChild(el("p", { class: "explore-hint" }, note));
        }
        var listEl = el("div", { class: "explore-list" });
        sec.appendChild(listEl);
        var more = el("button", { type: "button", class: "explore-more" });
        var shown = 0, state = {};
        function page() {
          var next = nums.slice(shown, shown + PAGE);
          shown += next.length;
          more.hidden = shown >= nums.length;
          more.textContent = tr("js_show_n_more", { n: Math.min(PAGE, nums.length - shown), left: nums.length - shown });
          return rows(next, function (part) {
            groupInto(listEl, part, state);
            if (!firstShown) firstShown = performance.now();
          });
        }
        more.addEventListener("click", function () { more.disabled = true; page().then(function () { more.disabled = false; }); });
        sec.appendChild(more);
        results.appendChild(sec);
        return page();
      }

      function show(f, push) {
        var my = ++seq;
        var t0 = performance.now();
        firstShown = 0;
        container.setAttribute("data-state", "busy");
        if (push) {
          var q = paramsFromFilter(f).toString();
          history.pushState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
        }
        form.set(f);
        var set = f.actors.length + f.relations.length + f.topics.length + f.statuses.length + f.tones.length + (f.from ? 1 : 0) + (f.to ? 1 : 0);
        foldLabel.textContent = set ? tr("js_filters_set", { n: set }) : tr("js_filters");
        var compact = f.view === "compact";
        if (homeWindow) homeWindow.classList.toggle("view-compact", compact);
        results.classList.toggle("view-compact", compact);
        var bad = problems(f);
        issues.textContent = "";
        bad.forEach(function (p) { issues.appendChild(el("li", null, tr("js_not_understood", { problem: p }))); });
        sentence.textContent = describe(f) + ".";
        var listing = isActive(f) || f.order === "oldest";
        return Promise.all([match(f), counts(f)]).then(function (x) {
          if (my !== seq) return null;
          var m = x[0];
          form.counts(x[1]);
          var t1 = performance.now();
          results.textContent = "";
          if (!listing) {
            results.hidden = true;
            if (homeWindow) homeWindow.hidden = false;
            count.textContent = tr("js_latest_below", { n: M.count });
            done(t0, t1);
            return null;
          }
          if (homeWindow) homeWindow.hidden = true;
          results.hidden = false;
          var order = function (a) {
            if (f.order === "oldest") return a;
            var rank = M._newestRank;
            return Array.from(a).sort(function (x, y) { return rank[x] - rank[y]; });
          };
          var text;
          if (m.maybe.length) {
            text = m.inside.length ? tr("js_n_match_maybe", { n: m.inside.length, maybe: tr("js_n_more_may", { n: m.maybe.length }) }) :
              tr("js_none_inside_maybe", { maybe: tr("js_n_more_may", { n: m.maybe.length }) });
          } else {
            text = m.inside.length ? tr("js_n_match", { n: m.inside.length }) : tr("js_no_match");
          }
          count.textContent = text;
          var jobs = [];
          if (!m.inside.length && !m.maybe.length) {
            var empty = el("div", { class: "explore-empty" });
            empty.appendChild(el("p", null, tr("js_none_meets")));
            var again = el("button", { type: "button", class: "explore-clear" }, tr("js_clear_filters"));
            again.addEventListener("click", function () {
              var g = emptyFilter();
              g.view = f.view;
              show(g, true);
              container.querySelector("input").focus();
            });
            empty.appendChild(again);
            results.appendChild(empty);
          }
          if (m.inside.length) jobs.push(section(order(m.inside), "explore-inside"));
          if (m.maybe.length) {
            jobs.push(section(order(m.maybe), "explore-maybe", tr("js_perhaps"), tr("js_perhaps_note")));
          }
          return Promise.all(jobs).then(function () { if (my === seq) done(t0, t1); });
        }).catch(function (e) {
          count.textContent = tr("js_filters_failed", { error: e.message });
        });
      }
      function done(t0, t1) {
        var t2 = performance.now();
        api.timing = { match: t1 - t0, first: (firstShown || t2) - t0, total: t2 - t0 };
        container.setAttribute("data-state", "ready");
        document.dispatchEvent(new CustomEvent("chronicle-explore", { detail: api.timing }));
      }
      window.addEventListener("popstate", function () {
        show(filterFromParams(new URLSearchParams(location.search)), false);
      });
      show(filterFromParams(new URLSearchParams(location.search)), false);
    }).catch(function () {
      // Without its data the form stays absent; the page works as without JavaScript.
    });
  }

  var api = {
    load: load,
    ensureRelations: ensureRelations,
    manifest: function () { return M; },
    emptyFilter: emptyFilter,
    filterFromParams: filterFromParams,
    paramsFromFilter: paramsFromFilter,
    isActive: isActive,
    problems: problems,
    match: match,
    counts: counts,
    rows: rows,
    describe: describe,
    renderCard: renderCard,
    renderForm: renderForm,
    actorName: actorName,
    topicName: topicName,
    timing: null,
  };
  window.ChronicleExplore = api;

  function start() {
    var c = document.getElementById("explore");
    if (c && c.getAttribute("data-index")) mountHome(c);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
