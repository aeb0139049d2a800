import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listTokens } from "../stores/tokens.js";

/** Lists the caller's API tokens by name, with their ACLs; never the tokens themselves. */
export const definition = defineFunction({
  name: "api_token_list",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Return WHM API tokens",
  acl: "manage-api-tokens",
  needs: { table: "read" },
  params: {},
  returns: schema.object({
    tokens: schema.map(
      schema.object({
        name: schema.string(),
        create_time: schema.integer(),
        expires_at: schema.nullable(schema.integer()),
        has_full_access: schema.flag(),
        acls: schema.map(schema.flag()),
      }),
      "Tokens by name.",
    ),
  }),
  async run({ principal }) {
    const tokens: Record<string, unknown> = {};
    for (const token of await listTokens(principal.tenant, principal.user)) {
      tokens[token.name] = {
        name: token.name,
        create_time: token.created,
        expires_at: token.expiresAt ?? null,
        has_full_access: token.acls.includes("all") ? 1 : 0,
        acls: Object.fromEntries(token.acls.map((acl) => [acl, 1])),
      };
    }
    return { tokens };
  },
});

export const handler = lambdaHandler(definition);
