// Client-side search in headless Chromium, over http.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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

test(`typing "${QUERY}" lists the entry ${EXPECT}`, { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/", { waitUntil: "load", timeout: 30_000 });
  await page.fill("#search-q", QUERY);
  const link = page.locator(`#search-results a[href$="${EXPECT}"]`);
  await link.first().waitFor({ timeout: 10_000 });
  const status = await page.textContent("#search-status");
  assert.match(status, /match/, `status: ${status}`);
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
