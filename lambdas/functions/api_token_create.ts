import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { type Schema, schema } from "../runtime/schema.js";
import { createApiToken } from "../tokens/create-token.js";
import {
  aclParam,
  expiresAtParam,
  requiredTokenName,
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
  run: ({ principal }, args) => createApiToken(principal, args),
});

export const handler = lambdaHandler(definition);
