// Client-side search over search-index.json: no server, no framework.
// Every query word must match (as a word prefix) the entry's title, actors,
// topics, summary or body words; matches in the title count most.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = null;
  var MAX = 100;

  function fold(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(s) {
    return fold(s).split(/[^\p{L}\p{N}']+/u).filter(function (t) { return t.length > 0; });
  }
  function prepare(data) {
    data.entries.forEach(function (e) {
      e.ft = " " + tokens(e.t).join(" ");
      e.fa = " " + tokens(e.a.map(function (i) { return data.actors[i]; }).join(" ")).join(" ");
      e.fp = " " + tokens(e.p.map(function (i) { return data.topics[i]; }).join(" ")).join(" ");
      e.fs = " " + tokens(e.s).join(" ");
      e.fw = " " + e.w;
    });
    return data;
  }
  function score(e, words) {
    var total = 0;
    for (var k = 0; k < words.length; k++) {
      var w = " " + words[k];
      var s = 0;
      if (e.ft.indexOf(w) >= 0) s += 8;
      if (e.fa.indexOf(w) >= 0) s += 5;
      if (e.fp.indexOf(w) >= 0) s += 4;
      if (e.fs.indexOf(w) >= 0) s += 2;
      if (e.fw.indexOf(w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function show(q) {
    list.textContent = "";
    var words = tokens(q);
    if (!words.length) { status.textContent = ""; return; }
    var hits = [];
    index.entries.forEach(function (e) {
      var s = score(e, words);
      if (s > 0) hits.push([s, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1].i < b[1].i ? 1 : a[1].i > b[1].i ? -1 : 0); });
    status.textContent = hits.length === 0 ? "No entries match \u201c" + q + "\u201d." :
      hits.length + (hits.length === 1 ? " entry matches" : " entries match") + " \u201c" + q + "\u201d" +
      (hits.length > MAX ? "; showing the first " + MAX + "." : ".");
    hits.slice(0, MAX).forEach(function (h) {
      var e = h[1];
      var li = el("li", "search-result");
      var a = el("a", null, e.t);
      a.href = index.root + e.u;
      var title = el("h2", "card-title");
      title.appendChild(a);
      li.appendChild(title);
      var meta = el("p", "meta");
      var time = el("time", null, e.d);
      time.setAttribute("datetime", e.i);
      meta.appendChild(time);
      if (e.st) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge badge-" + e.st, e.st)); }
      var who = e.a.map(function (i) { return index.actors[i]; }).join(", ");
      if (who) meta.appendChild(document.createTextNode(" \u00b7 " + who));
      li.appendChild(meta);
      if (e.s) li.appendChild(el("p", "summary", e.s));
      list.appendChild(li);
    });
  }
  function run() {
    var q = input.value.trim();
    if (history.replaceState) {
      var url = q ? "?q=" + encodeURIComponent(q) : location.pathname;
      history.replaceState(null, "", url);
    }
    if (index) { show(q); return; }
    status.textContent = "Loading the search index\u2026";
    fetch(form.getAttribute("data-index"))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { index = prepare(data); show(input.value.trim()); })
      .catch(function () { status.textContent = "The search index could not be loaded."; });
  }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
