import { errors } from "../kernel/errors.js";
import { holdsAll } from "../runtime/auth.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { getTokenByName, TokenNameTaken, updateToken } from "../stores/tokens.js";
import {
  aclParam,
  allowListChange,
  checkExpiry,
  checkTokenName,
  expiresAtParam,
  exportToken,
  grantedAcls,
  requiredTokenName,
  tokenFailure,
  tokenNameParam,
  tokenSchema,
  whitelistIpParam,
} from "../tokens/token-rules.js";

/**
 * Renames one of the caller's tokens or changes its ACLs, expiry or allowed addresses; the token's
 * value stays the same. In the reference's order: ACLs and addresses are checked, the token is
 * found, the new values are checked, and something must change. A token may change only tokens
 * whose privileges it holds (stricter than WHM).
 */
export const definition = defineFunction({
  name: "api_token_update",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Update WHM API token",
  acl: "manage-api-tokens",
  params: {
    token_name: requiredTokenName("update"),
    new_name: { ...tokenNameParam, description: "The token's new name." },
    acl: aclParam,
    expires_at: expiresAtParam,
    whitelist_ip: whitelistIpParam,
  },
  returns: tokenSchema,
  async run({ principal }, args) {
    let acls: string[] | undefined;
    if (args.acl.length) {
      const granted = grantedAcls(principal, args.acl);
      if ("error" in granted) throw tokenFailure("update", granted.error);
      acls = granted.acls;
    }
    const allowList = allowListChange(args.whitelist_ip);
    const current = await getTokenByName(principal.tenant, principal.user, args.token_name);
    if (!current) throw tokenFailure("update", `The API token “${args.token_name}” does not exist.`);
    const expiry = checkExpiry(args.expires_at);
    const problem =
      (args.new_name === undefined ? undefined : checkTokenName(args.new_name)) ??
      ("problem" in expiry ? expiry.problem : undefined) ??
      ("problem" in allowList ? allowList.problem : undefined);
    if (problem) throw tokenFailure("update", problem);
    if (args.new_name === undefined && !acls && args.expires_at === undefined && !("ips" in allowList)) {
      throw tokenFailure("update", "Specify a new name, updated ACLs, or IPs.");
    }
    if (!holdsAll(principal, current.acls))
      throw tokenFailure("update", errors.strongerToken(current.name).reason);
    try {
      const updated = await updateToken(current, {
        name: args.new_name,
        acls,
        expiresAt: "expiresAt" in expiry ? (expiry.expiresAt ?? null) : undefined,
        whitelistIps: "ips" in allowList ? allowList.ips : undefined,
      });
      return exportToken(updated);
    } catch (error) {
      if (error instanceof TokenNameTaken) {
        throw tokenFailure("update", `An API token with the name “${args.new_name}” already exists.`);
      }
      throw error;
    }
  },
});

export const handler = lambdaHandler(definition);
