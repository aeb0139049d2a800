import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errors } from "../../lambdas/kernel/errors.js";
import { tokenFailure } from "../../lambdas/tokens/token-rules.js";

/**
 * Every text WHM shows, as the reference words it (file in the third column), next to what we
 * build. `(XID)` rows carry WHM's `API failure: (XID id) ` prefix.
 */
const XID = /^API failure: \(XID [a-hjkmnp-z2-9]{6}\) /;
const TEXTS: Array<[string, () => { reason: string }, string, boolean]> = [
  [
    "missing argument",
    () =>
      errors.missingParameter(
        "provider_id",
        "Whostmgr::API::1::Authentication::enable_authentication_provider",
      ),
    "Provide the “provider_id” parameter for the “Whostmgr::API::1::Authentication::enable_authentication_provider” function.",
    true,
  ],
  [
    "empty argument",
    () => errors.emptyParameter("username"),
    "The value of “username” may not be empty.",
    true,
  ],
  [
    "unknown service",
    () => errors.unknownService(),
    "Currently, only “cpaneld”, “webmaild”, and “whostmgrd” can use External Authentication.",
    true,
  ],
  [
    "unknown provider",
    () => errors.unknownProvider("orkut"),
    "The requested provider “orkut” is not valid.",
    true,
  ],
  [
    "provider not enabled",
    () => errors.providerNotEnabled("google"),
    "The provider “google” is not enabled for any services with OpenID Connect authentication.",
    true,
  ],
  ["user not found", () => errors.userNotFound("ghost"), "You do not have a user named “ghost”.", true],
  [
    "no access to account",
    () => errors.noAccessToAccount("bob"),
    "You do not have access to an account named “bob”.",
    true,
  ],
  [
    "link not the user's",
    () => errors.notLinkedToUser(),
    "The value of the parameter “subject_unique_identifier” is not valid for this user.",
    true,
  ],
  [
    "session: no user",
    () => errors.sessionUserMissing("x"),
    "You cannot create a session for the user “x” because they do not exist.",
    false,
  ],
  [
    "session: suspended",
    () => errors.sessionUserSuspended("x"),
    "You cannot create a session for the user “x” because they are currently suspended.",
    false,
  ],
  [
    "session: not permitted",
    () => errors.sessionForbidden("x"),
    "You do not have permission to create sessions for the user “x”.",
    false,
  ],
  [
    "session: not a reseller",
    () => errors.sessionNotReseller("x"),
    "You cannot create a “whostmgrd” session for the user “x” because they are not a reseller.",
    false,
  ],
  [
    "token: conflicting name",
    () => tokenFailure("create", "A conflicting API token with the name “x” already exists."),
    "The system failed to create the API token: A conflicting API token with the name “x” already exists.",
    false,
  ],
  [
    "token: unknown",
    () => tokenFailure("update", "The API token “x” does not exist."),
    "The system failed to update the API token: The API token “x” does not exist.",
    false,
  ],
  [
    "token: nothing to change",
    () => tokenFailure("update", "Specify a new name, updated ACLs, or IPs."),
    "The system failed to update the API token: Specify a new name, updated ACLs, or IPs.",
    false,
  ],
  [
    "portal unreachable",
    () => errors.portalUnreachable(),
    "The server was unable to contact the cPanel Customer Portal.",
    false,
  ],
  [
    "unknown function",
    () => errors.unknownFunction("listpkgs"),
    "Unknown app (listpkgs) requested for this version (1) of the API.",
    false,
  ],
];

describe("WHM's texts, word for word", () => {
  for (const [what, build, text, exception] of TEXTS) {
    it(`${what}: ${exception ? "API failure (XID) + " : ""}the reference's wording`, () => {
      const { reason } = build();
      if (exception) {
        assert.match(reason, XID);
        assert.equal(reason.replace(XID, ""), text);
      } else {
        assert.equal(reason, text);
      }
    });
  }

  it("gives every exception a fresh id", () => {
    assert.notEqual(errors.userNotFound("a").reason, errors.userNotFound("a").reason);
  });

  it("counts the portal's own failures (unreachable, 5xx, malformed) as portal failures, not a refused code", () => {
    assert.equal(errors.portalUnreachable().signal, "PortalFailures");
    assert.equal(errors.portalStatus(502).signal, "PortalFailures");
    assert.equal(errors.portalMalformed().signal, "PortalFailures");
    assert.equal(errors.portalStatus(400).signal, undefined);
  });
});
