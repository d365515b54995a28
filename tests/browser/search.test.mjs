// Client-side search in headless Chromium, over http.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { siteDir, serve, launch } from "./lib.mjs";

const root = siteDir();
const QUERY = process.env.SEARCH_QUERY || "Torkham";
const EXPECT = process.env.SEARCH_EXPECT || "entries/2025-03-22-torkham-reopens/";
let server, browser;
before(async () => {
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// The index files of the built site, read the way the README documents.
const read = (url) => JSON.parse(fs.readFileSync(path.join(root, new URL(url, "http://x").pathname), "utf8"));
const manifest = read("/search/manifest.json");
const part = (template, n) => read(template.replace("{n}", String(n)));
function allTerms() {
  const out = [];
  manifest.shards.forEach((_, n) => {
    for (const [term, postings] of part(manifest.terms_url, n)) {
      let e = 0;
      let f = 0;
      const entries = [];
      for (const v of postings) {
        if (v < 0) {
          for (let n = 0; n < -v; n++) entries.push([++e, f]);
        } else {
          e += Math.floor(v / 32);
          f = v % 32;
          entries.push([e, f]);
        }
      }
      out.push({ term, entries });
    }
  });
  return out;
}
const terms = allTerms();
const record = (e) => part(manifest.meta_url, Math.floor(e / manifest.meta_chunk))[e % manifest.meta_chunk];
const body = (e) => part(manifest.text_url, Math.floor(e / manifest.text_chunk))[e % manifest.text_chunk];

async function open(query) {
  const page = await browser.newPage();
  await page.goto(server.url + "search/", { waitUntil: "load", timeout: 30_000 });
  await page.fill("#search-q", query);
  await page.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent), null, {
    timeout: 10_000,
  });
  return page;
}

test(`typing "${QUERY}" lists the entry ${EXPECT}, the word marked in its title`, { timeout: 60_000 }, async () => {
  const page = await open(QUERY);
  const link = page.locator(`#search-results a[href$="${EXPECT}"]`);
  await link.first().waitFor({ timeout: 10_000 });
  const status = await page.textContent("#search-status");
  assert.match(status, /match/, `status: ${status}`);
  const marks = await link.first().locator("mark").allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase() === QUERY.toLowerCase()), `marks in the title: ${marks}`);
  await page.close();
});

test("a word found only deep in one body finds that entry, marked in an excerpt of the body", { timeout: 60_000 }, async () => {
  // A word of one entry, in its body only, first seen well past its start.
  const deep = terms.find(({ term, entries }) => {
    if (entries.length !== 1 || entries[0][1] !== 16 || !/^\p{L}{7,}$/u.test(term)) return false;
    const text = body(entries[0][0]).toLowerCase();
    return text.indexOf(term) > 600;
  });
  assert.ok(deep, "the shipped chronicle has a word deep in one body");
  const e = deep.entries[0][0];
  const page = await open(deep.term);
  await page.locator("#search-results li").first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator("#search-results li").count(), 1);
  assert.equal(await page.getAttribute("#search-results a", "href"), record(e).u);
  const excerpt = page.locator("#search-results .summary");
  const marks = await excerpt.locator("mark").allTextContents();
  assert.deepEqual(
    marks.map((m) => m.toLowerCase()),
    [deep.term],
    `the word is marked once in the excerpt (${deep.term})`,
  );
  const text = await excerpt.textContent();
  assert.ok(text.startsWith("\u2026"), `the excerpt is from inside the body: ${text}`);
  assert.ok(!record(e).s.includes(text.slice(1, 30)), "not the summary");
  await page.close();
});

test("straight and curly apostrophes find the same entries", { timeout: 60_000 }, async () => {
  const possessive = terms.find(({ term }) => /^\p{L}{3,}'s$/u.test(term));
  assert.ok(possessive, "the shipped chronicle has a possessive");
  const [word] = possessive.term.split("'");
  const counts = [];
  for (const q of [`${word}'s`, `${word}\u2019s`]) {
    const page = await open(q);
    counts.push(await page.textContent("#search-status"));
    await page.close();
  }
  assert.equal(counts[0].replace(/\u201c.*\u201d/, "Q"), counts[1].replace(/\u201c.*\u201d/, "Q"), counts.join(" / "));
  assert.match(counts[0], new RegExp(`^${possessive.entries.length} entr`), counts[0]);
});

test("twenty results first, then Show more", { timeout: 60_000 }, async () => {
  const common = terms.filter(({ entries }) => entries.length > 25).sort((a, b) => b.entries.length - a.entries.length)[0];
  assert.ok(common, "a word in more than 25 entries");
  const page = await open(common.term + " ");
  await page.locator("#search-results li").first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator("#search-results li").count(), 20);
  assert.match(await page.textContent("#search-status"), /Showing the first 20/);
  await page.click("#search-more");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 20, null, { timeout: 10_000 });
  const n = Math.min(40, common.entries.length);
  assert.equal(await page.locator("#search-results li").count(), n);
  await page.close();
});

test("a query that matches nothing says so", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/", { waitUntil: "load", timeout: 30_000 });
  await page.fill("#search-q", "qqzxv nomatch");
  await page.waitForFunction(() => /No entries match/.test(document.getElementById("search-status").textContent), null, { timeout: 10_000 });
  assert.equal(await page.locator("#search-results li").count(), 0);
  await page.close();
});

test("search works from a link with ?q=", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent(QUERY), { waitUntil: "load", timeout: 30_000 });
  await page.locator(`#search-results a[href$="${EXPECT}"]`).first().waitFor({ timeout: 10_000 });
  assert.equal(await page.inputValue("#search-q"), QUERY);
  await page.close();
});

// The filters: the timeline's, through explore.js, with the same URL parameters.
const exploreIndex = read("/explore/index.json");
function statusEntries(status) {
  const deltas = read(exploreIndex.urls.status.replace("{status}", status));
  let e = 0;
  return deltas.map((d, k) => (e = k === 0 ? d : e + d));
}

test("a plain search loads nothing of the filters", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  const urls = [];
  page.on("request", (r) => urls.push(new URL(r.url()).pathname));
  await page.goto(server.url + "search/?q=" + encodeURIComponent(QUERY), { waitUntil: "load", timeout: 30_000 });
  await page.locator("#search-results li").first().waitFor({ timeout: 10_000 });
  assert.deepEqual(urls.filter((u) => /explore/.test(u)), []);
  assert.equal(await page.getAttribute("#search-filters", "open"), null, "the filters start folded");
  await page.close();
});

test("?status= filters the results, as on the timeline", { timeout: 60_000 }, async () => {
  const planned = new Set(statusEntries("planned"));
  // A word of several entries, some planned and some not.
  const word = terms.find(({ term, entries }) => {
    const inPlanned = entries.filter(([e]) => planned.has(e)).length;
    return /^\p{L}{4,}$/u.test(term) && inPlanned >= 1 && inPlanned < entries.length && entries.length <= 20;
  });
  assert.ok(word, "a word in planned and other entries");
  const expected = word.entries.filter(([e]) => planned.has(e)).map(([e]) => record(e).u).sort();
  const page = await browser.newPage();
  await page.goto(server.url + `search/?q=${encodeURIComponent(word.term)}&status=planned`, { waitUntil: "load", timeout: 30_000 });
  await page.waitForFunction(() => /among the entries/.test(document.getElementById("search-status").textContent), null, { timeout: 10_000 });
  const hrefs = (await page.locator("#search-results h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).sort();
  assert.deepEqual(hrefs, expected);
  assert.match(await page.textContent("#search-status"), /planned/);
  assert.equal(await page.getAttribute("#search-filters", "open"), "", "the filters are shown");
  assert.ok(await page.isChecked('#search-filters input[type="checkbox"][value="planned"]'));
  await page.close();
});

test("ticking a status in the form filters and goes into the URL", { timeout: 60_000 }, async () => {
  const planned = new Set(statusEntries("planned"));
  const word = terms.find(({ term, entries }) => /^\p{L}{4,}$/u.test(term) && entries.length > 3 && entries.length <= 20 && entries.some(([e]) => planned.has(e)) && entries.some(([e]) => !planned.has(e)));
  assert.ok(word);
  const page = await open(word.term + " ");
  await page.locator("#search-results li").first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator("#search-results li").count(), word.entries.length);
  await page.click("#search-filters > summary");
  const box = page.locator('#search-filters input[type="checkbox"][value="planned"]');
  await box.waitFor({ timeout: 10_000 });
  await box.check();
  await page.waitForFunction(() => /among the entries/.test(document.getElementById("search-status").textContent), null, { timeout: 10_000 });
  const n = word.entries.filter(([e]) => planned.has(e)).length;
  assert.equal(await page.locator("#search-results li").count(), n);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("status"), "planned");
  assert.equal(url.searchParams.get("q"), word.term);
  await page.close();
});
