import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { createToken, TokenNameTaken } from "../stores/tokens.js";
import {
  aclParam,
  checkExpiry,
  checkTokenName,
  expiresAtParam,
  grantedAcls,
  requiredTokenName,
  tokenFailure,
} from "../tokens/token-rules.js";

/**
 * Creates an API token for the caller. The token itself is returned this once; only its SHA-256
 * is stored. Its ACLs are the ones named (each held by the caller) or all of the caller's.
 */
export const definition = defineFunction({
  name: "api_token_create",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Create WHM API token",
  acl: "manage-api-tokens",
  needs: { table: "write" },
  params: {
    token_name: requiredTokenName("create"),
    acl: aclParam,
    expires_at: expiresAtParam,
    whitelist_ip: {
      description: "Not supported here: tokens cannot be limited to IP addresses yet.",
      repeated: true,
    },
  },
  returns: schema.object({
    token: schema.string("The new token: shown only this once."),
    name: schema.string(),
    create_time: schema.integer(),
    acls: schema.array(schema.string()),
    expires_at: schema.nullable(schema.integer()),
  }),
  async run({ principal }, args) {
    if (args.whitelist_ip.length)
      throw tokenFailure("create", "This server does not support “whitelist_ip”.");
    const problem = checkTokenName(args.token_name) ?? checkExpiry(args.expires_at);
    if (problem) throw tokenFailure("create", problem);
    const granted = grantedAcls(principal, args.acl);
    if ("error" in granted) throw tokenFailure("create", granted.error);
    try {
      const { token, record } = await createToken({
        tenant: principal.tenant,
        user: principal.user,
        name: args.token_name,
        acls: granted.acls,
        expiresAt: args.expires_at || undefined,
      });
      return {
        token,
        name: record.name,
        create_time: record.created,
        acls: record.acls,
        expires_at: record.expiresAt ?? null,
      };
    } catch (error) {
      if (error instanceof TokenNameTaken)
        throw tokenFailure("create", `An API token named “${args.token_name}” already exists.`);
      throw error;
    }
  },
});

export const handler = lambdaHandler(definition);
