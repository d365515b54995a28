// What the home page's filters cost in a real browser: the bytes of the
// first filtered view and the time to apply a filter, in headless Chromium.
//
//   SITE_DIR=/path/to/site node scripts/page-weight.mjs [QUERY]
//
// QUERY defaults to the most frequent actor and topic of the chronicle
// (`actor=…&topic=…`). Bytes are the uncompressed bodies of every response
// (the test server does not compress), with the cache disabled; "apply" is
// the time from a click on a filter to the new results on screen. Needs
// the packages of tests/browser (npm ci there).
import fs from "node:fs";
import path from "node:path";
import { siteDir, serve, launch } from "../tests/browser/lib.mjs";

const root = siteDir();
const manifest = JSON.parse(fs.readFileSync(path.join(root, "explore/index.json"), "utf8"));
const top = (list) => list.reduce((a, b) => (b[2] > a[2] ? b : a));
const query = process.argv[2] || `actor=${top(manifest.actors)[0]}&topic=${top(manifest.topics)[0]}`;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

const server = await serve(root);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const urls = new Map(), sizes = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.dataReceived", (e) => sizes.set(e.requestId, (sizes.get(e.requestId) || 0) + e.dataLength));

  const t0 = Date.now();
  await page.goto(server.url + "?" + query, { waitUntil: "networkidle" });
  await page.waitForSelector('#explore[data-state="ready"]');
  const loadMs = Date.now() - t0;
  const groups = new Map();
  for (const [id, bytes] of sizes) {
    const u = new URL(urls.get(id)).pathname;
    const kind = u.startsWith("/explore/entries/") ? "explore/entries/* (chunks)"
      : /^\/explore\/(actor|topic|relation|status|tone)\//.test(u) ? "explore posting lists"
      : u === "/" ? "home page (HTML)" : u.slice(1);
    const g = groups.get(kind) || { files: 0, bytes: 0 };
    g.files += 1;
    g.bytes += bytes;
    groups.set(kind, g);
  }
  const total = [...groups.values()].reduce((a, g) => a + g.bytes, 0);
  const shown = await page.locator("#explore-results .card").count();
  console.log(`site: ${root} (${manifest.count} entries)`);
  console.log(`first filtered view: /?${query}`);
  console.log(`  ${await page.textContent("#explore-count")} (${shown} shown); loaded in ${loadMs} ms`);
  for (const [kind, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`  ${kind.padEnd(30)} ${String(g.files).padStart(4)} file${g.files === 1 ? " " : "s"} ${kb(g.bytes).padStart(10)}`);
  }
  console.log(`  ${"total".padEnd(30)} ${String(sizes.size).padStart(4)} files ${kb(total).padStart(10)}  (budget 500 KB)`);

  // Apply filters one after another: each status and tone box, then the
  // order toggle, then clear; time from the click to the results shown.
  const times = await page.evaluate(async () => {
    const out = [];
    const boxes = [...document.querySelectorAll('#explore .explore-checks input[type="checkbox"], #explore .explore-toggle input')];
    for (const box of [...boxes, ...boxes]) {
      const done = new Promise((r) => document.addEventListener("chronicle-explore", r, { once: true }));
      const t = performance.now();
      box.click();
      await done;
      out.push([performance.now() - t, (box.checked ? "tick " : "untick ") + box.labels[0].textContent.trim()]);
    }
    return out;
  });
  times.sort((a, b) => a[0] - b[0]);
  const median = times[Math.floor(times.length / 2)][0];
  const [slow, what] = times[times.length - 1];
  console.log(`applying a filter: median ${median.toFixed(1)} ms, slowest ${slow.toFixed(1)} ms (${what}) over ${times.length} changes (budget 100 ms)`);
  if (process.env.VERBOSE) for (const [ms, w] of times) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${w}`);
  const home = fs.statSync(path.join(root, "index.html")).size;
  console.log(`home page HTML: ${kb(home)} (budget 300 KB at 100,000 entries)`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
