import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { keys } from "../stores/dynamo.js";
import { sha256 } from "../stores/hash.js";
import { findToken } from "../stores/tokens.js";
import { exportToken, tokenSchema } from "../tokens/token-rules.js";

/** Describes one of the caller's tokens, given the token itself; another user's token reads as none. */
export const definition = defineFunction({
  name: "api_token_get_details",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Return WHM API token details",
  acl: "manage-api-tokens",
  params: {
    token: {
      description: "The API token.",
      required: true,
      nonEmpty: true,
      maxLength: 256,
      example: "TOKEN",
    },
  },
  returns: tokenSchema,
  reads: (_caller, args) => [keys.tokenLookup(sha256(args.token))],
  async run({ principal }, args) {
    const token = await findToken(args.token);
    if (!token || token.tenant !== principal.tenant || token.user !== principal.user) return undefined;
    return exportToken(token);
  },
});

export const handler = lambdaHandler(definition);
