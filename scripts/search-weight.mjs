// How many bytes a first search fetches before it shows its results: the
// built site served over loopback, each query typed into the search page of
// a fresh headless Chromium context (empty cache), every response counted
// uncompressed from the page's load until the results (or "No entries")
// are on screen.
//
//   node scripts/search-weight.mjs SITE_DIR [QUERY ...]
//
// A QUERY with `=` in it is a whole URL query, opened as the search page's
// address: `q=talks&actor=iran` searches with a filter (the filters' files,
// explore.js and explore/, are counted apart).
//
// Without queries it runs a set chosen for the benchmark corpus
// (scripts/gen_corpus.py): a common word, a word in one entry, a rarer one, two words, a word
// being typed, one letter. Prints one line per query and a JSON summary.
import path from "node:path";
import { serve, launch } from "../tests/browser/lib.mjs";

const DEFAULT_QUERIES = ["talks", "raenma", "kathmandu", "border talks", "negotia", "b"];

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/search-weight.mjs SITE_DIR [QUERY ...]");
  process.exit(2);
}
const queries = process.argv.length > 3 ? process.argv.slice(3) : DEFAULT_QUERIES;

function kind(url) {
  const p = new URL(url).pathname;
  const m = p.match(/\/search\/(manifest|terms|meta|text)\b/);
  if (m) return m[1];
  return /\/explore(\/|\.js)/.test(p) ? "filters" : "page";
}

const server = await serve(path.resolve(dir));
const browser = await launch();
const rows = [];
try {
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sizes = { page: 0, filters: 0, manifest: 0, terms: 0, meta: 0, text: 0 };
    const files = { page: 0, filters: 0, manifest: 0, terms: 0, meta: 0, text: 0 };
    const pending = [];
    page.on("response", (r) => {
      pending.push(
        r.body().then(
          (b) => {
            const k = kind(r.url());
            sizes[k] += b.length;
            files[k] += 1;
          },
          () => {},
        ),
      );
    });
    const t0 = Date.now();
    if (q.includes("=")) {
      await page.goto(server.url + "search/?" + q, { waitUntil: "load", timeout: 60_000 });
    } else {
      await page.goto(server.url + "search/", { waitUntil: "load", timeout: 60_000 });
      await page.fill("#search-q", q);
    }
    await page.waitForFunction(
      () => {
        const s = document.getElementById("search-status").textContent;
        return /No entries match|match/.test(s) && (document.querySelector("#search-results li") || /No entries/.test(s));
      },
      null,
      { timeout: 60_000 },
    );
    const ms = Date.now() - t0;
    await Promise.all(pending);
    const status = await page.textContent("#search-status");
    const index = sizes.manifest + sizes.terms + sizes.meta + sizes.text;
    const row = { query: q, index_bytes: index, page_bytes: sizes.page, sizes, files, ms, status };
    rows.push(row);
    const kb = (n) => (n / 1024).toFixed(1) + " KB";
    console.log(
      `${JSON.stringify(q).padEnd(16)} index ${kb(index).padStart(9)} ` +
        `(manifest ${kb(sizes.manifest)}, ${files.terms} shards ${kb(sizes.terms)}, ` +
        `${files.meta} record chunks ${kb(sizes.meta)}, ${files.text} text chunks ${kb(sizes.text)}); ` +
        (files.filters ? `filters ${kb(sizes.filters)} in ${files.filters} files; ` : "") +
        `page, CSS, JS ${kb(sizes.page)}; ${ms} ms; ${status.split(".")[0]}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify({ site: dir, rows }, null, 1));
