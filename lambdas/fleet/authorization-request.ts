import { getRelyingParty, type RelyingParty } from "../stores/relying-parties.js";
import type { FleetAuthorization } from "../stores/sign-ins.js";
import type { FleetRefusal } from "./pages.js";
import { serviceOfRedirectUri } from "./redirect-uris.js";

/** An authorization request of a tenant's server, checked (OpenID Connect Core 1.0 §3.1.2). */
export type CheckedAuthorization =
  /** Not even the client and its redirect URI hold: a page, nothing sent anywhere. */
  | { readonly kind: "page"; readonly code: FleetRefusal }
  /** Wrong otherwise: the error goes back to the registered redirect URI (RFC 6749 §4.1.2.1). */
  | {
      readonly kind: "redirect";
      readonly redirectUri: string;
      readonly state?: string;
      readonly error: string;
      readonly description: string;
    }
  | {
      readonly kind: "ok";
      /** What the code is issued for, and the sign-in carries to the end. */
      readonly request: FleetAuthorization;
      readonly party: RelyingParty;
      /** `prompt` values asked for (`none`, `login`); others are accepted and have no effect. */
      readonly prompt: readonly string[];
      readonly maxAge?: number;
    };

/** RFC 7636 §4.2: a S256 challenge is the base64url of a SHA-256, 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_VALUE = 2000;

/** The request's parameters that travel with it to the hosted login page and back. */
const CARRIED = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
] as const;

/**
 * Checks an authorization request against the tenant's registered servers. Each parameter may
 * come once (RFC 6749 §3.1); only the code flow, with `openid` in the scope; a public client
 * must send a S256 PKCE challenge, a confidential one may.
 */
export async function checkAuthorization(
  tenant: string,
  args: ReadonlyMap<string, readonly string[]>,
): Promise<CheckedAuthorization> {
  const one = (name: string) => args.get(name)?.[0];
  const clientId = one("client_id");
  if (!clientId || clientId.length > MAX_VALUE || (args.get("client_id")?.length ?? 0) > 1)
    return { kind: "page", code: "unknown_client" };
  const party = await getRelyingParty(tenant, clientId);
  if (!party) return { kind: "page", code: "unknown_client" };
  const redirectUri = one("redirect_uri");
  if (
    !redirectUri ||
    (args.get("redirect_uri")?.length ?? 0) > 1 ||
    !party.redirectUris.includes(redirectUri)
  )
    return { kind: "page", code: "redirect_uri_not_registered" };
  const state = one("state");
  const refuse = (error: string, description: string): CheckedAuthorization => ({
    kind: "redirect",
    redirectUri,
    state,
    error,
    description,
  });
  const repeated = [...args].find(([, values]) => values.length > 1)?.[0];
  if (repeated) return refuse("invalid_request", `The parameter “${repeated}” was given more than once.`);
  const tooLong = [...args].find(([, values]) => (values[0]?.length ?? 0) > MAX_VALUE)?.[0];
  if (tooLong) return refuse("invalid_request", `The parameter “${tooLong}” is too long.`);
  if (args.has("request") || args.has("request_uri"))
    return refuse("request_not_supported", "Request objects are not supported.");
  if (one("response_type") !== "code")
    return refuse(
      "unsupported_response_type",
      "Only the authorization code flow (response_type=code) is supported.",
    );
  const scope = one("scope") ?? "";
  if (!scope.split(" ").includes("openid"))
    return refuse("invalid_scope", "The scope must include “openid”.");
  const codeChallenge = one("code_challenge");
  const method = one("code_challenge_method");
  if (codeChallenge !== undefined || method !== undefined) {
    if (method !== "S256") return refuse("invalid_request", "The code challenge method must be “S256”.");
    if (!codeChallenge || !CHALLENGE.test(codeChallenge))
      return refuse("invalid_request", "The code challenge is not a S256 challenge.");
  } else if (!party.secretHash)
    return refuse("invalid_request", "A public client must send a PKCE code challenge (S256).");
  const maxAge = one("max_age");
  if (maxAge !== undefined && !/^\d{1,9}$/.test(maxAge))
    return refuse("invalid_request", "max_age must be a number of seconds.");
  return {
    kind: "ok",
    party,
    prompt: (one("prompt") ?? "").split(" ").filter(Boolean),
    maxAge: maxAge === undefined ? undefined : Number(maxAge),
    request: {
      clientId,
      redirectUri,
      service: serviceOfRedirectUri(redirectUri),
      scope,
      state,
      nonce: one("nonce"),
      codeChallenge,
    },
  };
}

/**
 * The request as the hosted login page's buttons carry it to the sign-in start: what it needs to
 * be checked again there, without `prompt` and `max_age`, which the fresh sign-in satisfies.
 */
export function carriedQuery(args: ReadonlyMap<string, readonly string[]>): string {
  const query = new URLSearchParams();
  for (const name of CARRIED) {
    const value = args.get(name)?.[0];
    if (value !== undefined) query.set(name, value);
  }
  return query.toString();
}

/** The error answer to the server: its redirect URI with `error`, `state` and our `iss` (RFC 9207). */
export function errorRedirect(
  checked: Extract<CheckedAuthorization, { kind: "redirect" }>,
  issuer: string,
): string {
  const url = new URL(checked.redirectUri);
  url.searchParams.set("error", checked.error);
  url.searchParams.set("error_description", checked.description);
  if (checked.state !== undefined) url.searchParams.set("state", checked.state);
  url.searchParams.set("iss", issuer);
  return url.toString();
}
