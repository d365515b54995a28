// Search in Arabic script, in headless Chromium: the chronicle of
// tests/fixtures/arabic-script is built with the real binary, and each
// spelling of tests/fixtures/search-arabic-script.json is typed into the
// search page (Arabic or Urdu kaf and yeh, hehs, with and without harakat,
// three kinds of digits, with and without a zero-width non-joiner, words
// with a madda or hamza inside, actors' aliases): every spelling of a word
// lists exactly the entries the table gives.
//   node --test tests/browser/search-arabic-script.test.mjs   (CHRONICLE_BIN=... for the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve, launch } from "./lib.mjs";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const bin = process.env.CHRONICLE_BIN || path.join(repo, "target/release/chronicle");
const queries = JSON.parse(fs.readFileSync(path.join(repo, "tests/fixtures/search-arabic-script.json"), "utf8")).queries;

let tmp, server, browser;
before(async () => {
  assert.ok(fs.existsSync(bin), `no chronicle binary at ${bin}: cargo build --release first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chronicle-arabic-search-"));
  fs.cpSync(path.join(repo, "tests/fixtures/arabic-script"), path.join(tmp, "root"), { recursive: true });
  const built = spawnSync(bin, ["--root", path.join(tmp, "root"), "build", "--out", path.join(tmp, "site")], { encoding: "utf8" });
  assert.equal(built.status, 0, `build failed:\n${built.stdout}${built.stderr}`);
  server = await serve(path.join(tmp, "site"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Types `query` into a fresh search page; resolves to the page once its status says how many match. */
async function search(query) {
  const page = await browser.newPage();
  await page.goto(server.url + "search/", { waitUntil: "load", timeout: 30_000 });
  await page.fill("#search-q", query);
  // The status is in Urdu: wait for the search to say it is done.
  await page.waitForFunction(() => document.getElementById("search-status").dataset.state === "done", null, {
    timeout: 10_000,
  });
  return page;
}

const hrefsOf = (page) => page.locator("#search-results h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));

test("every spelling of a word in Arabic script finds the same entries", { timeout: 300_000 }, async () => {
  assert.ok(queries.length >= 10);
  for (const q of queries) {
    const expected = q.entries.map((slug) => `/entries/${slug}/`).sort();
    for (const v of q.variants) {
      const page = await search(v);
      const hrefs = (await hrefsOf(page)).sort();
      const status = await page.textContent("#search-status");
      assert.deepEqual(hrefs, expected, `${q.what}: ${JSON.stringify(v)} (${status})`);
      // The status, in Urdu, counts them in its digits: "2 اندراجات …".
      assert.match(status, new RegExp(`(^|[^0-9])${expected.length}\\s`), `${q.what}: ${JSON.stringify(v)}: ${status}`);
      await page.close();
    }
  }
});

test("a word typed with the Arabic kaf is marked as the title spells it, with the Urdu kaf", { timeout: 60_000 }, async () => {
  // كابل typed; the title of dar-in-kabul has کابل.
  const page = await search("\u0643\u0627\u0628\u0644");
  const link = page.locator('#search-results a[href="/entries/dar-in-kabul/"]');
  await link.waitFor({ timeout: 10_000 });
  assert.deepEqual(await link.locator("mark").allTextContents(), ["\u06a9\u0627\u0628\u0644"]);
  await page.close();
});

test("a word written with harakat in the body is marked whole in the excerpt", { timeout: 60_000 }, async () => {
  // معاہدہ typed; the body of treaty-text has مُعَاہَدَہ.
  const page = await search("\u0645\u0639\u0627\u06c1\u062f\u06c1 ");
  await page.locator("#search-results li").first().waitFor({ timeout: 10_000 });
  const marks = await page.locator("#search-results .summary mark").allTextContents();
  assert.deepEqual(marks, ["\u0645\u064f\u0639\u064e\u0627\u06c1\u064e\u062f\u064e\u06c1"]);
  await page.close();
});
