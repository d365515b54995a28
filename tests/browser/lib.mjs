// Shared helpers of the browser checks: a tiny static server for the built
// site (loopback only, a free port) and a headless Chromium launcher.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
};

/** The built site's folder: $SITE_DIR, or ../../site. */
export function siteDir() {
  const dir = process.env.SITE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../site");
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(`no built site in ${dir}: build it first (SITE_DIR=... or chronicle build)`);
  }
  return dir;
}

/** Serves `root` on 127.0.0.1 at a free port; resolves to { url, close }. */
export function serve(root) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(base, "." + p);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      const nf = path.join(base, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : "not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Headless Chromium through playwright-core, with the system browser. */
export async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page's first link under `dir` (`entries/`, `actors/`, ...) in the site. */
export function firstPage(root, dir, prefer) {
  const d = path.join(root, dir);
  const names = fs.readdirSync(d).filter((n) => fs.existsSync(path.join(d, n, "index.html"))).sort();
  if (prefer && names.includes(prefer)) return `${dir}${prefer}/`;
  if (!names.length) throw new Error(`no pages under ${dir}`);
  return `${dir}${names[0]}/`;
}
