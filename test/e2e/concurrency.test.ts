import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { getProviderSettings } from "../../lambdas/stores/provider-settings.js";
import { secretStore } from "../../lambdas/stores/secrets/index.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("concurrent calls leave consistent state", () => {
  let stack: TestStack;
  let races = 0;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  /** Runs the calls all at once (the gateway serves them concurrently). */
  const race = <T>(calls: Array<() => Promise<T>>) => {
    races++;
    return Promise.all(calls.map((call) => call()));
  };

  it("50 simultaneous exchanges of one OAuth2 code: exactly one succeeds", async () => {
    const code = await obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      LOCAL_PORTAL_REDIRECT_URI,
    );
    const results = await race(
      Array.from(
        { length: 50 },
        () => () =>
          stack.call("ticket_validate_oauth2_code", { code, redirect_uri: LOCAL_PORTAL_REDIRECT_URI }),
      ),
    );
    const reasons = results.map((r) => r.json.metadata.reason);
    assert.equal(reasons.filter((reason) => reason === "OK").length, 1);
    assert.equal(reasons.filter((reason) => /already been used/.test(reason)).length, 49);
  });

  it("20 simultaneous creations of one token name: exactly one token exists", async () => {
    const results = await race(
      Array.from({ length: 20 }, () => () => stack.call("api_token_create", { token_name: "same" })),
    );
    assert.equal(results.filter((r) => r.json.metadata.result === 1).length, 1);
    assert.deepEqual(
      results.filter((r) => r.json.metadata.result === 0).map((r) => r.json.metadata.reason),
      Array(19).fill(
        "The system failed to create the API token: A conflicting API token with the name “same” already exists.",
      ),
    );
  });

  it("creating and revoking tokens at once keeps every listing item paired with its lookup item", async () => {
    await race([
      ...Array.from({ length: 15 }, (_, i) => () => stack.call("api_token_create", { token_name: `t${i}` })),
      ...Array.from({ length: 15 }, (_, i) => () => stack.call("api_token_revoke", { token_name: `t${i}` })),
    ]);
    const { Items = [] } = await db().send(new ScanCommand({ TableName: tableName() }));
    const listing = Items.filter((item) => String(item.sk).includes("#TOKEN#"))
      .map((item) => item.tokenHash)
      .sort();
    const lookup = Items.filter((item) => item.sk === "TOKEN")
      .map((item) => item.tokenHash)
      .sort();
    assert.deepEqual(listing, lookup);
  });

  it("setting four providers' client configurations at once keeps all four", async () => {
    const results = await race(
      ["cpanelid", "facebook", "google", "whmcs"].map(
        (provider_id) => () =>
          stack.call("set_provider_client_configurations", {
            provider_id,
            service_name: "cpaneld",
            configurations: JSON.stringify({
              client_id: `${provider_id}-id`,
              client_secret: `${provider_id}-secret`,
              ...(provider_id === "whmcs"
                ? { well_known_config_uri: "https://whmcs.example/.well-known/openid-configuration" }
                : {}),
            }),
          }),
      ),
    );
    assert.ok(
      results.every((r) => r.json.metadata.result === 1),
      JSON.stringify(results.map((r) => r.json.metadata.reason)),
    );
    assert.deepEqual(Object.keys((await secretStore().get("local"))?.providers ?? {}).sort(), [
      "cpanelid",
      "facebook",
      "google",
      "whmcs",
    ]);
  });

  it("enabling one provider on three services at once enables all three", async () => {
    await race(
      ["cpaneld", "whostmgrd", "webmaild"].map(
        (service_name) => () =>
          stack.call("enable_authentication_provider", { provider_id: "facebook", service_name }),
      ),
    );
    assert.deepEqual((await getProviderSettings("local", "facebook")).enabled, {
      cpaneld: true,
      whostmgrd: true,
      webmaild: true,
    });
  });

  it("reports the races run", (t) => {
    t.diagnostic(`concurrent races run: ${races}`);
    assert.equal(races, 5);
  });
});
