// search.js folds text into search terms exactly as the index builder
// (src/render/search.rs) does: both run the cases of
// tests/fixtures/search-fold.json. Plain node, no browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const here = path.dirname(new URL(import.meta.url).pathname);
const source = fs.readFileSync(path.join(here, "../../themes/default/static/search.js"), "utf8");
const cases = JSON.parse(fs.readFileSync(path.join(here, "../fixtures/search-fold.json"), "utf8")).cases;

function searchApi() {
  const sandbox = { window: {} };
  vm.runInNewContext(source, sandbox);
  return sandbox.window.ChronicleSearch;
}

test("search.js gives the terms of the shared folding table", () => {
  const api = searchApi();
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    assert.deepEqual([...api.terms(c.in)], c.terms, `terms of ${JSON.stringify(c.in)}`);
  }
});

test("straight and curly apostrophes fold alike", () => {
  const api = searchApi();
  assert.deepEqual([...api.terms("Jordan's")], [...api.terms("Jordan\u2019s")]);
});
