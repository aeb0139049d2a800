import { hasAcl } from "../runtime/auth.js";
import type { ParamSpec, Principal } from "../runtime/define.js";
import { WhmError } from "../runtime/errors.js";
import { schema } from "../runtime/schema.js";
import type { ApiToken } from "../stores/tokens.js";

/** Cpanel/Security/Authn/APITokens/Validate.pm: at most 50 of a-z A-Z 0-9 _ -. */
export const TOKEN_NAME = /^[A-Za-z0-9_-]{1,50}$/;
const ACL_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const tokenNameParam = {
  description: "The API token's name: at most 50 characters of a-z, A-Z, 0-9, _ and -.",
  maxLength: 1024,
  example: "example",
} as const satisfies ParamSpec;

/** `token_name` where it is required: missing, it fails with the operation's own sentence. */
export function requiredTokenName(operation: "create" | "update") {
  return {
    ...tokenNameParam,
    required: true,
    missingError: () => tokenFailure(operation, "The parameter “token_name” is required."),
  } as const satisfies ParamSpec;
}

export const aclParam = {
  description:
    "A privilege to give the token; repeat as acl-1, acl-2, ... Without any, the token gets all of your privileges. You can only give privileges you hold.",
  repeated: true,
  maxLength: 64,
  example: "list-accts",
} as const satisfies ParamSpec;

export const expiresAtParam = {
  description: "When the token expires, in Unix epoch seconds; 0 for never.",
  type: "integer",
  example: "1893456000",
} as const satisfies ParamSpec;

/** The reference wraps every token failure in a sentence naming the operation. */
export function tokenFailure(operation: "create" | "update" | "revoke" | "read", reason: string): WhmError {
  const verb = operation === "read" ? "read the API tokens" : `${operation} the API token`;
  return new WhmError(`The system failed to ${verb}: ${reason}`);
}

export function checkTokenName(name: string): string | undefined {
  if (TOKEN_NAME.test(name)) return undefined;
  return `“${name}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following characters: a-z A-Z 0-9 _ -`;
}

export function checkExpiry(expiresAt: number | undefined): string | undefined {
  if (expiresAt === undefined || expiresAt === 0) return undefined;
  if (expiresAt < Math.floor(Date.now() / 1000)) return `The “${expiresAt}” value must be a future date.`;
  return undefined;
}

/**
 * The ACLs a new or updated token gets: the requested ones, each of which the caller must hold
 * (a token never grants more than its creator has), or all of the caller's when none are named.
 */
export function grantedAcls(
  caller: Principal,
  requested: readonly string[],
): { acls: string[] } | { error: string } {
  if (!requested.length) return { acls: [...caller.acls] };
  const refused = requested.filter((acl) => !ACL_NAME.test(acl) || !hasAcl(caller, acl));
  if (refused.length) {
    const list =
      refused.length > 2
        ? `${refused.slice(0, -1).join(", ")}, and ${refused.at(-1)}`
        : refused.join(" and ");
    return { error: `Invalid or unauthorized ${refused.length === 1 ? "ACL" : "ACLs"} specified: ${list}` };
  }
  return { acls: [...new Set(requested)] };
}

/** A token as api_token_get_details and api_token_update show it (never its secret). */
export function exportToken(token: ApiToken): Record<string, unknown> {
  return {
    name: token.name,
    create_time: token.created,
    expires_at: token.expiresAt ?? null,
    acls: token.acls,
    has_full_access: token.acls.includes("all") ? 1 : 0,
    whitelist_ips: null,
  };
}

/** The shape exportToken returns, for the OpenAPI document. */
export const tokenSchema = schema.object({
  name: schema.string(),
  create_time: schema.integer(),
  expires_at: schema.nullable(schema.integer()),
  acls: schema.array(schema.string()),
  has_full_access: schema.flag(),
  whitelist_ips: schema.nullable(schema.array(schema.string())),
});
