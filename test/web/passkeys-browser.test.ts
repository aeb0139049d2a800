import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { freePort } from "../../local/free-port.js";
import { launchChromium, noChromium } from "../helpers/chromium.js";
import { npmStart } from "../helpers/npm-start.js";

const run = promisify(execFile);

/**
 * Submits the passkey form as its button would, but without a user gesture: after a click, a
 * discoverable request waited in headless Chromium (its passkey picker, which nothing answers
 * there); without one, the virtual authenticator answers. The page's own script does the rest.
 */
const signInWithPasskey = (page: Page) =>
  page.locator("form[data-passkey]").evaluate((form: HTMLFormElement) => form.requestSubmit());

describe("passkeys in Chromium with its virtual authenticator, against npm start", {
  skip: noChromium,
}, () => {
  let dataDir: string;
  let stack: Awaited<ReturnType<typeof npmStart>>;
  let browser: Browser;
  let port: number;
  let token: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "whm-passkeys-"));
    port = await freePort();
    stack = await npmStart({
      WHM_DATA_DIR: dataDir,
      PORT: String(port),
      RP_DEMO_PORT: String(await freePort()),
    });
    token = (await readFile(join(dataDir, "root-token"), "utf8")).trim();
    // Another tenant on the same stack, at its own host name (Chromium sends *.localhost to loopback).
    await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "bin/admin.ts",
        "create-tenant",
        "--local",
        "--id",
        "globex",
        "--hostname",
        "other.localhost",
      ],
      { env: { ...process.env, WHM_DATA_DIR: dataDir } },
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("registers a passkey for root, signs out, signs in with the passkey alone; another tenant's host refuses it", {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const session = (await (
      await fetch(
        `http://127.0.0.1:${port}/json-api/create_user_session?api.version=1&user=root&service=whostmgrd`,
        {
          headers: { authorization: `whm root:${token}` },
        },
      )
    ).json()) as { data: { url: string; cp_security_token: string } };
    const here = `http://localhost:${port}`;
    const login = new URL(session.data.url);
    await page.goto(`${here}${login.pathname}${login.search}`);
    const prefix = session.data.cp_security_token;

    await page.goto(`${here}${prefix}/passkeys`);
    await page.fill("#passkey-name", "Chromium key");
    await page.click("text=Add a passkey");
    await page.waitForSelector("text=Chromium key");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.rpId, "localhost");
    assert.equal(credentials[0]?.isResidentCredential, true);

    await page.goto(`${here}${prefix}/logout`);
    const signedOut = await page.request.get(`${here}${prefix}/json-api/list_passkeys?api.version=1`);
    assert.equal(signedOut.status(), 403);

    await page.goto(`${here}/openid/passkey`);
    await signInWithPasskey(page);
    await page.waitForURL(/\/cpsess\d{10}\/api-shell\/index\.html$/);
    const newPrefix = /\/cpsess\d{10}/.exec(page.url())?.[0];
    assert.notEqual(newPrefix, prefix);
    const listed = await page.request.get(`${here}${newPrefix}/json-api/list_passkeys?api.version=1`);
    const answer = (await listed.json()) as {
      metadata: { result: number };
      data: { passkeys: Array<{ name: string; last_used: number }> };
    };
    assert.equal(answer.metadata.result, 1);
    assert.equal(answer.data.passkeys[0]?.name, "Chromium key");
    assert.ok((answer.data.passkeys[0]?.last_used ?? 0) > 0);

    await page.goto(`http://other.localhost:${port}/openid/passkey`);
    await signInWithPasskey(page);
    await page.waitForSelector("text=No passkey was used");
    assert.match(page.url(), /other\.localhost:\d+\/openid\/passkey$/);
    await context.close();
  });
});
