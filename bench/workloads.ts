import { syncDirectory } from "../lambdas/accounts/sync.js";
import { generateSecret } from "../lambdas/two-factor/totp.js";
import { LOCAL_PORTAL_REDIRECT_URI, LOCAL_TENANT } from "../local/stack.js";
import { codeAt } from "../test/helpers/totp.js";
import { listacctsRow } from "../test/helpers/whm-accounts.js";

/**
 * The arguments of the i-th benchmark call of each function: successful calls where the function
 * can succeed repeatedly (unique names for writes); ticket_validate_oauth2_code measures a code the
 * portal refuses (each real code needs a browser-style login first), which still claims the code,
 * asks the portal and clears the session's token; the portal functions then find no token on the
 * session and answer WHM's text after one read.
 */
export const WORKLOADS: Record<string, (i: number) => Record<string, string>> = {
  get_provider_client_configurations: () => ({ provider_id: "google", service_name: "cpaneld" }),
  set_provider_client_configurations: (i) => ({
    provider_id: "google",
    service_name: "cpaneld",
    configurations: JSON.stringify({ client_id: `bench-${i}`, client_secret: "bench-secret" }),
  }),
  get_available_authentication_providers: () => ({}),
  enable_authentication_provider: () => ({ provider_id: "google", service_name: "webmaild" }),
  disable_authentication_provider: () => ({ provider_id: "google", service_name: "webmaild" }),
  disable_failing_authentication_providers: () => ({}),
  get_provider_configuration_fields: () => ({ provider_id: "google", service_name: "cpaneld" }),
  get_provider_display_configurations: () => ({ provider_id: "google" }),
  set_provider_display_configurations: (i) => ({
    provider_id: "google",
    service_name: "cpaneld",
    configurations: JSON.stringify({ label: `Bench ${i}` }),
  }),
  link_user_authn_provider: (i) => ({
    username: `user${i % 50}`,
    provider_id: "google",
    subject_unique_identifier: `bench-${i}`,
    preferred_username: "bench@example.com",
  }),
  get_users_authn_linked_accounts: () => ({ "api.chunk.enable": "1", "api.chunk.size": "20" }),
  unlink_user_authn_provider: (i) => ({
    username: `user${i % 50}`,
    provider_id: "google",
    subject_unique_identifier: `bench-${i}`,
  }),
  api_token_create: (i) => ({ token_name: `bench-${Date.now()}-${i}`, acl: "manage-api-tokens" }),
  api_token_list: () => ({}),
  audit_event_list: () => ({}),
  register_openid_connect_client: (i) => ({
    name: `bench-${i}`,
    redirect_uri: "https://srv1.example.test:2087/openid_connect_callback/whmcs",
  }),
  list_openid_connect_clients: () => ({}),
  // Client ids are random: these measure the refusal of an unknown one (one read each).
  rotate_openid_connect_client_secret: () => ({ client_id: "whm-bench-absent" }),
  remove_openid_connect_client: (i) => ({ client_id: `whm-bench-absent-${i}` }),
  list_passkeys: () => ({}),
  // Credential ids come from an authenticator: this measures the refusal of an unknown one (one write attempt).
  remove_passkey: (i) => ({ user: "root", credential_id: `bench-absent-${i}` }),
  wp_dashboard_create_api_token: (i) => ({ token_name: `dash-${Date.now()}-${i}`, acl: "list-accts" }),
  api_token_get_details: () => ({ token: "UNKNOWNTOKENUNKNOWNTOKENUNKNOWN1" }),
  api_token_update: (i) => ({ token_name: "bench-fixed", expires_at: String(2_000_000_000 + i) }),
  api_token_revoke: (i) => ({ token_name: `absent-${i}` }),
  create_user_session: () => ({ user: "root", service: "whostmgrd" }),
  listaccts: () => ({}),
  accountsummary: (i) => ({ user: `user${i % 50}` }),
  twofactorauth_policy_status: () => ({}),
  twofactorauth_enable_policy: () => ({}),
  twofactorauth_disable_policy: () => ({}),
  twofactorauth_get_issuer: () => ({}),
  twofactorauth_set_issuer: (i) => ({ issuer: `Bench ${i % 10}` }),
  twofactorauth_generate_tfa_config: () => ({}),
  twofactorauth_set_tfa_config: () => {
    const secret = generateSecret();
    return { secret, tfa_token: codeAt(secret) };
  },
  twofactorauth_get_user_configs: () => ({}),
  twofactorauth_remove_user_config: (i) => ({ user: `user${i % 50}` }),
  ticket_get_support_agreement: () => ({}),
  ticket_update_service_agreement_approval: () => ({ version: "2026.1" }),
  ticket_get_support_info: () => ({}),
  ticket_list: () => ({}),
  ticket_validate_oauth2_code: (i) => ({
    code: `bench-${Date.now()}-${i}`,
    redirect_uri: LOCAL_PORTAL_REDIRECT_URI,
  }),
};

/** The users the link and account workloads name: user0 … user49 in the bench tenant's directory. */
export async function seedBenchDirectory(): Promise<void> {
  await syncDirectory(LOCAL_TENANT.id, {
    server: "bench.example",
    listaccts: { data: { acct: Array.from({ length: 50 }, (_, i) => listacctsRow(`user${i}`)) } },
  });
}

/** State some workloads need before they can succeed. */
export const SETUP: Array<[string, Record<string, string>]> = [
  [
    "set_provider_client_configurations",
    {
      provider_id: "google",
      service_name: "cpaneld",
      configurations: '{"client_id":"a","client_secret":"b"}',
    },
  ],
  ["api_token_create", { token_name: "bench-fixed" }],
];
