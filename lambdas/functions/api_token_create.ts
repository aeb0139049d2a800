import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { type Schema, schema } from "../runtime/schema.js";
import { createToken, TokenNameTaken } from "../stores/tokens.js";
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
  tokenSchema,
  whitelistIpParam,
} from "../tokens/token-rules.js";

/**
 * Creates an API token for the caller. The token itself is returned this once; only its SHA-256
 * is stored. Its ACLs are the ones named (each one WHM knows and the caller holds), or, with none
 * named, full access to the caller's privileges; `whitelist_ip` limits where it may be used from.
 */
export const definition = defineFunction({
  name: "api_token_create",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Create WHM API token",
  acl: "manage-api-tokens",
  params: {
    token_name: requiredTokenName("create"),
    acl: aclParam,
    expires_at: expiresAtParam,
    whitelist_ip: whitelistIpParam,
  },
  returns: schema.object({
    token: schema.string("The new token: shown only this once."),
    ...(tokenSchema.properties as Record<string, Schema>),
  }),
  async run({ principal }, args) {
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
  },
});

export const handler = lambdaHandler(definition);
