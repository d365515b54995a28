// The home page's filters (explore.js) in headless Chromium, over http.
//
// What a filter URL lists is checked against /data/chronicle.json: the
// expectation is computed here, from the export, never from the page.
// SITE_DIR may point at any built chronicle (the shipped one by default,
// or the 10,000-entry benchmark corpus); the filters tried are taken from
// its data, so the test holds for any chronicle.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { siteDir, serve, launch } from "./lib.mjs";

// The sentence as a reader sees it: names sit between Unicode isolates
// (FSI … PDI), which keep each name's own direction and show nothing.
const visible = (text) => text.replace(/[\u2066-\u2069]/g, "");

const root = siteDir();
const data = JSON.parse(fs.readFileSync(path.join(root, "data/chronicle.json"), "utf8"));
const entryPath = (e) => new URL(e.url).pathname;
let server, browser;
before(async () => {
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// ---- the expectation, from the export ----

function daysIn(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
/** [first, last] day a `YYYY[-MM[-DD]]` date may stand for, as yyyymmdd. */
function span(s) {
  const [y, m, d] = s.split("-").map(Number);
  const hm = m || 12;
  return [y * 10000 + (m || 1) * 100 + (d || 1), y * 10000 + hm * 100 + (d || daysIn(y, hm))];
}
/** { inside: [path], maybe: [path] } for a query string, in time order. */
// Newest first as the site orders it: years and months from the latest,
// each closed by the entries known only to it (as in time order); ties in
// reverse time order. Computed from the data, not from the page.
const position = new Map(data.entries.map((e, i) => [new URL(e.url).pathname, i]));
function newestFirst(paths) {
  const key = (p) => {
    const i = position.get(p);
    const [y, m = 0, d = 0] = data.entries[i].date.split("-").map(Number);
    return [-y, m === 0 ? 1 : 0, -m, d === 0 ? 1 : 0, -d, -i];
  };
  return paths
    .map((p) => [key(p), p])
    .sort((a, b) => {
      for (let k = 0; k < a[0].length; k++) if (a[0][k] !== b[0][k]) return a[0][k] - b[0][k];
      return 0;
    })
    .map((x) => x[1]);
}

function expected(query) {
  const q = new URLSearchParams(query);
  const actors = q.getAll("actor"), topics = q.getAll("topic"), statuses = q.getAll("status");
  const tones = q.getAll("tone").map(Number), relations = q.getAll("relation");
  const from = q.get("from") ? span(q.get("from"))[0] : -Infinity;
  const to = q.get("to") ? span(q.get("to"))[1] : Infinity;
  const dated = q.has("from") || q.has("to");
  const inside = [], maybe = [];
  for (const e of data.entries) {
    if (!actors.every((a) => e.actors.includes(a))) continue;
    if (topics.length && !topics.some((t) => e.topics.includes(t))) continue;
    if (statuses.length && !statuses.includes(e.status)) continue;
    const ok = relations.every((r) => {
      const [a, b] = r.split("--");
      if (!e.actors.includes(a) || !e.actors.includes(b)) return false;
      if (!tones.length) return true;
      return e.relations.some((x) => x.between.join("--") === r && tones.includes(x.tone));
    });
    if (!ok) continue;
    if (tones.length && !relations.length && !e.relations.some((x) => tones.includes(x.tone))) continue;
    const [sLo, sHi] = span(e.date);
    const [eLo, eHi] = e.end ? span(e.end) : [sLo, sHi];
    if (!dated || (sHi <= to && eLo >= from)) inside.push(entryPath(e));
    else if (sLo <= to && eHi >= from) maybe.push(entryPath(e));
  }
  return { inside, maybe };
}

// Filters to try, from the chronicle's own data: its most frequent actor
// and topic, its second actor, a planned or reported status, a relation
// with a declared tone, and a date range cutting through a year.
const byCount = (list) => [...list].sort((a, b) => b.entry_count - a.entry_count || (a.slug < b.slug ? -1 : 1));
const [a1, a2] = byCount(data.actors);
const [t1, t2] = byCount(data.topics);
const years = [...new Set(data.entries.map((e) => Number(e.date.slice(0, 4))))].sort();
const midYear = years[Math.floor(years.length / 2)];
const toned = data.relations.find((r) => r.tones.length);
const odd = data.entries.find((e) => e.status !== "occurred");
const FILTERS = [
  `actor=${a1.slug}`,
  `actor=${a1.slug}&actor=${a2.slug}`,
  `topic=${t1.slug}&topic=${t2.slug}`,
  `actor=${a1.slug}&topic=${t1.slug}&from=${midYear}-03&to=${midYear}-05`,
  `from=${midYear}-01&to=${midYear}-06`,
  odd && `status=${odd.status}&status=occurred&from=${midYear}`,
  toned && `relation=${toned.slug}&tone=${toned.tones[0].tone}`,
  toned && `tone=${toned.tones[0].tone}&order=oldest`,
  "order=oldest&view=compact",
].filter(Boolean);

async function openHome(query, options = {}) {
  const page = await browser.newPage(options);
  await page.goto(server.url + (query ? "?" + query : ""), { waitUntil: "load", timeout: 30_000 });
  await page.waitForSelector('#explore[data-state="ready"]', { timeout: 20_000 });
  return page;
}
/** Clicks every "Show more" until all results are listed; the listed paths. */
async function listed(page, selector) {
  for (;;) {
    const more = page.locator(`${selector} > .explore-more:visible`);
    if (!(await more.count())) break;
    await more.first().click();
    await page.waitForFunction((s) => {
      const b = document.querySelector(`${s} > .explore-more`);
      return !b || b.hidden || !b.disabled;
    }, selector);
  }
  return page.$$eval(`${selector} .card-title a`, (as) => as.map((a) => new URL(a.href).pathname));
}

for (const query of FILTERS) {
  test(`/?${query} lists exactly the entries the data says match`, { timeout: 120_000 }, async () => {
    const want = expected(query);
    const newest = !new URLSearchParams(query).has("order");
    const order = (list) => (newest ? newestFirst(list) : list);
    const page = await openHome(query);
    assert.equal(await page.isVisible("#home-window"), false, "the window gives way to the results");
    assert.deepEqual(await listed(page, "#explore-results .explore-inside"), order(want.inside));
    assert.deepEqual(await listed(page, "#explore-results .explore-maybe"), order(want.maybe));
    const count = await page.textContent("#explore-count");
    if (want.inside.length) assert.match(count, new RegExp(`^${want.inside.length} entr`), count);
    if (want.maybe.length) {
      assert.match(count, new RegExp(`${want.maybe.length} more entr`), count);
      assert.match(await page.textContent(".explore-maybe"), /may or may not fall inside/);
    }
    await page.close();
  });
}

test("the form reflects the URL, and a change updates the URL; back restores it", { timeout: 60_000 }, async () => {
  const query = `topic=${t1.slug}`;
  const page = await openHome(query);
  const chips = await page.$$eval("#explore .explore-chip bdi", (b) => b.map((x) => x.textContent));
  assert.deepEqual(chips, [t1.name]);
  const shownNow = () => page.$$eval("#explore-results .explore-inside .card-title a", (as) => as.map((a) => new URL(a.href).pathname));
  const before = await shownNow();
  assert.deepEqual(before, newestFirst(expected(query).inside).slice(0, 30));
  // Tick the first status with entries.
  const status = data.entries.find((e) => e.topics.includes(t1.slug)).status;
  await page.check(`#explore .explore-checks input[value="${status}"]`);
  await page.waitForFunction((s) => location.search.includes("status=" + s), status);
  assert.equal(new URL(page.url()).search, `?topic=${t1.slug}&status=${status}`);
  await page.waitForSelector('#explore[data-state="ready"]');
  assert.deepEqual(await shownNow(), newestFirst(expected(`topic=${t1.slug}&status=${status}`).inside).slice(0, 30));
  await page.goBack();
  await page.waitForFunction((q) => location.search === "?" + q, query);
  await page.waitForFunction(
    (s) => !document.querySelector(`#explore .explore-checks input[value="${s}"]`).checked,
    status,
  );
  await page.waitForSelector('#explore[data-state="ready"]');
  await page.waitForFunction((n) => document.querySelectorAll("#explore-results .explore-inside .card").length === n, before.length);
  assert.deepEqual(await shownNow(), before);
  // Adding an actor through its text input adds a chip and narrows.
  await page.fill("#explore .explore-chips-field input >> nth=0", a1.name);
  await page.press("#explore .explore-chips-field input >> nth=0", "Enter");
  await page.waitForFunction((s) => location.search.includes("actor=" + s), a1.slug);
  assert.match(visible(await page.textContent("#explore-sentence")), new RegExp(`involving ${a1.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  // A chip is removed from the keyboard: its button, then Enter.
  await page.focus(`#explore .explore-chip-remove[aria-label="Remove actor ${a1.name}"]`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((s) => !location.search.includes("actor=" + s), a1.slug);
  assert.equal(new URL(page.url()).search, `?topic=${t1.slug}`);
  await page.close();
});

test("unknown values are shown as such; an empty result offers to clear", { timeout: 60_000 }, async () => {
  const page = await openHome("actor=no-such-actor&topic=" + t1.slug + "&from=2025-13&actors=x");
  const problems = await page.textContent("#explore-problems");
  assert.match(problems, /no actor `no-such-actor`/);
  assert.match(problems, /`from` is not a date: `2025-13`/);
  assert.match(problems, /no parameter `actors` \(did you mean `actor`\?\)/);
  assert.match(await page.textContent("#explore .explore-chip-unknown"), /no actor `no-such-actor`/);
  assert.match(await page.textContent("#explore-count"), /No entries match/);
  await page.click("#explore-results .explore-empty .explore-clear");
  await page.waitForFunction(() => location.search === "");
  await page.waitForSelector("#home-window:not([hidden])");
  await page.close();
});

test("a range that ends before it starts matches nothing, not even entries it cuts through", { timeout: 60_000 }, async () => {
  const page = await openHome(`from=${midYear}-06&to=${midYear}-03`);
  assert.match(await page.textContent("#explore-problems"), /ends .* before it starts/);
  assert.match(await page.textContent("#explore-count"), /No entries match/);
  assert.equal(await page.locator("#explore-results .card").count(), 0);
  await page.close();
});

test("without filters the window of latest entries stays; a filter says what it means", { timeout: 60_000 }, async () => {
  const page = await openHome("");
  assert.equal(await page.isVisible("#home-window"), true);
  assert.equal(await page.isVisible("#explore-results"), false);
  await page.close();
  const p2 = await openHome(`actor=${a1.slug}&actor=${a2.slug}&topic=${t1.slug}&topic=${t2.slug}&from=${midYear}-01&to=${midYear}-06`);
  assert.equal(
    visible(await p2.textContent("#explore-sentence")),
    `Entries involving ${a1.name} and ${a2.name}, on any of ${t1.name} or ${t2.name}, from January to June ${midYear}, newest first.`,
  );
  await p2.close();
});

test("without JavaScript the filters are absent and every entry is reachable through the archive", { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: "load" });
  assert.equal(await page.isVisible("#explore"), false, "no filter form without JavaScript");
  assert.equal(await page.locator("#explore form").count(), 0);
  assert.equal(await page.isVisible("#home-window"), true);
  // Follow the home page's links into the archive (year pages and any
  // pages of them), collecting the entries they link to.
  const seen = new Set(), found = new Set();
  const queue = [new URL(server.url).pathname];
  const rootPath = new URL(server.url).pathname;
  while (queue.length) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    await page.goto(new URL(p, server.url).href, { waitUntil: "domcontentloaded" });
    const links = await page.$$eval("a[href]", (as) =>
      as.map((a) => { try { return new URL(a.href).pathname; } catch { return ""; } }),
    );
    for (const l of links) {
      if (l.startsWith(rootPath + "entries/")) found.add(l);
      else if (l.startsWith(rootPath + "years/") && !seen.has(l)) queue.push(l);
    }
  }
  const all = data.entries.map(entryPath);
  assert.deepEqual(all.filter((e) => !found.has(e)), [], "entries not reachable from the home page's archive");
  await context.close();
});

test("the first filtered view is light and a filter applies fast", { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const sizes = new Map();
  cdp.on("Network.dataReceived", (e) => sizes.set(e.requestId, (sizes.get(e.requestId) || 0) + e.dataLength));
  await page.goto(server.url + `?actor=${a1.slug}&topic=${t1.slug}`, { waitUntil: "networkidle" });
  await page.waitForSelector('#explore[data-state="ready"]');
  bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  assert.ok(bytes < 500_000, `first filtered view: ${bytes} bytes`);
  const ms = await page.evaluate(async (slug) => {
    const t0 = performance.now();
    const box = document.querySelector('#explore .explore-checks input[type="checkbox"]');
    const done = new Promise((r) => document.addEventListener("chronicle-explore", r, { once: true }));
    box.click();
    await done;
    return performance.now() - t0;
  });
  assert.ok(ms < 100, `applying a filter took ${ms.toFixed(1)} ms`);
  console.log(`# explore: first filtered view ${bytes} bytes, a filter applied in ${ms.toFixed(1)} ms`);
  await context.close();
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
for (const scheme of ["light", "dark"]) {
  for (const width of [390, 1280]) {
    test(`axe: the filters and their results (${scheme}, ${width} px) have no serious or critical violations`, { timeout: 60_000 }, async () => {
      const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      const query = `actor=${a1.slug}&actor=nobody&topic=${t1.slug}&from=${midYear}-01&to=${midYear}-06`;
      await page.goto(server.url + "?" + query, { waitUntil: "load" });
      await page.waitForSelector('#explore[data-state="ready"]');
      await page.evaluate(() => { document.querySelector("#explore details").open = true; });
      await page.addScriptTag({ content: axeSource });
      // eslint-disable-next-line no-undef
      const result = await page.evaluate(async () => axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} ` + v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")).join("\n");
      assert.equal(bad.length, 0, report);
      await ctx.close();
    });
  }
}

test("the page as the filters leave it passes the Nu HTML checker", { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + `?actor=${a1.slug}&actor=nobody&topic=${t1.slug}&from=${midYear}-01&to=${midYear}-06&view=compact`, { waitUntil: "load" });
  await page.waitForSelector('#explore[data-state="ready"]');
  // Suggestions fill in when an input is first used.
  await page.focus("#explore .explore-chips-field input >> nth=0");
  const html = "<!DOCTYPE html>\n" + (await page.evaluate(() => document.documentElement.outerHTML));
  await page.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "explore-vnu-"));
  const file = path.join(dir, "filtered.html");
  fs.writeFileSync(file, html);
  const jar = path.join(path.dirname(new URL(import.meta.url).pathname), "node_modules/vnu-jar/build/dist/vnu.jar");
  const r = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", file], { encoding: "utf8", timeout: 100_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.error, undefined, `cannot run java: ${r.error}`);
  const errors = (JSON.parse(r.stderr || r.stdout || "{}").messages || []).filter((m) => m.type === "error");
  assert.deepEqual(errors.map((m) => `${m.lastLine}: ${m.message}`), []);
});
