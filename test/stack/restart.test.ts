import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freePort } from "../../local/free-port.js";
import { npmStart } from "../helpers/npm-start.js";
import { RedirectClient } from "../helpers/redirect-client.js";

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
