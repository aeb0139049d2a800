import { defineFunction, NEXT_PAGE } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { getAccount } from "../stores/accounts.js";
import { tokensPage } from "../stores/tokens.js";
import { exportToken } from "../tokens/token-rules.js";
import { SERVICE_ACLS, WHM_ACLS } from "../tokens/whm-acls.js";

/**
 * Lists the caller's API tokens by name, never the tokens themselves. Each token's `acls` is WHM's
 * table (Whostmgr/API/1/Tokens.pm): every ACL the user may hold, 1 where the token holds it and 0
 * where not (root's table names every ACL; a reseller's only its own). The `api.*` options act on
 * the tokens (the hash stays a hash, in their order); one call reads one page of them.
 */
export const definition = defineFunction({
  name: "api_token_list",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Return WHM API tokens",
  acl: "manage-api-tokens",
  params: {},
  listKey: "tokens",
  returns: schema.object({
    tokens: schema.map(
      schema.object({
        name: schema.string(),
        create_time: schema.integer(),
        expires_at: schema.integer("Present when the token expires."),
        whitelist_ips: schema.array(schema.string(), "Present when the token is limited to addresses."),
        acls: schema.map(schema.flag(), "Every ACL the user may hold: 1 when the token holds it."),
      }),
      "Tokens by name.",
    ),
  }),
  async run({ principal, tenant, page }) {
    const account = await getAccount(tenant.id, principal.user);
    const userAcls = account?.acls ?? [];
    const isRoot = userAcls.includes("all");
    const table = isRoot ? [...WHM_ACLS, ...SERVICE_ACLS] : userAcls;
    const tokens: Record<string, unknown> = {};
    const { items, next } = await tokensPage(principal.tenant, principal.user, page);
    for (const token of items) {
      const holds = (acl: string) =>
        token.fullAccess || token.acls.includes("all") || token.acls.includes(acl);
      tokens[token.name] = {
        ...exportToken(token),
        acls: Object.fromEntries([...table].sort().map((acl) => [acl, holds(acl) ? 1 : 0])),
      };
    }
    return { tokens, [NEXT_PAGE]: next };
  },
});

export const handler = lambdaHandler(definition);
