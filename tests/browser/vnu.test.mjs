// The W3C Nu HTML checker over every page of the built site: 0 errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
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

test("every HTML page passes the Nu HTML checker with 0 errors", { timeout: 300_000 }, () => {
  const root = siteDir();
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
  console.log(`vnu: ${files.length} pages checked, ${errors.length} errors`);
  assert.equal(errors.length, 0, `Nu HTML checker errors:\n${report}`);
});
