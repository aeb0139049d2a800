import type { Principal } from "../kernel/domain.js";
import { createToken, TokenNameTaken } from "../stores/tokens.js";
import {
  allowListChange,
  checkExpiry,
  checkTokenName,
  exportToken,
  grantedAcls,
  tokenFailure,
} from "./token-rules.js";

/**
 * Creates an API token for the caller as Whostmgr/API/1/Tokens.pm does: ACLs the caller holds (or,
 * with none named, full access), the name, expiry and allow-list checked in WHM's order. Returns
 * the token (shown this once; only its SHA-256 is stored) and its exported fields.
 */
export async function createApiToken(
  principal: Principal,
  args: { token_name: string; acl: string[]; expires_at?: string; whitelist_ip: string[] },
): Promise<Record<string, unknown>> {
  const granted = grantedAcls(principal, args.acl);
  if ("error" in granted) throw tokenFailure("create", granted.error);
  const expiry = checkExpiry(args.expires_at);
  const allowList = allowListChange(args.whitelist_ip);
  const problem =
    checkTokenName(args.token_name) ??
    ("problem" in expiry ? expiry.problem : undefined) ??
    ("problem" in allowList ? allowList.problem : undefined);
  if (problem) throw tokenFailure("create", problem);
  try {
    const { token, record } = await createToken({
      tenant: principal.tenant,
      user: principal.user,
      name: args.token_name,
      acls: granted.acls,
      fullAccess: granted.fullAccess,
      expiresAt: "expiresAt" in expiry ? expiry.expiresAt || undefined : undefined,
      whitelistIps: "ips" in allowList ? (allowList.ips ?? undefined) : undefined,
    });
    return { token, ...exportToken(record) };
  } catch (error) {
    if (error instanceof TokenNameTaken) {
      throw tokenFailure(
        "create",
        `A conflicting API token with the name “${args.token_name}” already exists.`,
      );
    }
    throw error;
  }
}
