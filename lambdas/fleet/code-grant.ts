import { randomBytes } from "node:crypto";
import { putAuthorizationCode } from "../stores/fleet-grants.js";
import { sha256 } from "../stores/hash.js";
import type { FleetAuthorization } from "../stores/sign-ins.js";
import { CODE_SECONDS, subjectOf } from "./issuer.js";

/** The user an authorization code is issued for, and how they authenticated. */
export interface SignedInUser {
  readonly tenant: string;
  readonly user: string;
  readonly email?: string;
  readonly authTime: number;
  readonly amr: readonly string[];
}

/**
 * Issues an authorization code for the server's request (single use, CODE_SECONDS, bound to the
 * client, the redirect URI and the PKCE challenge; kept by its hash) and answers where the
 * browser goes with it: the redirect URI with `code`, `state` and `iss` (RFC 9207).
 */
export async function codeRedirect(
  authorization: FleetAuthorization,
  signedIn: SignedInUser,
  issuer: string,
): Promise<string> {
  const code = randomBytes(32).toString("base64url");
  await putAuthorizationCode(
    sha256(code),
    {
      tenant: signedIn.tenant,
      clientId: authorization.clientId,
      user: signedIn.user,
      subject: subjectOf(signedIn.tenant, signedIn.user),
      scope: authorization.scope,
      email: authorization.scope.split(" ").includes("email") ? signedIn.email : undefined,
      redirectUri: authorization.redirectUri,
      codeChallenge: authorization.codeChallenge,
      nonce: authorization.nonce,
      authTime: signedIn.authTime,
      amr: signedIn.amr,
    },
    CODE_SECONDS,
  );
  const url = new URL(authorization.redirectUri);
  url.searchParams.set("code", code);
  if (authorization.state !== undefined) url.searchParams.set("state", authorization.state);
  url.searchParams.set("iss", issuer);
  return url.toString();
}
