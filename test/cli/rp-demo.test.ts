import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freePort } from "../../local/free-port.js";
import { npmStart } from "../helpers/npm-start.js";
import { RedirectClient } from "../helpers/redirect-client.js";

describe("npm run rp-demo against npm start (bin/rp-demo.ts)", () => {
  let dataDir: string;
  let stack: Awaited<ReturnType<typeof npmStart>>;
  let demo: ChildProcess;
  let port: number;
  let demoPort: number;
  let printed = "";

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "whm-rp-demo-"));
    port = await freePort();
    demoPort = await freePort();
    stack = await npmStart({ WHM_DATA_DIR: dataDir, PORT: String(port), RP_DEMO_PORT: String(demoPort) });
    demo = spawn(process.execPath, ["--import", "tsx", "bin/rp-demo.ts"], {
      env: { ...process.env, WHM_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    demo.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
    });
    await new Promise<void>((resolve) => {
      const ready = () => (printed.includes("open http://127.0.0.1") ? resolve() : setTimeout(ready, 50));
      ready();
    });
  });
  after(async () => {
    demo?.kill();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is registered by npm start, prints how to run it, and prints root's claims after the sign-in", {
    timeout: 60_000,
  }, async () => {
    assert.match(stack.banner, /npm run rp-demo/);
    const token = (await readFile(join(dataDir, "root-token"), "utf8")).trim();
    const linked = await fetch(
      `http://127.0.0.1:${port}/json-api/link_user_authn_provider?api.version=1&username=root&provider_id=whmcs&subject_unique_identifier=portal-user&preferred_username=portal-user`,
      { headers: { authorization: `whm root:${token}` } },
    );
    assert.equal(((await linked.json()) as { metadata: { result: number } }).metadata.result, 1);
    const browser = new RedirectClient();
    const login = await browser.follow(`http://127.0.0.1:${demoPort}/`);
    assert.match(login.text, /data-code="login"/, "the hosted login page");
    const href = /href="([^"]*openid_connect\/whmcs[^"]*)"/.exec(login.text)?.[1] ?? "";
    const end = await browser.follow(new URL(href.replaceAll("&amp;", "&"), login.url).toString());
    assert.equal(end.status, 200, end.text);
    const report = JSON.parse(end.text);
    assert.equal(report.id_token_claims.preferred_username, "root");
    assert.equal(report.userinfo.preferred_username, "root");
    assert.match(printed, /"preferred_username": "root"/);
  });
});
