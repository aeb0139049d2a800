import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freePort } from "../../local/free-port.js";
import { RedirectClient } from "../helpers/redirect-client.js";

/** Runs `npm start` (bin/serve.ts) until its banner; the stand-in portal's address and a stop. */
async function npmStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/serve.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("Ctrl-C stops everything.")) resolve();
    });
    child.once("exit", () => reject(new Error(`npm start ended early:\n${out}`)));
  });
  const issuer = /portal\s+(http:\/\/\S+)/.exec(out)?.[1] ?? "";
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { issuer, stop };
}

describe("npm start after a restart (data kept, the stand-in provider on a new port)", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "whm-restart-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("still sends a sign-in to the stand-in provider where it now listens", {
    timeout: 120_000,
  }, async () => {
    const env = { WHM_DATA_DIR: dataDir, PORT: String(await freePort()) };
    const first = await npmStart(env);
    await first.stop();
    const second = await npmStart(env);
    try {
      assert.notEqual(second.issuer, first.issuer, "the stand-in has a new port");
      const answer = await new RedirectClient().request(`http://localhost:${env.PORT}/openid_connect/whmcs`);
      assert.equal(answer.status, 302);
      assert.ok(answer.location?.startsWith(second.issuer), answer.location);
    } finally {
      await second.stop();
    }
  });
});
