// Right-to-left chronicles in a real browser: the Urdu fixture
// (tests/fixtures/urdu) built with the chronicle binary, served, and read
// the way an Urdu reader's browser lays it out.
//   node --test tests/browser/languages.test.mjs     (CHRONICLE_BIN=... for the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve, launch } from "./lib.mjs";

const repo = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
const bin = process.env.CHRONICLE_BIN || path.join(repo, "target/release/chronicle");

// The folders the sites are built into, removed when the tests end.
const made = [];

/** Builds the chronicle at `root` into a fresh folder; returns the folder. */
function buildAt(root, name) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `chronicle-${name}-`));
  made.push(out);
  execFileSync(bin, ["--root", root, "build", "--out", path.join(out, "site")], { stdio: "pipe" });
  return path.join(out, "site");
}
/** Builds fixture `name`. */
function build(name) {
  return buildAt(path.join(repo, "tests/fixtures", name), name);
}

// The Urdu fixture (an Urdu chronicle), and the shipped chronicle: English,
// with its Urdu edition under /ur/, whose long English names and Nastaliq
// labels are what a reader at 390 px meets.
let server, shipped, bilingual, browser;
before(async () => {
  assert.ok(fs.existsSync(bin), `no chronicle binary at ${bin}: cargo build --release first`);
  server = await serve(build("urdu"));
  shipped = await serve(buildAt(repo, "shipped"));
  bilingual = await serve(build("bilingual"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await shipped?.close();
  await bilingual?.close();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

test("search results isolate each actor's name in an element of its own", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("طورخم"), { waitUntil: "load" });
  await page.waitForSelector(".search-result .meta bdi", { timeout: 10_000 });
  const metas = await page.$$eval(".search-result .meta", (ps) =>
    ps.map((p) => ({
      names: Array.from(p.querySelectorAll("bdi"), (b) => b.textContent),
      // No text node holds two names joined.
      joined: Array.from(p.childNodes).some((n) => n.nodeType === 3 && /\S, \S/.test(n.textContent)),
    })),
  );
  assert.ok(metas.length > 0);
  for (const m of metas) {
    assert.equal(m.joined, false, JSON.stringify(m));
    assert.ok(m.names.length >= 2, JSON.stringify(m));
    assert.ok(m.names.includes("پاکستان") && m.names.includes("افغانستان"), JSON.stringify(m));
  }
  await page.close();
});

// Where each of `words` is drawn in the first element matching `selector`
// that holds them all: the box of the word's first occurrence after the
// previous one, from a Range over the text (as the reader's eye meets it).
async function boxes(page, selector, words) {
  return page.$eval(
    selector,
    (el, words) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let text = "";
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push([n, text.length]);
        text += n.textContent;
      }
      const at = (i) => {
        let k = nodes.length - 1;
        while (k > 0 && nodes[k][1] > i) k--;
        return [nodes[k][0], i - nodes[k][1]];
      };
      let from = 0;
      return words.map((w) => {
        const i = text.indexOf(w, from);
        if (i < 0) throw new Error(`no "${w}" in ${text}`);
        from = i + w.length;
        const r = document.createRange();
        const [a, ai] = at(i);
        const [b, bi] = at(i + w.length - 1);
        r.setStart(a, ai);
        r.setEnd(b, bi + 1);
        const box = r.getBoundingClientRect();
        return { w, left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      });
    },
    words,
  );
}

test("an Urdu sentence with an English name and date reads in order, its full stop at the line's end", { timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + "entries/dar-visits-kabul/", { waitUntil: "load" });
  // "پاکستان کے وزیر خارجہ Ishaq Dar نے 19 April 2025 کو کابل کا دورہ کیا (Islamabad)۔"
  const [pakistan, minister, ishaq, dar, ne, d19, april, y2025, ko, islamabad, stop] = await boxes(
    page,
    ".entry-layout > .body p",
    ["پاکستان", "خارجہ", "Ishaq", "Dar", "نے", "19", "April", "2025", "کو", "Islamabad", "۔"],
  );
  const sameLine = (a, b) => Math.abs(a.top - b.top) < 8;
  assert.ok(sameLine(pakistan, dar) && sameLine(dar, y2025), "the sentence's start is one line at 1280 px");
  // Right to left: Urdu words read from the right; the English name is one
  // run after "خارجہ", its own words left to right; "نے" follows it.
  assert.ok(pakistan.left > minister.right, "پاکستان before خارجہ");
  assert.ok(minister.left >= dar.right - 1, `the name comes after خارجہ: ${JSON.stringify([minister, dar])}`);
  assert.ok(ishaq.right <= dar.left + 1, "Ishaq Dar reads left to right");
  assert.ok(ne.right <= ishaq.left + 1, "نے comes after the name");
  // The date: 19 first (rightmost), then April 2025 as one run, then کو.
  assert.ok(d19.right <= ne.left + 1, "19 after نے");
  assert.ok(april.right <= d19.left + 1 && y2025.right <= d19.left + 1, "April 2025 after 19");
  assert.ok(april.right <= y2025.left + 1, "April before 2025, left to right");
  assert.ok(ko.right <= april.left + 1, "کو after the date");
  // The full stop ends the sentence at its left, after the parenthesis.
  assert.ok(stop.right <= islamabad.left + 1, `۔ after (Islamabad): ${JSON.stringify([islamabad, stop])}`);
  const line = await page.$eval(".entry-layout > .body p", (p) => p.getBoundingClientRect().right);
  assert.ok(pakistan.right > line - 4, "the paragraph starts at its right edge");
  await page.close();
});

test("interface dates, counts and tones read in order on Urdu pages", { timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + "entries/dar-visits-kabul/", { waitUntil: "load" });
  // "19 اپریل، 2025": the day at the right, then the month, then the year.
  const [day, month, year] = await boxes(page, ".entry-when time", ["19", "اپریل", "2025"]);
  assert.ok(day.left >= month.right - 1 && month.left >= year.right - 1, JSON.stringify([day, month, year]));
  // "+2 تعاون پر مبنی": the tone before its word, from the right.
  const [tone, word] = await boxes(page, ".tones li .nowrap", ["2", "تعاون"]);
  assert.ok(tone.left >= word.right - 1, JSON.stringify([tone, word]));
  // Timeline lines and the blockquote bar sit on the right.
  await page.goto(server.url, { waitUntil: "load" });
  const edge = await page.$eval(".month-entries", (el) => {
    const s = getComputedStyle(el);
    return { right: s.borderRightWidth, left: s.borderLeftWidth };
  });
  assert.equal(edge.right, "2px");
  assert.equal(edge.left, "0px");
  await page.close();
});

test("the map's Urdu labels are measured for Nastaliq: none overlaps another or leaves the drawing", { timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + "map/", { waitUntil: "load" });
  const boxesOf = await page.$$eval("svg.network a.node text", (ts) =>
    ts.map((t) => {
      const b = t.getBBox();
      return { text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height };
    }),
  );
  assert.ok(boxesOf.length >= 4, JSON.stringify(boxesOf));
  const view = await page.$eval("svg.network", (s) => ({ width: s.viewBox.baseVal.width, height: s.viewBox.baseVal.height }));
  // Each label is drawn inside the box the build placed it by: the
  // estimate for its font (Nastaliq's line spans some 30 px at 12 px).
  const estimated = await page.$$eval("svg.network a.node text", (ts) =>
    ts.map((t) => {
      const cls = t.getAttribute("class");
      const [arabicW, up, down] = cls === "nastaliq" ? [6.0, 23.4, 8.4] : cls === "naskh" ? [5.6, 13.8, 8.4] : [6.8, 12, 3.6];
      const text = t.textContent;
      const w = Array.from(text).reduce((s, c) => s + (/[\u0600-\u06ff]/.test(c) ? arabicW : 6.8), 0) + 2;
      const x = +t.getAttribute("x"), y = +t.getAttribute("y");
      let anchor = t.getAttribute("text-anchor");
      if (t.getAttribute("direction") === "rtl") anchor = { start: "end", end: "start" }[anchor] || anchor;
      const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      return { x0, y0: y - up, x1: x0 + w, y1: y + down };
    }),
  );
  for (const [k, a] of boxesOf.entries()) {
    const e = estimated[k];
    assert.ok(
      a.x >= e.x0 - 1 && a.x + a.w <= e.x1 + 1 && a.y >= e.y0 - 1 && a.y + a.h <= e.y1 + 1,
      `${a.text} is drawn outside the box it was placed by: ${JSON.stringify([a, e])}`,
    );
  }
  for (const [k, a] of boxesOf.entries()) {
    assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.w <= view.width && a.y + a.h <= view.height, `${a.text} leaves the drawing`);
    for (const b of boxesOf.slice(k + 1)) {
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `${a.text} overlaps ${b.text}: ${JSON.stringify([a, b])}`);
    }
  }
  await page.close();
});

test("the filters write a date as the build does, CLDR's comma and all", { timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + "entries/dar-visits-kabul/", { waitUntil: "load" });
  const built = await page.$eval(".entry-when time", (t) => t.textContent.trim());
  assert.equal(built, "19 اپریل، 2025");
  await page.goto(server.url + "?from=2025-04-19&to=2025-05", { waitUntil: "load" });
  await page.waitForSelector('#explore[data-state="ready"]', { timeout: 10_000 });
  const sentence = await page.$eval("#explore-sentence", (p) => p.textContent);
  assert.ok(sentence.includes(built), `${sentence} writes 19 April 2025 as the page does (${built})`);
  assert.ok(sentence.includes("مئی 2025"), sentence);
  await page.close();
});

// The lines a Range's text is drawn on: the distinct tops of its boxes.
const LINES = `(el) => {
  const r = document.createRange();
  r.selectNodeContents(el);
  const tops = new Set(Array.from(r.getClientRects(), (b) => Math.round(b.top)));
  return tops.size;
}`;

test("a name or a signed tone with its word never breaks across lines, at 390 px, right to left or left to right", { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const units = ".tones bdi, .tones .tone-word, .relation-list bdi, .relation-list .tone-chip, .card-tones bdi, .card-tones .tone-word, .card .meta bdi, .pair-cell bdi";
  let seen = 0;
  for (const url of ["ur/entries/2025-04-19-dar-visits-kabul/", "entries/2025-04-19-dar-visits-kabul/", "ur/actors/afghan-interim-government/", "actors/afghan-interim-government/", "ur/actors/ishaq-dar/", "ur/map/", "map/"]) {
    await page.goto(shipped.url + url, { waitUntil: "load" });
    const broken = await page.$$eval(units, (els, lines) => {
      const count = new Function(`return (${lines})`)();
      return els
        // A unit wider than its whole line may wrap (at its spaces).
        .filter((el) => {
          const line = el.parentElement.closest("li, p, dd, td, article");
          const s = getComputedStyle(line);
          const inner = line.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          return el.getBoundingClientRect().width < inner - 1;
        })
        .map((el) => [el.textContent, count(el)]);
    }, LINES);
    seen += broken.length;
    for (const [text, lines] of broken) assert.equal(lines, 1, `${url}: "${text}" is broken over ${lines} lines`);
  }
  assert.ok(seen > 40, `${seen} names and tones looked at`);
  await page.close();
});

test("Nastaliq has room: the kind badge holds its letters, the earlier and later labels clear their titles, an English place sits at the column's start", { timeout: 120_000 }, async () => {
  for (const width of [390, 1280]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
      await page.goto(shipped.url + "ur/actors/ishaq-dar/", { waitUntil: "load" });
      // The text's own box (Nastaliq's tall ascent and deep descent) inside
      // the pill, with room above for the dots of ش.
      const kind = await page.$eval(".eyebrow .kind", (k) => {
        const r = document.createRange();
        r.selectNodeContents(k);
        const t = r.getBoundingClientRect(), b = k.getBoundingClientRect();
        return { above: t.top - b.top, below: b.bottom - t.bottom };
      });
      assert.ok(kind.above >= 2 && kind.below >= 0, `${width}: the badge cuts its letters: ${JSON.stringify(kind)}`);
      await page.goto(shipped.url + "ur/entries/2025-04-19-dar-visits-kabul/", { waitUntil: "load" });
      const cards = await page.$$eval(".prev-next a", (as) =>
        as.map((a) => {
          const box = (el) => {
            const r = document.createRange();
            r.selectNodeContents(el);
            return r.getClientRects();
          };
          const label = box(a.querySelector(".dir")), title = box(a.querySelector(".t"));
          return { labelBottom: label[label.length - 1].bottom, titleTop: title[0].top, rel: a.rel };
        }),
      );
      assert.equal(cards.length, 2);
      for (const c of cards) assert.ok(c.labelBottom <= c.titleTop, `${width}: the ${c.rel} label runs into its title: ${JSON.stringify(c)}`);
      // "Kabul", English on an Urdu page, flush with the facts' start (the
      // right), as the Urdu values above it are; the English title with
      // the date above it.
      const kabul = await page.evaluate(() => {
        const dd = [...document.querySelectorAll(".facts dd")].find((d) => d.textContent.includes("Kabul"));
        const r = document.createRange();
        r.selectNodeContents(dd);
        const h1 = document.createRange();
        h1.selectNodeContents(document.querySelector(".entry-header > h1"));
        return {
          text: r.getBoundingClientRect().right,
          dd: dd.getBoundingClientRect().right,
          title: h1.getBoundingClientRect().right,
          date: document.querySelector(".entry-when").getBoundingClientRect().right,
        };
      });
      assert.ok(Math.abs(kabul.text - kabul.dd) < 1, `${width}: Kabul is not at the start of its column: ${JSON.stringify(kabul)}`);
      assert.ok(Math.abs(kabul.title - kabul.date) < 2, `${width}: the title is not flush with the date: ${JSON.stringify(kabul)}`);
      await page.close();
    }
  }
});

// Every signed number ("+1", "−2", "+۱٫۵") in the elements matching
// `selector`: where its sign and its first digit are drawn, and in which
// kind of element (`legend`, `caption`, `tone`, `chart`).
async function signedNumbers(page, selector) {
  return page.$$eval(selector, (els) => {
    const kindOf = (el) =>
      el.closest("svg") ? "chart" : el.closest(".legend, .kind-legend, .tie-legend") ? "legend" : el.closest("figcaption, caption, .chart-note, .lede") ? "caption" : "tone";
    const out = [];
    const seen = new Set();
    for (const root of els) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (seen.has(n)) continue;
        seen.add(n);
        const text = n.textContent;
        for (const m of text.matchAll(/[+\u2212]\u2069?(?=[0-9\u06f0-\u06f9])/g)) {
          const box = (i) => {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            return r.getBoundingClientRect();
          };
          const sign = box(m.index), digit = box(m.index + m[0].length);
          if (sign.width === 0 || digit.width === 0) continue;
          const number = text.slice(m.index, m.index + m[0].length + 3).replace(/[\u2066-\u2069]/g, "");
          out.push({ number, kind: kindOf(n.parentElement), sign: [sign.left, sign.right], digit: [digit.left, digit.right], top: sign.top - digit.top });
        }
      }
    }
    return out;
  }, null);
}

test("a signed number reads +1, not 1+, in an Urdu page's chart legends, captions and tone labels, and a Pashto one's", { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const kinds = new Map();
  const pages = [
    [shipped, "ur/"],
    [shipped, "ur/relations/afghan-interim-government--pakistan/"],
    [shipped, "ur/entries/2025-04-19-dar-visits-kabul/"],
    [shipped, "ur/actors/afghan-interim-government/"],
    [shipped, "ur/map/"],
    [bilingual, "ps/"],
    [bilingual, "ps/relations/afghanistan--pakistan/"],
  ];
  for (const [site, url] of pages) {
    await page.goto(site.url + url, { waitUntil: "load" });
    assert.equal(await page.$eval("html", (h) => h.dir), "rtl", url);
    const found = await signedNumbers(page, "main");
    for (const f of found) {
      kinds.set(f.kind, (kinds.get(f.kind) || 0) + 1);
      // The sign on the digits' left, on their line: "+1", never "1+".
      assert.ok(
        f.sign[1] <= f.digit[0] + 0.5 && Math.abs(f.top) < 12,
        `${url}: ${f.number} (${f.kind}) is drawn with its sign after its digits: ${JSON.stringify(f)}`,
      );
    }
  }
  for (const kind of ["legend", "caption", "tone"]) {
    assert.ok((kinds.get(kind) || 0) >= 3, `signed numbers checked by kind: ${JSON.stringify([...kinds])}`);
  }
  await page.close();
});
