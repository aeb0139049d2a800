/**
 * Every WHM API 1 function whm-serverless serves: the single list the CDK stack, the local gateway,
 * the command line, the docs and the tests read. Adding a function = its handler file + one line here.
 */

import * as accountsummary from "./functions/accountsummary.js";
import * as api_token_create from "./functions/api_token_create.js";
import * as api_token_get_details from "./functions/api_token_get_details.js";
import * as api_token_list from "./functions/api_token_list.js";
import * as api_token_revoke from "./functions/api_token_revoke.js";
import * as api_token_update from "./functions/api_token_update.js";
import * as audit_event_list from "./functions/audit_event_list.js";
import * as create_user_session from "./functions/create_user_session.js";
import * as disable_authentication_provider from "./functions/disable_authentication_provider.js";
import * as disable_failing_authentication_providers from "./functions/disable_failing_authentication_providers.js";
import * as enable_authentication_provider from "./functions/enable_authentication_provider.js";
import * as get_available_authentication_providers from "./functions/get_available_authentication_providers.js";
import * as get_provider_client_configurations from "./functions/get_provider_client_configurations.js";
import * as get_provider_configuration_fields from "./functions/get_provider_configuration_fields.js";
import * as get_provider_display_configurations from "./functions/get_provider_display_configurations.js";
import * as get_users_authn_linked_accounts from "./functions/get_users_authn_linked_accounts.js";
import * as link_user_authn_provider from "./functions/link_user_authn_provider.js";
import * as list_openid_connect_clients from "./functions/list_openid_connect_clients.js";
import * as list_passkeys from "./functions/list_passkeys.js";
import * as listaccts from "./functions/listaccts.js";
import * as register_openid_connect_client from "./functions/register_openid_connect_client.js";
import * as remove_openid_connect_client from "./functions/remove_openid_connect_client.js";
import * as remove_passkey from "./functions/remove_passkey.js";
import * as rotate_openid_connect_client_secret from "./functions/rotate_openid_connect_client_secret.js";
import * as set_provider_client_configurations from "./functions/set_provider_client_configurations.js";
import * as set_provider_display_configurations from "./functions/set_provider_display_configurations.js";
import * as ticket_get_support_agreement from "./functions/ticket_get_support_agreement.js";
import * as ticket_get_support_info from "./functions/ticket_get_support_info.js";
import * as ticket_list from "./functions/ticket_list.js";
import * as ticket_update_service_agreement_approval from "./functions/ticket_update_service_agreement_approval.js";
import * as ticket_validate_oauth2_code from "./functions/ticket_validate_oauth2_code.js";
import * as twofactorauth_disable_policy from "./functions/twofactorauth_disable_policy.js";
import * as twofactorauth_enable_policy from "./functions/twofactorauth_enable_policy.js";
import * as twofactorauth_generate_tfa_config from "./functions/twofactorauth_generate_tfa_config.js";
import * as twofactorauth_get_issuer from "./functions/twofactorauth_get_issuer.js";
import * as twofactorauth_get_user_configs from "./functions/twofactorauth_get_user_configs.js";
import * as twofactorauth_policy_status from "./functions/twofactorauth_policy_status.js";
import * as twofactorauth_remove_user_config from "./functions/twofactorauth_remove_user_config.js";
import * as twofactorauth_set_issuer from "./functions/twofactorauth_set_issuer.js";
import * as twofactorauth_set_tfa_config from "./functions/twofactorauth_set_tfa_config.js";
import * as unlink_user_authn_provider from "./functions/unlink_user_authn_provider.js";
import * as wp_dashboard_create_api_token from "./functions/wp_dashboard_create_api_token.js";
import type { FunctionDefinition, Params } from "./runtime/define.js";

export interface CatalogEntry {
  readonly definition: FunctionDefinition<Params>;
  /** The handler module, relative to lambdas/, that the function's Lambda bundles. */
  readonly entry: string;
}

const modules = {
  accountsummary,
  api_token_create,
  api_token_get_details,
  api_token_list,
  api_token_revoke,
  api_token_update,
  audit_event_list,
  create_user_session,
  disable_authentication_provider,
  disable_failing_authentication_providers,
  enable_authentication_provider,
  get_available_authentication_providers,
  get_provider_client_configurations,
  get_provider_configuration_fields,
  get_provider_display_configurations,
  get_users_authn_linked_accounts,
  link_user_authn_provider,
  list_openid_connect_clients,
  list_passkeys,
  listaccts,
  register_openid_connect_client,
  remove_openid_connect_client,
  remove_passkey,
  rotate_openid_connect_client_secret,
  set_provider_client_configurations,
  set_provider_display_configurations,
  ticket_get_support_agreement,
  ticket_get_support_info,
  ticket_list,
  ticket_update_service_agreement_approval,
  ticket_validate_oauth2_code,
  twofactorauth_disable_policy,
  twofactorauth_enable_policy,
  twofactorauth_generate_tfa_config,
  twofactorauth_get_issuer,
  twofactorauth_get_user_configs,
  twofactorauth_policy_status,
  twofactorauth_remove_user_config,
  twofactorauth_set_issuer,
  twofactorauth_set_tfa_config,
  unlink_user_authn_provider,
  wp_dashboard_create_api_token,
} as const;

export const CATALOG: readonly CatalogEntry[] = Object.entries(modules).map(([name, module]) => ({
  definition: module.definition as unknown as FunctionDefinition<Params>,
  entry: `functions/${name}.ts`,
}));

export const CATALOG_BY_NAME: ReadonlyMap<string, CatalogEntry> = new Map(
  CATALOG.map((entry) => [entry.definition.name, entry]),
);
