// Live preview in a real browser: `chronicle serve` on a copy of the test
// fixture; the page changes by itself when its entry file is saved, shows an
// error overlay when the front matter breaks, and clears it when fixed.
//   node --test tests/browser/serve.test.mjs     (CHRONICLE_BIN=... for the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib.mjs";

const repo = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
const bin = process.env.CHRONICLE_BIN || path.join(repo, "target/release/chronicle");

function startServe(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--root", root, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], log: () => out });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
}

test("a saved entry reloads the page; broken front matter shows an overlay until fixed", { timeout: 120_000 }, async () => {
  assert.ok(fs.existsSync(bin), `no chronicle binary at ${bin}: cargo build --release first`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chronicle-serve-e2e-"));
  fs.cpSync(path.join(repo, "tests/fixtures/basic"), root, { recursive: true });
  const file = path.join(root, "content/entries/dar-visits-kabul.md");
  const original = fs.readFileSync(file, "utf8");
  const server = await startServe(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url + "entries/dar-visits-kabul/");
    await page.waitForSelector("h1");
    assert.match(await page.textContent("h1"), /Ishaq Dar visits Kabul/);
    // Give the page's live-reload connection a moment to open.
    await page.waitForTimeout(300);

    // 1. Edit the title: the open page changes without any action.
    fs.writeFileSync(file, original.replace('title: "Ishaq Dar visits Kabul"', 'title: "Dar holds talks in Kabul"'));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Dar holds talks in Kabul"), null, { timeout: 20_000 });

    // 2. Break the front matter: the overlay lists the error, with file and line.
    fs.writeFileSync(file, original.replace("date: 2025-04-19", "date: 2025-04-31"));
    const overlay = await page.waitForSelector("#chronicle-errors", { timeout: 20_000 });
    const text = await overlay.textContent();
    assert.match(text, /content\/entries\/dar-visits-kabul\.md:3:7: error:/);
    assert.match(text, /April 2025 has 30 days/);
    // The last good page is still there underneath.
    assert.match(await page.textContent("h1"), /Dar holds talks in Kabul/);

    // 3. Fix it: the overlay clears and the page shows the fixed entry.
    fs.writeFileSync(file, original.replace("date: 2025-04-19", "date: 2025-04-30"));
    await page.waitForFunction(() => !document.getElementById("chronicle-errors") && document.body.textContent.includes("30 April 2025"), null, { timeout: 20_000 });
  } finally {
    await browser.close();
    server.child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
