import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { passkeyAnswer, relyingPartyOf } from "../../lambdas/passkeys/ceremonies.js";

const clientData = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const challengeOf = (credential: string | undefined) => passkeyAnswer(credential)?.challenge;
/** The id an answer naming `id` is read with. */
const idOf = (id: unknown) =>
  passkeyAnswer(JSON.stringify({ id, response: { clientDataJSON: clientData({ challenge: "c" }) } }))?.id;

describe("passkeys/ceremonies", () => {
  it("reads the challenge an answer signed from its client data", () => {
    const credential = JSON.stringify({ response: { clientDataJSON: clientData({ challenge: "abc" }) } });
    assert.equal(challengeOf(credential), "abc");
  });

  it("reads no challenge from anything that is not an answer's shape, without throwing", () => {
    for (const bad of [
      undefined,
      "",
      "{",
      "null",
      "[]",
      '{"response":{}}',
      '{"response":{"clientDataJSON":"%%"}}',
    ]) {
      assert.equal(challengeOf(bad), undefined, String(bad));
    }
    const long = JSON.stringify({ response: { clientDataJSON: clientData({ challenge: "x".repeat(200) }) } });
    assert.equal(challengeOf(long), undefined);
  });

  it("takes a credential id only as base64url", () => {
    assert.equal(idOf("AbC-_1"), "AbC-_1");
    assert.equal(idOf("a/b"), undefined);
    assert.equal(idOf(1), undefined);
    assert.equal(passkeyAnswer("nope"), undefined);
  });

  it("makes the tenant's host name the RP id and its service origin the expected origin", () => {
    const kept = process.env.SERVICE_BASE_URL;
    try {
      delete process.env.SERVICE_BASE_URL;
      assert.deepEqual(relyingPartyOf({ id: "acme", hostname: "whm.acme.example" } as never), {
        id: "whm.acme.example",
        origin: "https://whm.acme.example",
      });
    } finally {
      if (kept !== undefined) process.env.SERVICE_BASE_URL = kept;
    }
  });
});
