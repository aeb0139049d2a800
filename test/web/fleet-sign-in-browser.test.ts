import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import { freePort } from "../../local/free-port.js";
import { launchChromium, noChromium } from "../helpers/chromium.js";
import { authorizationRequest, discover } from "../helpers/fleet-client.js";
import { linkStandInUserToRoot, startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("fleet sign-in in a real browser: a server's login through the hosted page, then single sign-on", {
  skip: noChromium,
}, () => {
  let stack: TestStack;
  let browser: Browser;
  let relyingParty: Server;
  let redirectUri: string;
  let config: oidc.Configuration;

  before(async () => {
    stack = await startTestStack({ signIn: true });
    const port = await freePort();
    redirectUri = `http://127.0.0.1:${port}/callback`;
    relyingParty = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end("server reached");
    });
    await new Promise<void>((resolve) => relyingParty.listen(port, "127.0.0.1", resolve));
    await linkStandInUserToRoot(stack);
    const { json } = await stack.call("register_openid_connect_client", {
      name: "browser rp",
      redirect_uri: redirectUri,
    });
    const issuer = new URL(stack.signIn?.startUrl ?? "").origin;
    config = await discover(issuer, json.data.client.client_id, json.data.client_secret);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    relyingParty?.closeAllConnections();
    await new Promise((resolve) => relyingParty?.close(resolve));
    await stack?.stop();
  });

  const request = () => authorizationRequest(config, redirectUri);

  it("signs in at the hosted login page, then a second server request goes straight back with a code", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await request();
    await page.goto(first.url);
    await page.getByRole("link", { name: "Log in with WHMCS" }).click();
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), first.checks);
    assert.equal(tokens.claims()?.preferred_username, "root");
    const sso = (await context.cookies()).find((cookie) => cookie.name === "whm_sso");
    assert.equal(sso?.sameSite, "Lax", "sent on the servers' top-level redirects");
    assert.ok(sso?.httpOnly);
    assert.equal(sso?.path, "/openid/");
    const second = await request();
    const visited: Array<{ url: string; status: number }> = [];
    page.on("response", (response) => visited.push({ url: response.url(), status: response.status() }));
    await page.goto(second.url);
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    assert.equal(visited.find((hop) => hop.url.includes("/openid/authorize"))?.status, 302);
    assert.ok(!visited.some((hop) => hop.url.includes("/openid_connect/")), "no login page in between");
    const again = await oidc.authorizationCodeGrant(config, new URL(page.url()), second.checks);
    assert.equal(again.claims()?.sub, tokens.claims()?.sub);
    await context.close();
  });
});
