import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, noChromium } from "../helpers/chromium.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");
// CI installs Chromium (.ci/run); elsewhere the browser test needs `apt-get install chromium`.

describe("the API Shell in a real browser", { skip: noChromium }, () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const run = async () => {
    await page.getByRole("button", { name: "Run" }).click();
    await page
      .locator("#outcome")
      .filter({ hasText: /result [01]/ })
      .waitFor();
  };

  it("is served with a strict Content-Security-Policy", async () => {
    const response = await page.goto(`${stack.url}/api-shell`);
    assert.equal(response?.status(), 200);
    assert.match(
      response?.headers()["content-security-policy"] ?? "",
      /default-src 'none'; script-src 'self'/,
    );
  });

  it("calls get_provider_client_configurations with a token and shows the seed's answer", async () => {
    await page.getByLabel("API token").fill(stack.rootToken);
    await page.getByLabel("provider_id").fill("cpanelid");
    await page.getByLabel("service_name").selectOption("cpaneld");
    await run();
    assert.equal(await page.locator("#outcome").textContent(), "result 1 — OK");
    const response = (await page.locator("#response").textContent()) ?? "";
    assert.match(response, /"redirect_uris": \[/);
    assert.match(response, /https:\/\/localhost:2083\/openid_connect_callback\/cpanelid/);
    assert.match(
      await page.getByLabel("whmapi1").inputValue(),
      /^whmapi1 get_provider_client_configurations service_name='cpaneld' provider_id='cpanelid' --output=jsonpretty$/,
    );
    assert.match(await page.getByLabel("curl").inputValue(), /Authorization: whm root:\$WHM_API_TOKEN/);
    assert.ok(
      !(await page.getByLabel("curl").inputValue()).includes(stack.rootToken),
      "the token is not put in the command line",
    );
    await page.screenshot({ path: join(ARTIFACTS, "api-shell.png"), fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === "1")
      await page.screenshot({ path: join(import.meta.dirname, "..", "..", "docs", "api-shell.png") });
  });

  it("shows the reason of an error", async () => {
    await page.getByLabel("provider_id").fill("nope");
    await run();
    assert.match(
      (await page.locator("#outcome").textContent()) ?? "",
      /^result 0 — API failure: \(XID [a-z2-9]{6}\) The requested provider “nope” is not valid\.$/,
    );
    assert.equal(await page.locator(".hl-reason-fail").count(), 1);
  });

  it("switches to XML", async () => {
    await page.getByLabel("provider_id").fill("cpanelid");
    await page.getByLabel("XML").check();
    await run();
    assert.match(
      (await page.locator("#response").textContent()) ?? "",
      /<redirect_uris>https:\/\/localhost:2087\/openid_connect_callback\/cpanelid<\/redirect_uris>/,
    );
    assert.match(await page.getByLabel("whmapi1").inputValue(), /--output=xml$/);
    await page.getByLabel("JSON").check();
  });

  it("shows cpsrvd's refusal of a wrong token as the HTTP status and its error", async () => {
    const errorsBefore = consoleErrors.length;
    await page.getByLabel("API token").fill("WRONGTOKENWRONGTOKENWRONGTOKEN12");
    await page.getByRole("button", { name: "Run" }).click();
    await page
      .locator("#outcome")
      .filter({ hasText: /^HTTP / })
      .waitFor();
    assert.equal(await page.locator("#outcome").textContent(), "HTTP 403 — Access denied");
    await page.getByLabel("API token").fill(stack.rootToken);
    // The browser logs the refused request itself; that is the answer under test, not a page error.
    const logged = consoleErrors.splice(errorsBefore);
    assert.ok(
      logged.every((text) => /status of 403/.test(text)),
      logged.join("\n"),
    );
  });

  it("finds functions by keyboard search and builds their form", async () => {
    await page.getByLabel("Search functions").focus();
    await page.keyboard.type("token_c");
    assert.deepEqual(await page.locator("#functions option").allTextContents(), ["api_token_create"]);
    await page.getByLabel("Functions", { exact: true }).selectOption("api_token_create");
    assert.equal(await page.getByLabel("token_name").getAttribute("aria-required"), "true");
    assert.ok(await page.getByLabel("acl").isVisible());
  });

  it("works with a /cpsess browser session instead of a token", async () => {
    const { json } = await stack.call("create_user_session", { user: "root", service: "whostmgrd" });
    await page.goto(json.data.url);
    assert.match(page.url(), /\/cpsess\d{10}\/api-shell\/index\.html$/);
    assert.ok(await page.getByText("Using your browser session").isVisible());
    assert.ok(!(await page.getByLabel("API token").isVisible()));
    await page.getByLabel("Functions", { exact: true }).selectOption("api_token_list");
    await run();
    assert.equal(await page.locator("#outcome").textContent(), "result 1 — OK");
  });

  it("logged no browser errors (no Content-Security-Policy violations)", () => {
    assert.deepEqual(consoleErrors, []);
  });
});
