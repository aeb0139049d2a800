import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium, noChromium } from "../helpers/chromium.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");

describe("WHM sign-in in a real browser", { skip: noChromium }, () => {
  let stack: TestStack;
  let browser: Browser;

  before(async () => {
    stack = await startTestStack({ signIn: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("follows the provider's redirects and lands in the API Shell inside a /cpsess session", async () => {
    const subject = stack.signIn?.testSubject ?? "";
    const linked = await stack.call("link_user_authn_provider", {
      username: "root",
      provider_id: "whmcs",
      subject_unique_identifier: subject,
      preferred_username: subject,
    });
    assert.equal(linked.json.metadata.result, 1);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stack.signIn?.startUrl ?? "");
    await page.waitForURL(/\/cpsess\d{10}\/api-shell\/index\.html$/);
    const session = (await context.cookies()).find((cookie) => cookie.name === "whostmgrsession");
    assert.ok(session?.httpOnly, "the session cookie is set, HttpOnly");
    assert.equal(session?.sameSite, "Strict");
    await context.close();
  });

  it("shows a refusal as a styled page in words, with a way to start again and no policy violation", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") violations.push(message.text());
    });
    await page.goto(
      new URL("/openid_connect_callback/whmcs?code=x&state=forged", stack.signIn?.startUrl).toString(),
    );
    await page.getByRole("heading", { name: "Sign-in stopped" }).waitFor();
    assert.match(
      (await page.locator("main p").first().textContent()) ?? "",
      /^This sign-in has expired or was already used\./,
    );
    assert.doesNotMatch(
      await page.locator("body").innerText(),
      /expired_session/,
      "no raw message code shown",
    );
    const background = await page.locator("main").evaluate((main) => getComputedStyle(main).backgroundColor);
    assert.equal(background, "rgb(255, 255, 255)", "the page's style applies");
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "sign-in-refusal.png") });
    await page.getByRole("link", { name: "Start again" }).click();
    await page.waitForURL(/\/cpsess\d{10}\/api-shell\/index\.html$|\/authorize|\/auth|interaction/);
    assert.deepEqual(
      violations.filter((text) => !/status of 400/.test(text)),
      [],
    );
    await context.close();
  });
});
