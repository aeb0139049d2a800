/**
 * WHM API 1 functions of the identity, support and market sections that whm-serverless knows and
 * does not serve, each with why: the default route answers them with this reason instead of
 * WHM's unknown-function error, and the OpenAPI document and the README list them.
 */
const ON_A_SERVER =
  "acts on the WHM server itself (cPanel support's SSH access and the server's firewall allow-lists), which whm-serverless does not run: call it on your server.";
const NEEDS_LICENCE =
  "needs a WHM server's cPanel licence and its cPanel Market configuration, which whm-serverless does not have: call it on your server.";

export const NOT_SERVED: ReadonlyMap<string, string> = new Map([
  ...[
    "ticket_create_stub_ticket",
    "ticket_grant",
    "ticket_revoke",
    "ticket_remove_closed",
    "ticket_ssh_test",
    "ticket_ssh_test_start",
    "ticket_whitelist_check",
    "ticket_whitelist_setup",
    "ticket_whitelist_unsetup",
  ].map((name) => [name, ON_A_SERVER] as const),
  ...[
    "disable_market_provider",
    "enable_market_provider",
    "get_adjusted_market_providers_products",
    "get_login_url",
    "get_market_providers_commission_config",
    "get_market_providers_list",
    "get_market_providers_product_metadata",
    "get_market_providers_products",
    "purchase_a_license",
    "purchase_a_trial",
    "set_market_product_attribute",
    "set_market_provider_commission_id",
    "validate_login_token",
  ].map((name) => [name, NEEDS_LICENCE] as const),
]);

/** The answer's reason for a known function that is not served. */
export function notServedReason(name: string): string | undefined {
  const why = NOT_SERVED.get(name);
  return why === undefined ? undefined : `The “${name}” function ${why}`;
}
