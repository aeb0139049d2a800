import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";

/** `npm test`'s runner flags, as package.json's test:unit gives them, on a suite with one failure. */
const repo = resolve(import.meta.dirname, "../..");
const script: string = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).scripts["test:unit"];
const flags = script.split(" ").filter((word) => word.startsWith("--test"));
const dir = mkdtempSync(join(tmpdir(), "test-command-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the test command", () => {
  it("repeats every failing test, with its error, after the whole run", () => {
    writeFileSync(
      join(dir, "suite.test.mjs"),
      [
        'import test from "node:test";',
        'test("fails with a named cause", () => { throw new Error("listaccts answered HTTP 403 (FUZZ_SEED=1)"); });',
        ...Array.from({ length: 30 }, (_, i) => `test("passes ${i}", () => {});`),
      ].join("\n"),
    );
    const run = spawnSync(process.execPath, [...flags, join(dir, "suite.test.mjs")], {
      encoding: "utf8",
      // A run inside this one reports to it (NODE_TEST_CONTEXT) unless told it is a run of its own.
      env: { ...process.env, NODE_OPTIONS: "", NODE_TEST_CONTEXT: undefined },
    });
    assert.equal(run.status, 1);
    const tail = run.stdout.slice(run.stdout.lastIndexOf("passes 29"));
    assert.match(
      tail,
      /failing tests:[\s\S]*fails with a named cause[\s\S]*listaccts answered HTTP 403 \(FUZZ_SEED=1\)/,
    );
  });
});
