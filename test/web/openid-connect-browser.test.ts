import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// CI installs Chromium (.ci/run); elsewhere the browser test needs `apt-get install chromium`.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `no Chromium at ${CHROMIUM}` : false;

describe("WHM sign-in in a real browser", { skip }, () => {
  let stack: TestStack;
  let browser: Browser;

  before(async () => {
    stack = await startTestStack({ signIn: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
      ],
    });
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
});
