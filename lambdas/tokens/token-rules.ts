import type { Principal } from "../kernel/domain.js";
import { WhmError } from "../kernel/errors.js";
import { hasAcl } from "../runtime/auth.js";
import type { ParamSpec } from "../runtime/define.js";
import { invalidEntries, normalizeAllowList } from "../runtime/ip-allow-list.js";
import { schema } from "../runtime/schema.js";
import type { ApiToken } from "../stores/tokens.js";
import { isKnownAcl } from "./whm-acls.js";

/** Cpanel/Security/Authn/APITokens/Validate.pm: at most 50 of a-z A-Z 0-9 _ -. */
export const TOKEN_NAME = /^[A-Za-z0-9_-]{1,50}$/;

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
  maxLength: 64,
  example: "1893456000",
} as const satisfies ParamSpec;

export const whitelistIpParam = {
  description:
    "An IP address or CIDR range the token may be used from; repeat as whitelist_ip-1, whitelist_ip-2, ... (at most 100); “any” clears the list.",
  repeated: true,
  maxLength: 64,
  example: "192.0.2.0/24",
} as const satisfies ParamSpec;

/**
 * The reference wraps every token failure in a sentence naming the operation, and still answers
 * `data` `{}` (Whostmgr/API/1/Tokens.pm).
 */
export function tokenFailure(operation: "create" | "update" | "revoke" | "read", reason: string): WhmError {
  const verb = operation === "read" ? "read the API tokens" : `${operation} the API token`;
  return new WhmError(`The system failed to ${verb}: ${reason}`, {});
}

export function checkTokenName(name: string): string | undefined {
  if (TOKEN_NAME.test(name)) return undefined;
  return `“${name}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following characters: a-z A-Z 0-9 _ -`;
}

/**
 * `expires_at` as Cpanel/Validate/Time.pm and APITokens/Validate.pm check it: digits only, then a
 * future time unless 0 (never). Returns the epoch (0 for never) or the problem's text.
 */
export function checkExpiry(raw: string | undefined): { expiresAt?: number } | { problem: string } {
  if (raw === undefined || raw === "") return {};
  if (!/^\d+$/.test(raw) || BigInt(raw) > LARGEST_EPOCH) {
    return { problem: `“${raw}” is not a valid UNIX epoch timestamp.` };
  }
  const expiresAt = Number(raw);
  if (expiresAt !== 0 && expiresAt < Math.floor(Date.now() / 1000)) {
    return { problem: `The “${raw}” value must be a future date.` };
  }
  return { expiresAt };
}

/** The largest time Cpanel/Validate/Time.pm accepts (larger ones overflow `time_t`). */
const LARGEST_EPOCH = 67_767_976_233_521_999n;

/** `a`, `a and b`, `a, b, and c`: the reference's `list_and` bracket. */
function listAnd(items: readonly string[]): string {
  return items.length > 2 ? `${items.slice(0, -1).join(", ")}, and ${items.at(-1)}` : items.join(" and ");
}

/**
 * The ACLs a new or updated token gets (Tokens.pm `_parse_and_validate_acls`): each named one must be
 * one WHM knows and one the caller holds; they are kept sorted and without repeats. None named
 * means full access: all of the caller's privileges.
 */
export function grantedAcls(
  caller: Principal,
  requested: readonly string[],
): { acls: string[]; fullAccess: boolean } | { error: string } {
  if (!requested.length) return { acls: [...caller.acls], fullAccess: true };
  const refused = requested.filter((acl) => !isKnownAcl(acl) || !hasAcl(caller, acl));
  if (refused.length) {
    return {
      error: `Invalid or unauthorized ${refused.length === 1 ? "ACL" : "ACLs"} specified: ${listAnd(refused)}`,
    };
  }
  return { acls: [...new Set(requested)].sort(), fullAccess: false };
}

/**
 * `whitelist_ip` values (Tokens.pm, APITokens/Validate.pm): none given leaves the list as it is;
 * `any` clears it; otherwise at most 100 addresses or CIDR ranges, normalized as WHM stores them.
 */
export function allowListChange(values: readonly string[]): { ips?: string[] | null } | { problem: string } {
  if (!values.length) return {};
  if (values.includes("any")) return { ips: null };
  const given = values.filter((value) => value !== "");
  if (given.length > 100)
    return { problem: `You have entered “${given.length}” IP addresses, which is above the limit of 100.` };
  const [invalid] = invalidEntries(given);
  if (invalid !== undefined) return { problem: `Invalid IP address or CIDR range specified: ${invalid}` };
  return { ips: normalizeAllowList(given) };
}

/**
 * A token as the reference stores and exports it (APITokens/Object.pm): `acls` only when the token
 * was given ACLs, `expires_at` and `whitelist_ips` only when set. Never the token's secret.
 */
export function exportToken(token: ApiToken): Record<string, unknown> {
  return {
    name: token.name,
    create_time: token.created,
    ...(token.fullAccess ? {} : { acls: [...token.acls].sort() }),
    ...(token.expiresAt ? { expires_at: token.expiresAt } : {}),
    ...(token.whitelistIps?.length ? { whitelist_ips: [...token.whitelistIps] } : {}),
  };
}

/** The shape exportToken returns, for the OpenAPI document. */
export const tokenSchema = schema.object({
  name: schema.string(),
  create_time: schema.integer(),
  acls: schema.array(
    schema.string(),
    "Present when the token was given ACLs; without it the token has full access.",
  ),
  expires_at: schema.integer("Present when the token expires."),
  whitelist_ips: schema.array(
    schema.string(),
    "Present when the token may be used only from these addresses.",
  ),
});
