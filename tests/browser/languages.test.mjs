// Right-to-left chronicles in a real browser: the Urdu fixture
// (tests/fixtures/urdu) built with the chronicle binary, served, and read
// the way an Urdu reader's browser lays it out.
//   node --test tests/browser/languages.test.mjs     (CHRONICLE_BIN=... for the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve, launch } from "./lib.mjs";

const repo = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
const bin = process.env.CHRONICLE_BIN || path.join(repo, "target/release/chronicle");

/** Builds fixture `name` into a fresh folder; returns the folder. */
function build(name) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `chronicle-${name}-`));
  execFileSync(bin, ["--root", path.join(repo, "tests/fixtures", name), "build", "--out", path.join(out, "site")], {
    stdio: "pipe",
  });
  return path.join(out, "site");
}

let server, browser;
before(async () => {
  assert.ok(fs.existsSync(bin), `no chronicle binary at ${bin}: cargo build --release first`);
  server = await serve(build("urdu"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("search results isolate each actor's name in an element of its own", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "search/?q=" + encodeURIComponent("طورخم"), { waitUntil: "load" });
  await page.waitForSelector(".search-result .meta bdi", { timeout: 10_000 });
  const metas = await page.$$eval(".search-result .meta", (ps) =>
    ps.map((p) => ({
      names: Array.from(p.querySelectorAll("bdi"), (b) => b.textContent),
      // No text node holds two names joined.
      joined: Array.from(p.childNodes).some((n) => n.nodeType === 3 && /\S, \S/.test(n.textContent)),
    })),
  );
  assert.ok(metas.length > 0);
  for (const m of metas) {
    assert.equal(m.joined, false, JSON.stringify(m));
    assert.ok(m.names.length >= 2, JSON.stringify(m));
    assert.ok(m.names.includes("پاکستان") && m.names.includes("افغانستان"), JSON.stringify(m));
  }
  await page.close();
});
