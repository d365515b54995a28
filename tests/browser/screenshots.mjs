// Screenshots of the built site at phone and desktop widths, light and dark.
//   node tests/browser/screenshots.mjs [OUT_DIR]      (SITE_DIR=... to choose the site;
//   SHOT_PAGES=name=path,... to choose the pages; SHOT_FULL=0 for the first screen)
import fs from "node:fs";
import path from "node:path";
import { siteDir, serve, launch, firstPage } from "./lib.mjs";

const out = path.resolve(process.argv[2] || "tests/browser/screenshots");
fs.mkdirSync(out, { recursive: true });
const root = siteDir();
const pages = {
  home: "",
  entry: process.env.SHOT_ENTRY || firstPage(root, "entries/", "2025-03-22-torkham-reopens"),
  actor: process.env.SHOT_ACTOR || firstPage(root, "actors/", "pakistan"),
  map: "map/",
  relations: "relations/",
  relation: process.env.SHOT_RELATION || "relations/afghan-interim-government--pakistan/",
  sources: "sources/",
  topic: firstPage(root, "topics/", "border-management"),
  search: "search/?q=torkham",
  explore: process.env.SHOT_EXPLORE || "?actor=pakistan&topic=border-management&from=2025-01&to=2025-06",
};
// SHOT_PAGES="year=years/2025/,part=actors/x/page/2/" shoots those pages instead.
if (process.env.SHOT_PAGES) {
  for (const k of Object.keys(pages)) delete pages[k];
  for (const pair of process.env.SHOT_PAGES.split(",")) {
    const at = pair.indexOf("=");
    pages[pair.slice(0, at)] = pair.slice(at + 1);
  }
}
const widths = [390, 1280];
const full = process.env.SHOT_FULL !== "0";
const server = await serve(root);
const browser = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of widths) {
      const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      for (const [name, rel] of Object.entries(pages)) {
        await page.goto(server.url + rel, { waitUntil: "load", timeout: 30_000 });
        if (name === "home" || name === "explore") await page.waitForSelector('#explore[data-state="ready"]', { timeout: 10_000 }).catch(() => {});
        if (name === "search") await page.waitForSelector("#search-results li", { timeout: 10_000 }).catch(() => {});
        const file = path.join(out, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: full, timeout: 30_000 });
        console.log(file);
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
