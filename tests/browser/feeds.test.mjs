// Feeds and the sitemap: well-formed XML (parsed by the browser's XML
// parser) and complete.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { siteDir, launch } from "./lib.mjs";

const root = siteDir();
let browser, page;
before(async () => {
  browser = await launch();
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
});

/** Parses XML in the page; returns a summary, or { error }. */
function parse(xml) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const err = doc.getElementsByTagName("parsererror")[0];
    if (err) return { error: err.textContent };
    const ATOM = "http://www.w3.org/2005/Atom";
    const SM = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const root = doc.documentElement;
    const kid = (el, name) => [...el.children].find((c) => c.namespaceURI === ATOM && c.localName === name);
    if (root.namespaceURI === ATOM && root.localName === "feed") {
      return {
        kind: "feed",
        id: kid(root, "id")?.textContent.trim(),
        title: kid(root, "title")?.textContent.trim(),
        updated: kid(root, "updated")?.textContent.trim(),
        author: kid(root, "author") ? kid(kid(root, "author"), "name")?.textContent.trim() : undefined,
        entries: [...root.children]
          .filter((c) => c.namespaceURI === ATOM && c.localName === "entry")
          .map((e) => ({
            id: kid(e, "id")?.textContent.trim(),
            title: kid(e, "title")?.textContent.trim(),
            updated: kid(e, "updated")?.textContent.trim(),
            link: kid(e, "link")?.getAttribute("href"),
          })),
      };
    }
    if (root.namespaceURI === SM && root.localName === "urlset") {
      return { kind: "sitemap", urls: [...doc.getElementsByTagNameNS(SM, "loc")].map((l) => l.textContent.trim()) };
    }
    return { kind: root.localName };
  }, xml);
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function firstWith(dir, file) {
  const d = path.join(root, dir);
  const names = fs.readdirSync(d).filter((n) => fs.existsSync(path.join(d, n, file))).sort();
  assert.ok(names.length, `no ${dir}*/${file}`);
  return path.join(dir, names[0], file);
}

for (const [label, rel] of [
  ["site feed", "feed.xml"],
  ["an actor feed", () => firstWith("actors", "feed.xml")],
  ["a topic feed", () => firstWith("topics", "feed.xml")],
]) {
  test(`${label} is well-formed, complete Atom`, async () => {
    const file = typeof rel === "function" ? rel() : rel;
    const f = await parse(fs.readFileSync(path.join(root, file), "utf8"));
    assert.equal(f.error, undefined, `${file} is not well-formed: ${f.error}`);
    assert.equal(f.kind, "feed", `${file} is not an Atom feed`);
    for (const k of ["id", "title", "updated", "author"]) assert.ok(f[k], `${file}: feed has no ${k}`);
    assert.match(f.updated, RFC3339, `${file}: feed updated is not RFC 3339`);
    assert.ok(f.entries.length > 0, `${file}: no entries`);
    for (const e of f.entries) {
      for (const k of ["id", "title", "updated", "link"]) assert.ok(e[k], `${file}: an entry has no ${k}: ${JSON.stringify(e)}`);
      assert.match(e.updated, RFC3339, `${file}: entry ${e.id} updated is not RFC 3339`);
    }
    assert.equal(new Set(f.entries.map((e) => e.id)).size, f.entries.length, `${file}: duplicate entry ids`);
  });
}

const isRedirect = (rel) => /<meta http-equiv="refresh"/.test(fs.readFileSync(path.join(root, rel), "utf8"));

test("the sitemaps robots.txt names are well-formed and list every HTML page but the 404 and the redirects", async () => {
  // One sitemap per language of the chronicle (sitemap.xml, ur/sitemap.xml…).
  const robots = fs.readFileSync(path.join(root, "robots.txt"), "utf8");
  const files = robots
    .split("\n")
    .filter((l) => l.startsWith("Sitemap: "))
    .map((l) => new URL(l.slice("Sitemap: ".length).trim()).pathname.replace(/^\/+/, ""));
  assert.ok(files.includes("sitemap.xml"), robots);
  const listed = new Set();
  for (const file of files) {
    const s = await parse(fs.readFileSync(path.join(root, file), "utf8"));
    assert.equal(s.error, undefined, `${file} is not well-formed: ${s.error}`);
    assert.equal(s.kind, "sitemap");
    for (const u of s.urls) listed.add(new URL(u, "https://x.invalid/").pathname);
  }
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      // Old URLs (`redirect_from:`) send readers on and are in no sitemap.
      else if (e.name.endsWith(".html") && rel !== "404.html" && !isRedirect(rel)) pages.push(rel);
    }
  };
  walk("");
  const missing = pages
    .map((p) => p.replace(/index\.html$/, ""))
    .filter((p) => ![...listed].some((u) => u.endsWith("/" + p) || (p === "" && u.endsWith("/"))));
  assert.deepEqual(missing, [], "pages missing from the sitemap");
  assert.ok(![...listed].some((u) => u.endsWith("404.html")), "the 404 page is in the sitemap");
  assert.equal(listed.size, pages.length, "sitemap lists other URLs than the HTML pages");
});
