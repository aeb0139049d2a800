import { randomBytes } from "node:crypto";
import { errors } from "../kernel/errors.js";
import { schema } from "../runtime/schema.js";
import type { RelyingParty } from "../stores/relying-parties.js";
import { FLEET_PATHS, issuerOf } from "./issuer.js";
import { redirectUriProblem } from "./redirect-uris.js";

/** A new client id: readable in WHM's provider screen, random enough never to be guessed or reused. */
export const newClientId = () => `whm-${randomBytes(12).toString("hex")}`;

/** A new client secret: shown once, stored only as its SHA-256. */
export const newClientSecret = () => randomBytes(32).toString("base64url");

/** The client_id parameter of the client functions. */
export const clientIdParam = {
  description: "The client ID that register_openid_connect_client returned.",
  required: true,
  nonEmpty: true,
  maxLength: 128,
  example: "whm-0123456789abcdef01234567",
} as const;

/** Refuses the first URI that cannot be registered (exact match only: no wildcard, no fragment). */
export function checkRedirectUris(uris: readonly string[]): void {
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw errors.redirectUriInvalid(uri, problem);
  }
}

/** A client as the functions show it: never its secret or the secret's hash. */
export function exportClient(party: RelyingParty, hostname: string): Record<string, unknown> {
  return {
    client_id: party.clientId,
    name: party.name,
    server: party.server ?? null,
    redirect_uris: [...party.redirectUris],
    post_logout_redirect_uris: [...party.postLogoutRedirectUris],
    token_endpoint_auth_method: party.secretHash ? "client_secret_post" : "none",
    well_known_config_uri: `${issuerOf(hostname)}${FLEET_PATHS.discovery}`,
    created: party.created,
    ...(party.secretRotated ? { secret_rotated: party.secretRotated } : {}),
  };
}

export const clientSchema = schema.object({
  client_id: schema.string(),
  name: schema.string(),
  server: schema.nullable(
    schema.string("The directory's name of the server whose cPanel accounts may sign in."),
  ),
  redirect_uris: schema.array(schema.string()),
  post_logout_redirect_uris: schema.array(schema.string()),
  token_endpoint_auth_method: schema.string(
    "client_secret_post (or basic) for a server; none for a public client.",
  ),
  well_known_config_uri: schema.string(
    "What the server's WHMCS provider takes as its Well Known Config URI.",
  ),
  created: schema.integer(),
  secret_rotated: schema.integer("When the secret was last rotated, if it was."),
});
