import { errors } from "../kernel/errors.js";
import { holdsAll } from "../runtime/auth.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { getTokensByName, revokeToken } from "../stores/tokens.js";
import { tokenFailure, tokenNameParam } from "../tokens/token-rules.js";

/**
 * Revokes the caller's tokens named `token_name`, `token_name-1`, ...; unknown names are skipped. A
 * token may revoke only tokens whose privileges it holds itself (stricter than WHM).
 */
export const definition = defineFunction({
  name: "api_token_revoke",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Revoke WHM API tokens",
  acl: "manage-api-tokens",
  params: { token_name: { ...tokenNameParam, repeated: true } },
  returns: schema.empty(),
  async run({ principal }, args) {
    if (!args.token_name.length) throw tokenFailure("revoke", "Provide at least one “token_name” argument.");
    const existing = await getTokensByName(principal.tenant, principal.user, args.token_name);
    // All checked before any is revoked: a refused call revokes nothing.
    const stronger = existing.find((token) => token && !holdsAll(principal, token.acls));
    if (stronger) throw tokenFailure("revoke", errors.strongerToken(stronger.name).reason);
    for (const token of existing) if (token) await revokeToken(principal.tenant, principal.user, token.name);
    return {};
  },
});

export const handler = lambdaHandler(definition);
