// words.js: the page's words for the theme's other scripts (explore.js,
// search.js), loaded before them by partials/strings.html. It reads the
// strings the build put in <script type="application/json"
// id="chronicle-strings"> (the language file's js_, status_ and tone_
// keys, the twelve month names, the ten digits, and CLDR's patterns of a
// date and of a month, `date_day` and `date_month`) and gives them as
// `window.ChronicleWords`:
//
//   tr(key, args)   the text of `key`, its plural form chosen by args.n
//                   (the page's plural rules), its {name}s filled from
//                   args (numbers in the page's digits); the key itself
//                   when the page has no such string
//   digits(n)       n with its ASCII digits in the page's ("12" → "۱۲")
//   signed(n)       n with its sign, "+2", "−1", "0"; on a right-to-left
//                   page isolated left to right (LRI … PDI), so the sign
//                   stays before the digits and never reads "2+"
//   date(y, m, d)   a date in words as the build writes it: "19 اپریل،
//                   2025", "April 2025", "2025" (m, d 0 when not known)
//   months          the month names, January first
//   strings, lang   the strings themselves; the page's language
(function (root) {
  "use strict";
  var S = {};
  try {
    var holder = typeof document !== "undefined" && document.getElementById("chronicle-strings");
    S = holder ? JSON.parse(holder.textContent) || {} : {};
  } catch (e) {
    S = {};
  }
  var LANG = (typeof document !== "undefined" && document.documentElement.lang) || "en";
  var PLURALS = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(LANG) : null;
  var MONTHS = S.months || ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  function digits(n) {
    var d = S.digits;
    return d ? String(n).replace(/[0-9]/g, function (c) { return d[+c]; }) : String(n);
  }
  var RTL = typeof document !== "undefined" && document.documentElement.dir === "rtl";
  function signed(n) {
    var s = (n > 0 ? "+" : n < 0 ? "\u2212" : "") + digits(Math.abs(n));
    return RTL && n !== 0 ? "\u2066" + s + "\u2069" : s;
  }
  function fill(pattern, args) {
    return String(pattern).replace(/\{([a-z_0-9]+)\}/g, function (all, k) {
      if (!args || !(k in args)) return all;
      var v = args[k];
      return typeof v === "number" ? digits(v) : String(v);
    });
  }
  function tr(key, args) {
    var p = S[key];
    if (p === undefined || p === null) return key;
    if (typeof p === "object") {
      var n = args && typeof args.n === "number" ? args.n : 0;
      var c = PLURALS ? PLURALS.select(n) : (n === 1 ? "one" : "other");
      p = p[c] !== undefined ? p[c] : p.other;
    }
    return fill(p, args);
  }
  // The patterns are CLDR's for the page's language, those the build's
  // own dates follow: the same order and commas on every page.
  function date(y, m, d) {
    if (m && d) return fill(S.date_day || "{day} {month} {year}", { day: d, month: MONTHS[m - 1], year: y });
    if (m) return fill(S.date_month || "{month} {year}", { month: MONTHS[m - 1], year: y });
    return digits(y);
  }
  root.ChronicleWords = { tr: tr, digits: digits, signed: signed, date: date, months: MONTHS, strings: S, lang: LANG };
})(typeof window !== "undefined" ? window : globalThis);
