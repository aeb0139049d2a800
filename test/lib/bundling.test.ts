import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { bundledFiles, bundleHandler } from "../../lib/bundling.js";
import { LOCAL_AWS_ENV } from "../../local/dynamodb-local.js";

const run = promisify(execFile);
const ENTRY = join(import.meta.dirname, "..", "..", "lambdas", "functions", "twofactorauth_policy_status.ts");
/** A string only the X-Ray SDK's code holds (its context library). */
const XRAY_MARK = "AWS_XRAY_DAEMON_ADDRESS";

describe("bundling", () => {
  it("leaves the X-Ray SDK out of the entry a cold start parses, in a chunk beside it", () => {
    const bundle = bundleHandler(ENTRY);
    assert.ok(!readFileSync(join(bundle.dir, "index.mjs"), "utf8").includes(XRAY_MARK));
    assert.ok(bundledFiles(bundle.dir).some((file) => readFileSync(file, "utf8").includes(XRAY_MARK)));
    assert.ok(bundle.code.includes(XRAY_MARK), "the grants are read from every chunk too");
  });

  it("loads the tracing chunk where the stage turns tracing on", async () => {
    const bundle = bundleHandler(ENTRY);
    const { stdout } = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { handler } = await import(${JSON.stringify(join(bundle.dir, "index.mjs"))}); console.log(typeof handler);`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          ...LOCAL_AWS_ENV,
          TABLE_NAME: "unused",
          POWERTOOLS_TRACE_ENABLED: "true",
          AWS_LAMBDA_FUNCTION_NAME: "twofactorauth_policy_status",
          AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
        },
      },
    );
    assert.equal(stdout.trim().split("\n").at(-1), "function");
  });
});
