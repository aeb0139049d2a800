import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { type Schema, schema } from "../runtime/schema.js";
import { createApiToken } from "../tokens/create-token.js";
import {
  aclParam,
  expiresAtParam,
  requiredTokenName,
  tokenFailure,
  tokenSchema,
  whitelistIpParam,
} from "../tokens/token-rules.js";

/** The names root's WebPros Dashboard credential uses: nobody else may take them (cPanel's documentation). */
const RESERVED_FOR_ROOT = new Set(["WebPros_Dashboard", "WP-Dashboard"]);

/**
 * Creates an API token for the WebPros (WordPress Toolkit) Dashboard, as api_token_create does but
 * only with the privileges named (`acl` is required: no full-access token), and root may not take
 * the names the Dashboard's own credential uses. From cPanel's documentation page (11.138); the
 * function is not in the source snapshot.
 */
export const definition = defineFunction({
  name: "wp_dashboard_create_api_token",
  perlModule: "Whostmgr::API::1::WPDashboard",
  summary: "Create API token for Dashboard",
  acl: "manage-api-tokens",
  params: {
    token_name: requiredTokenName("create"),
    acl: {
      ...aclParam,
      description: "A privilege to give the token (required); repeat as acl-1, acl-2, ...",
    },
    expires_at: expiresAtParam,
    whitelist_ip: whitelistIpParam,
  },
  returns: schema.object({
    token: schema.string("The new token: shown only this once."),
    ...(tokenSchema.properties as Record<string, Schema>),
  }),
  async run({ principal }, args) {
    if (!args.acl.length) throw tokenFailure("create", "The parameter “acl” is required.");
    if (principal.user === "root" && RESERVED_FOR_ROOT.has(args.token_name)) {
      throw tokenFailure(
        "create",
        `The API token name “${args.token_name}” is reserved for the WebPros Dashboard's own credential.`,
      );
    }
    return createApiToken(principal, args);
  },
});

export const handler = lambdaHandler(definition);
