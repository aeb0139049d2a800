import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

/** Runs `npm start` (bin/serve.ts) with `env` added; resolves when it exits, never rejects. */
function serve(env: Record<string, string>) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "bin/serve.ts"],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      // The last line of stderr: Node.js and the AWS SDK may warn about the runtime before it.
      (error, _stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stderr: stderr.trim().split("\n").at(-1) ?? "",
        }),
    );
  });
}

describe("npm start's failures are one clear line", () => {
  let stack: TestStack;
  let dataDir: string;
  before(async () => {
    stack = await startTestStack();
    dataDir = await mkdtemp(join(tmpdir(), "whm-serve-"));
  });
  after(async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("says the port is in use when another stack holds it", async () => {
    const { code, stderr } = await serve({ PORT: new URL(stack.url).port, WHM_DATA_DIR: dataDir });
    assert.equal(code, 1);
    assert.match(stderr, /^npm start: port \d+ on 127\.0\.0\.1 is in use/);
  });

  it("says Java is needed when there is none", async () => {
    const { code, stderr } = await serve({ PATH: "/nonexistent", WHM_DATA_DIR: dataDir, PORT: "0" });
    assert.equal(code, 1);
    assert.match(stderr, /^npm start: DynamoDB Local could not start: it needs Java 17/);
  });
});
