// axe-core in headless Chromium on one page of each kind, light and dark:
// 0 serious or critical violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { siteDir, serve, launch, firstPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = siteDir();
const pages = {
  home: "",
  entry: firstPage(root, "entries/", "2025-03-22-torkham-reopens"),
  actor: firstPage(root, "actors/", "pakistan"),
  topic: firstPage(root, "topics/", "border-management"),
  sources: "sources/",
  map: "map/",
  search: "search/?q=torkham",
  // Marks in results, and the filters open (explore.js's form).
  "search-filtered": "search/?q=talks&actor=pakistan&status=planned",
};
let server, browser;
before(async () => {
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const scheme of ["light", "dark"]) {
  for (const [name, rel] of Object.entries(pages)) {
    test(`axe: ${name} page (${scheme}) has no serious or critical violations`, { timeout: 60_000 }, async () => {
      const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      try {
        const page = await ctx.newPage();
        const res = await page.goto(server.url + rel, { waitUntil: "load", timeout: 30_000 });
        assert.equal(res.status(), 200, `${rel} answered ${res.status()}`);
        if (name.startsWith("search")) {
          // Wait for the search to have run (results or "No entries match").
          await page.waitForFunction(() => /match/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 10_000 });
        }
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ["violations"] }),
        );
        const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        const report = bad
          .map((v) => `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join(" ").trim()}`).join("\n"))
          .join("\n");
        assert.equal(bad.length, 0, `/${rel}:\n${report}`);
      } finally {
        await ctx.close();
      }
    });
  }
}
