// Client-side search over the sharded index in search/ (written by
// src/render/search.rs): no server, no framework. A query loads the
// manifest, the term shards that can hold its words, and the records (and,
// for matches in the body, the text) of only the results it shows.
// Every query word must match; the last one also as the start of a word.
(function () {
  "use strict";

  // --- Folding: the same as src/render/search.rs (tests/fixtures/search-fold.json):
  // marks (harakat, hamza above) dropped after NFKD; ك as ک, ي and ى as ی;
  // ه ة ۃ ە as ہ; Arabic-Indic and Persian digits as ASCII; tatweel, soft
  // hyphen, ZWNJ and ZWJ dropped. The same for every language.
  var MARKS = /\p{M}/gu;
  var APOSTROPHES = /[\u2018\u2019\u02bc]/g;
  var DROPPED = /[\u0640\u00ad\u200c\u200d]/g;
  var SEPARATORS = /[^\p{Alphabetic}\p{N}']+/u;
  function digit(base) {
    return function (d) { return String.fromCharCode(48 + d.charCodeAt(0) - base); };
  }
  function fold(s) {
    return s.toLowerCase().normalize("NFKD")
      .replace(MARKS, "")
      .replace(APOSTROPHES, "'")
      .replace(/\u0643/g, "\u06a9")
      .replace(/[\u064a\u0649]/g, "\u06cc")
      .replace(/[\u0647\u0629\u06c3\u06d5]/g, "\u06c1")
      .replace(/\u03c2/g, "\u03c3")
      .replace(/[\u0660-\u0669]/g, digit(0x0660))
      .replace(/[\u06f0-\u06f9]/g, digit(0x06f0))
      .replace(DROPPED, "");
  }
  function tokens(folded) {
    return folded.split(SEPARATORS)
      .map(function (t) { return t.replace(/^'+|'+$/g, ""); })
      .filter(function (t) { return t.length > 0; });
  }
  function forms(token) {
    var out = [token];
    if (token.indexOf("'") < 0) return out;
    var stem = token.length > 2 && token.slice(-2) === "'s" ? token.slice(0, -2) : null;
    if (stem) out.push(stem);
    token.split("'").forEach(function (p) {
      if (Array.from(p).length >= 2 && p !== stem) out.push(p);
    });
    return out;
  }
  function terms(text) {
    var out = [];
    tokens(fold(text)).forEach(function (t) { out.push.apply(out, forms(t)); });
    return out;
  }
  var api = { fold: fold, tokens: tokens, forms: forms, terms: terms };
  if (typeof window !== "undefined") window.ChronicleSearch = api;
  if (typeof document === "undefined") return;

  var form = document.querySelector(".search-form");
  if (!form) return;

  // --- Words: the page's language, from words.js (loaded before this
  // script, with the page's strings).
  var W = window.ChronicleWords || { tr: function (key) { return key; }, digits: String, strings: {} };
  var tr = W.tr, S = W.strings;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;
  // The last word is matched as a word start only while the shards that can
  // hold such words stay under these (beyond the word's own shard): past
  // them, as a whole word.
  var PREFIX_SHARDS = 3;
  var PREFIX_BYTES = 160 * 1024;
  var WEIGHTS = [8, 5, 4, 2, 1]; // title, actor, topic, summary, body
  var TITLE = 1, SUMMARY = 8, BODY = 16;

  var manifest = null;
  var cache = {};
  function getJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }
  function partUrl(template, n) { return template.replace("{n}", String(n)); }
  function loadManifest() {
    return manifest ? Promise.resolve(manifest) :
      getJSON(form.getAttribute("data-index")).then(function (m) { manifest = m; return m; });
  }
  // The last shard whose first term is <= term (terms sort as JS strings).
  function shardOf(term) {
    var s = manifest.shards, lo = 0, hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid][0] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // Shards to load for a query word, and whether it is a prefix after all.
  function plan(word) {
    var first = shardOf(word.text);
    if (!word.prefix) return { shards: [first], prefix: false };
    var last = shardOf(word.text + "\uffff");
    // What the word's beginnings cost beyond the shard of the word itself.
    var bytes = 0;
    for (var i = first + 1; i <= last; i++) bytes += manifest.shards[i][1];
    if (last - first + 1 > PREFIX_SHARDS || bytes > PREFIX_BYTES) return { shards: [first], prefix: false };
    var out = [];
    for (var k = first; k <= last; k++) out.push(k);
    return { shards: out, prefix: true };
  }
  function lowerBound(shard, term) {
    var lo = 0, hi = shard.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (shard[mid][0] < term) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  // Flags (title, actor, ...) of the word in each entry, by entry number.
  function postings(word, prefix, shards) {
    var flags = new Uint8Array(manifest.entries);
    var bits = Math.pow(2, manifest.flag_bits);
    function add(p) {
      var e = 0, f = 0;
      for (var k = 0; k < p.length; k++) {
        var v = p[k];
        if (v < 0) {
          // The -v entries after the last one, with its flags.
          for (var n = 0; n < -v; n++) flags[++e] |= f;
        } else {
          e += Math.floor(v / bits);
          f = v % bits;
          flags[e] |= f;
        }
      }
    }
    shards.forEach(function (shard) {
      for (var i = lowerBound(shard, word); i < shard.length; i++) {
        var t = shard[i][0];
        if (t === word) add(shard[i][1]);
        else if (prefix && t.slice(0, word.length) === word) add(shard[i][1]);
        else break;
      }
    });
    return flags;
  }

  // The query: folded words, the last one a prefix unless a space follows it.
  function parse(q) {
    var words = tokens(fold(q)).map(function (t) { return { text: t, prefix: false }; });
    if (words.length && !/\s$/.test(q)) words[words.length - 1].prefix = true;
    return words;
  }

  function search(q, filter) {
    var words = parse(q);
    if (!words.length) return Promise.resolve(null);
    return loadManifest().then(function () {
      var plans = words.map(plan);
      var need = {};
      plans.forEach(function (p) { p.shards.forEach(function (n) { need[n] = true; }); });
      var nums = Object.keys(need);
      return Promise.all(nums.map(function (n) { return getJSON(partUrl(manifest.terms_url, n)); }))
        .then(function (loaded) {
          var shards = {};
          nums.forEach(function (n, k) { shards[n] = loaded[k]; });
          var per = words.map(function (w, k) {
            return postings(w.text, plans[k].prefix, plans[k].shards.map(function (n) { return shards[n]; }));
          });
          var hits = [], rest = [];
          for (var e = 0; e < manifest.entries; e++) {
            var score = 0, union = 0, ok = true;
            for (var k = 0; k < per.length; k++) {
              var f = per[k][e];
              if (!f) { ok = false; break; }
              union |= f;
              for (var b = 0; b < WEIGHTS.length; b++) if (f & (1 << b)) score += WEIGHTS[b];
            }
            if (!ok) continue;
            if (!filter || filter(e)) hits.push({ entry: e, score: score, flags: union });
            else rest.push(e);
          }
          hits.sort(function (a, b) { return b.score - a.score || b.entry - a.entry; });
          var whole = words.filter(function (w, k) { return w.prefix && !plans[k].prefix; });
          words.forEach(function (w, k) { w.prefix = plans[k].prefix; });
          return { words: words, hits: hits, whole: whole, rest: rest };
        });
    });
  }

  // --- Highlighting, by DOM: text nodes and <mark>, never markup from text.
  var RUN = /[\p{Alphabetic}\p{N}\p{M}'\u2018\u2019\u02bc\u0640\u00ad\u200c\u200d]+/gu;
  function matcher(words) {
    return function (run) {
      var ts = tokens(fold(run));
      for (var i = 0; i < ts.length; i++) {
        var fs = forms(ts[i]);
        for (var j = 0; j < fs.length; j++) {
          for (var k = 0; k < words.length; k++) {
            var w = words[k].text;
            if (fs[j] === w || (words[k].prefix && fs[j].slice(0, w.length) === w)) return true;
          }
        }
      }
      return false;
    };
  }
  // [start, end) of each matching word of text.
  function matches(text, match) {
    var out = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text)) !== null) {
      if (match(m[0])) {
        var word = m[0].replace(/^['\u2018\u2019\u02bc]+/, "");
        var start = m.index + m[0].length - word.length;
        word = word.replace(/['\u2018\u2019\u02bc]+$/, "");
        out.push([start, start + word.length]);
      }
    }
    return out;
  }
  function marked(parent, text, match) {
    var at = 0;
    matches(text, match).forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }
  // Some words of the body around its first match, or null.
  function excerpt(body, match) {
    var first = matches(body, match)[0];
    if (!first) return null;
    var start = Math.max(0, first[0] - 80), end = Math.min(body.length, first[1] + 180);
    if (start > 0) { var sp = body.indexOf(" ", start); start = sp >= 0 && sp < first[0] ? sp + 1 : start; }
    if (end < body.length) { var ep = body.lastIndexOf(" ", end); end = ep > first[1] ? ep : end; }
    return (start > 0 ? "\u2026" : "") + body.slice(start, end) + (end < body.length ? "\u2026" : "");
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  // Records (and body text, where the excerpt comes from it) of some hits.
  function details(hits) {
    return Promise.all(hits.map(function (h) {
      var m = getJSON(partUrl(manifest.meta_url, Math.floor(h.entry / manifest.meta_chunk)));
      var inBody = (h.flags & BODY) && !(h.flags & SUMMARY);
      var t = inBody ? getJSON(partUrl(manifest.text_url, Math.floor(h.entry / manifest.text_chunk))) : null;
      return Promise.all([m, t]).then(function (r) {
        return {
          record: r[0][h.entry % manifest.meta_chunk],
          body: r[1] ? r[1][h.entry % manifest.text_chunk] : null,
        };
      });
    }));
  }
  function result(h, d, match) {
    var e = d.record;
    var li = el("li", "search-result");
    var a = el("a");
    a.href = e.u;
    marked(a, e.t, match);
    // The title keeps its own direction (an Urdu title on an English page).
    a.setAttribute("dir", "auto");
    var title = el("h2", "card-title");
    title.appendChild(a);
    li.appendChild(title);
    var meta = el("p", "meta");
    var time = el("time", null, e.d);
    time.setAttribute("datetime", e.i);
    meta.appendChild(time);
    if (e.st) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "badge badge-" + e.st, S["status_" + e.st] !== undefined ? tr("status_" + e.st) : e.st));
    }
    // Each name in an element of its own, isolated: names of different
    // scripts side by side never reorder each other.
    e.a.forEach(function (name, k) {
      meta.appendChild(document.createTextNode(k === 0 ? " \u00b7 " : tr("js_list_separator")));
      meta.appendChild(el("bdi", null, name));
    });
    li.appendChild(meta);
    var text = (d.body && excerpt(d.body, match)) || e.s;
    if (text) li.appendChild(marked(el("p", "summary"), text, match));
    return li;
  }

  var current = null; // { seq, q, found, shown }
  var seq = 0;
  // The query isolated (FSI … PDI) in the sentence: an Urdu query on an
  // English page, or the other way round, keeps its own order.
  function quote(q) { return tr("js_quoted", { text: "\u2068" + q + "\u2069" }); }
  function describe(found) {
    var n = found.hits.length, q = quote(found.q);
    var key = (n === 0 ? "js_search_none" : "js_search_matches") + (found.filters ? "_among" : "");
    var s = tr(key, { n: n, query: q, filters: found.filters });
    if (found.maybe) s += " " + tr("js_search_maybe", { n: found.maybe });
    if (found.problems && found.problems.length) s += " " + tr("js_search_problems", { problems: found.problems.join(tr("js_list_separator_strong")) });
    if (found.shown < n) s += " " + tr("js_search_showing", { n: found.shown });
    if (found.whole.length) s += " " + tr("js_search_whole_word", { word: quote(found.whole[0].text) });
    return s;
  }
  function showNext(found, my) {
    var slice = found.hits.slice(found.shown, found.shown + PAGE);
    var match = matcher(found.words);
    return details(slice).then(function (ds) {
      if (my !== seq) return;
      var firstNew = null;
      slice.forEach(function (h, k) {
        var li = result(h, ds[k], match);
        if (!firstNew) firstNew = li;
        list.appendChild(li);
      });
      found.shown += slice.length;
      status.textContent = describe(found);
      // Whatever the language, programs (and tests) can tell the search is done.
      status.setAttribute("data-state", "done");
      if (more) more.hidden = found.shown >= found.hits.length;
      return firstNew;
    });
  }

  // --- Filters: the timeline's, through explore.js (window.ChronicleExplore),
  // loaded only when the reader opens them or the URL names one, so a plain
  // search fetches nothing of it.
  var filters = document.getElementById("search-filters");
  var FILTER_KEYS = ["actor", "relation", "topic", "status", "tone", "from", "to"];
  var explore = null; // Promise of ChronicleExplore, once asked for
  var filter = null; // the current filter, once explore is loaded
  var filterForm = null;
  var matched = {}; // filter as JSON -> Promise of { inside: Uint8Array, maybe: Uint8Array }
  function loadExplore() {
    if (explore) return explore;
    explore = new Promise(function (resolve, reject) {
      if (window.ChronicleExplore) { resolve(window.ChronicleExplore); return; }
      var script = document.createElement("script");
      script.src = filters.getAttribute("data-script");
      script.onload = function () { window.ChronicleExplore ? resolve(window.ChronicleExplore) : reject(new Error("explore.js")); };
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function (CE) {
      return CE.load(filters.getAttribute("data-index")).then(function () {
        filter = CE.filterFromParams(new URLSearchParams(location.search), ["q"]);
        filterForm = CE.renderForm(filters.querySelector(".search-filter-form"), function (f) {
          filter = f;
          filterForm.set(f);
          run();
        });
        filterForm.set(filter);
        return CE;
      });
    });
    explore.catch(function () { explore = null; });
    return explore;
  }
  function filterActive() {
    return !!(filter && window.ChronicleExplore && window.ChronicleExplore.isActive(filter));
  }
  // Entries the filter keeps: known to be inside, or perhaps (a date range
  // that an entry dated to its month or year overlaps).
  function filterSets(CE) {
    var key = JSON.stringify(filter);
    if (!matched[key]) {
      matched[key] = CE.match(filter).then(function (r) {
        var n = CE.manifest().count;
        var inside = new Uint8Array(n), maybe = new Uint8Array(n);
        r.inside.forEach(function (e) { inside[e] = 1; });
        r.maybe.forEach(function (e) { maybe[e] = 1; });
        return { inside: inside, maybe: maybe };
      });
    }
    return matched[key];
  }
  function updateUrl(q) {
    if (!history.replaceState) return;
    var params = filterActive() ? window.ChronicleExplore.paramsFromFilter(filter) : new URLSearchParams();
    var out = new URLSearchParams();
    if (q) out.set("q", q);
    params.forEach(function (v, k) { if (FILTER_KEYS.indexOf(k) >= 0) out.append(k, v); });
    var s = out.toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  }
  function run() {
    var q = input.value;
    var my = ++seq;
    status.setAttribute("data-state", "searching");
    updateUrl(q.trim());
    if (!q.trim()) { list.textContent = ""; status.textContent = ""; if (more) more.hidden = true; return; }
    if (!manifest) status.textContent = tr("js_search_loading");
    var active = filterActive();
    var sets = active ? filterSets(window.ChronicleExplore) : Promise.resolve(null);
    sets.then(function (f) {
      return search(q, f ? function (e) { return f.inside[e] === 1; } : null).then(function (r) {
        if (!r) return r;
        if (f) {
          r.maybe = 0;
          // Words matched, but a date range cannot tell: said, not listed.
          r.rest.forEach(function (e) { if (f.maybe[e]) r.maybe++; });
        }
        return r;
      });
    })
      .then(function (r) {
        if (my !== seq || !r) return;
        list.textContent = "";
        var CE = window.ChronicleExplore;
        current = {
          q: q.trim(), hits: r.hits, words: r.words, whole: r.whole, shown: 0,
          filters: active ? CE.describe(filter, true) : "",
          problems: active ? CE.problems(filter) : [],
          maybe: r.maybe || 0,
        };
        return showNext(current, my);
      })
      .catch(function () { if (my === seq) status.textContent = tr("js_search_failed"); });
  }
  if (filters) {
    filters.hidden = false;
    var named = new URLSearchParams(location.search);
    var wanted = FILTER_KEYS.some(function (k) { return named.has(k); });
    filters.addEventListener("toggle", function () {
      if (filters.open) {
        loadExplore().catch(function () {
          filters.querySelector(".search-filter-form").textContent = tr("js_search_filters_failed");
        });
      }
    });
    if (wanted) {
      filters.open = true;
      loadExplore().then(function () { if (input.value.trim()) run(); }, function () {});
    }
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); run(); });
  if (more) {
    more.addEventListener("click", function () {
      if (!current) return;
      var my = seq;
      showNext(current, my).then(function (li) {
        var link = li && li.querySelector("a");
        if (link) link.focus();
      });
    });
  }
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    // With a filter in the URL, the search runs once the filter is loaded.
    if (!filters || !FILTER_KEYS.some(function (k) { return new URLSearchParams(location.search).has(k); })) run();
  }
})();
