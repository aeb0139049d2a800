import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { defaultRedirectUris, whmRedirectUri } from "../../lambdas/providers/service-ports.js";

describe("redirect URIs", () => {
  const kept = process.env.SERVICE_BASE_URL;
  afterEach(() => {
    if (kept === undefined) delete process.env.SERVICE_BASE_URL;
    else process.env.SERVICE_BASE_URL = kept;
  });

  it("are WHM's, one per service port, where services have their own ports", () => {
    delete process.env.SERVICE_BASE_URL;
    assert.deepEqual(defaultRedirectUris("whm.acme.example", "google"), [
      "https://whm.acme.example:2083/openid_connect_callback/google",
      "https://whm.acme.example:2087/openid_connect_callback/google",
      "https://whm.acme.example:2096/openid_connect_callback/google",
    ]);
  });

  it("are one, on the tenant's host name on 443, under a deployed stage's tenant domain", () => {
    process.env.SERVICE_BASE_URL = "https://{host}";
    assert.deepEqual(defaultRedirectUris("acme.signin.example.net", "google"), [
      "https://acme.signin.example.net/openid_connect_callback/google",
    ]);
    assert.equal(
      whmRedirectUri("acme.signin.example.net", "whmcs"),
      "https://acme.signin.example.net/openid_connect_callback/whmcs",
    );
  });

  it("are one, on the local stage's single origin", () => {
    process.env.SERVICE_BASE_URL = "http://localhost:2087";
    assert.deepEqual(defaultRedirectUris("localhost", "cpanelid"), [
      "http://localhost:2087/openid_connect_callback/cpanelid",
    ]);
  });
});
