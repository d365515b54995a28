// The W3C Nu HTML checker over every page of the built site: 0 errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { siteDir } from "./lib.mjs";

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

/** Runs the Nu checker over every HTML page under `root`; asserts 0 errors. */
function assertValid(root, what) {
  const files = htmlFiles(root);
  assert.ok(files.length > 10, `only ${files.length} HTML files in ${root}`);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const jar = path.join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  assert.ok(fs.existsSync(jar), `${jar} is missing: run npm ci in tests/browser`);
  const r = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.error, undefined, `cannot run java: ${r.error}`);
  let messages = [];
  try {
    messages = JSON.parse(r.stderr || r.stdout || "{}").messages || [];
  } catch {
    assert.fail(`unreadable vnu output (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const report = errors
    .slice(0, 40)
    .map((m) => `${path.relative(root, decodeURIComponent((m.url || "").replace(/^file:/, "")))}:${m.lastLine ?? "?"}: ${m.message}`)
    .join("\n");
  console.log(`vnu (${what}): ${files.length} pages checked, ${errors.length} errors`);
  assert.equal(errors.length, 0, `Nu HTML checker errors:\n${report}`);
}

test("every HTML page passes the Nu HTML checker with 0 errors", { timeout: 300_000 }, () => {
  assertValid(siteDir(), "site");
});

// Real data in the shapes real datasets have (tests/fixtures/messy): the
// addresses it publishes after reading them leniently must be valid HTML.
test("a chronicle of messy real data builds into valid HTML", { timeout: 300_000 }, () => {
  const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
  const bin = process.env.CHRONICLE_BIN || path.join(repo, "target/release/chronicle");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "chronicle-messy-"));
  try {
    const r = spawnSync(bin, ["--root", path.join(repo, "tests/fixtures/messy"), "build", "--out", path.join(out, "site")], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, `build failed:\n${r.stderr}`);
    assertValid(path.join(out, "site"), "messy data");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
