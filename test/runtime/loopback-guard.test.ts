import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";

describe("the test suite's network guard", () => {
  afterEach(() => {
    // The guard marks the file as failed on any attempt; these attempts are the expected ones.
    assert.equal(process.exitCode, 1);
    process.exitCode = 0;
  });

  it("refuses a connection to an address outside loopback", async () => {
    await assert.rejects(fetch("https://192.0.2.1/"), (error: Error) =>
      /outside loopback: 192\.0\.2\.1/.test(
        String((error.cause as Error | undefined)?.message ?? error.message),
      ),
    );
  });

  it("refuses a connection to a public host name", async () => {
    await assert.rejects(
      fetch("https://accounts.google.com/.well-known/openid-configuration"),
      (error: Error) =>
        /outside loopback: accounts\.google\.com/.test(
          String((error.cause as Error | undefined)?.message ?? error.message),
        ),
    );
  });
});
