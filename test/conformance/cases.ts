import { putPasskey } from "../../lambdas/stores/passkeys.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI, LOCAL_TENANT } from "../../local/stack.js";
import { LOCAL_AGREEMENT } from "../../local/ticket-system.js";
import type { TestStack } from "../helpers/local-stack.js";
import { codeAt } from "../helpers/totp.js";

/** One recorded call: `ok…` cases succeed, every other case is a documented error. */
export interface Case {
  readonly fn: string;
  readonly name: string;
  readonly params: Record<string, string> | ((stack: TestStack) => Promise<Record<string, string>>);
  /** Call with a token holding only `manage-api-tokens` instead of root's. */
  readonly narrow?: boolean;
}

/** The two-factor secret of the golden set_tfa_config call (its code is computed at call time). */
const GOLDEN_SECRET = "GOLDENSECRET2345";
const google = { provider_id: "google", service_name: "cpaneld" };
const pair = '{"client_id":"golden-id","client_secret":"golden-secret"}';

/** The client the golden register_openid_connect_client call made. */
async function firstClient(stack: TestStack): Promise<Record<string, string>> {
  const { json } = await stack.call("list_openid_connect_clients");
  return { client_id: json.data.clients[0].client_id };
}

/** A passkey of root's as registration stores it (its key never leaves the store), for the list and remove cases. */
async function goldenPasskey(): Promise<Record<string, string>> {
  await putPasskey(LOCAL_TENANT.id, {
    credentialId: "golden-passkey",
    username: "root",
    name: "Golden key",
    publicKey: "pQECAyYgASFYIA",
    counter: 0,
    transports: ["internal"],
    deviceType: "multiDevice",
    backedUp: true,
  });
  return {};
}

/** In order: later cases rely on what earlier ones stored. */
export const CASES: readonly Case[] = [
  {
    fn: "get_provider_client_configurations",
    name: "ok-default-redirect-uris",
    params: { provider_id: "cpanelid", service_name: "cpaneld" },
  },
  {
    fn: "get_provider_client_configurations",
    name: "missing-provider_id",
    params: { service_name: "cpaneld" },
  },
  {
    fn: "get_provider_client_configurations",
    name: "unknown-service",
    params: { provider_id: "cpanelid", service_name: "ftpd" },
  },
  {
    fn: "get_provider_client_configurations",
    name: "unknown-provider",
    params: { provider_id: "myspace", service_name: "cpaneld" },
  },
  { fn: "set_provider_client_configurations", name: "ok", params: { ...google, configurations: pair } },
  {
    fn: "set_provider_client_configurations",
    name: "invalid-json",
    params: { ...google, configurations: "{" },
  },
  {
    fn: "set_provider_client_configurations",
    name: "unknown-key",
    params: { ...google, configurations: '{"client_id":"a","client_secret":"b","x":"c"}' },
  },
  {
    fn: "set_provider_client_configurations",
    name: "missing-key",
    params: { ...google, configurations: '{"client_id":"a"}' },
  },
  { fn: "set_provider_client_configurations", name: "missing-configurations", params: google },
  { fn: "get_provider_client_configurations", name: "ok-configured", params: google },
  { fn: "get_available_authentication_providers", name: "ok", params: {} },
  { fn: "get_available_authentication_providers", name: "access-denied", params: {}, narrow: true },
  { fn: "enable_authentication_provider", name: "ok", params: google },
  {
    fn: "enable_authentication_provider",
    name: "not-configured",
    params: { provider_id: "facebook", service_name: "cpaneld" },
  },
  {
    fn: "enable_authentication_provider",
    name: "unknown-service",
    params: { provider_id: "google", service_name: "x" },
  },
  { fn: "disable_authentication_provider", name: "ok", params: google },
  {
    fn: "disable_authentication_provider",
    name: "unknown-provider",
    params: { provider_id: "x", service_name: "cpaneld" },
  },
  { fn: "disable_failing_authentication_providers", name: "ok-none-failing", params: {} },
  {
    fn: "disable_failing_authentication_providers",
    name: "unsupported-version",
    params: { "api.version": "2" },
  },
  { fn: "get_provider_configuration_fields", name: "ok", params: google },
  {
    fn: "get_provider_configuration_fields",
    name: "unknown-provider",
    params: { provider_id: "x", service_name: "cpaneld" },
  },
  { fn: "get_provider_display_configurations", name: "ok", params: { provider_id: "facebook" } },
  { fn: "get_provider_display_configurations", name: "missing-provider_id", params: {} },
  {
    fn: "set_provider_display_configurations",
    name: "ok",
    params: { ...google, configurations: '{"label":"Golden"}' },
  },
  {
    fn: "set_provider_display_configurations",
    name: "bad-color",
    params: { ...google, configurations: '{"color":"#fff"}' },
  },
  {
    fn: "set_provider_display_configurations",
    name: "unknown-key",
    params: { ...google, configurations: '{"font":"x"}' },
  },
  {
    fn: "link_user_authn_provider",
    name: "ok",
    params: {
      username: "bob",
      provider_id: "google",
      subject_unique_identifier: "sub-1",
      preferred_username: "bob@example.com",
    },
  },
  {
    fn: "link_user_authn_provider",
    name: "linked-elsewhere",
    params: {
      username: "carol",
      provider_id: "google",
      subject_unique_identifier: "sub-1",
      preferred_username: "carol",
    },
  },
  {
    fn: "link_user_authn_provider",
    name: "no-such-user",
    params: {
      username: "ghost",
      provider_id: "google",
      subject_unique_identifier: "sub-9",
      preferred_username: "ghost",
    },
  },
  {
    fn: "link_user_authn_provider",
    name: "missing-preferred_username",
    params: { username: "bob", provider_id: "google", subject_unique_identifier: "s" },
  },
  { fn: "get_users_authn_linked_accounts", name: "ok", params: {} },
  { fn: "get_users_authn_linked_accounts", name: "access-denied", params: {}, narrow: true },
  {
    fn: "get_users_authn_linked_accounts",
    name: "ok-filtered-empty",
    params: { "api.filter.enable": "1", "api.filter.a.field": "username", "api.filter.a.arg0": "zzz" },
  },
  {
    fn: "unlink_user_authn_provider",
    name: "ok",
    params: { username: "bob", provider_id: "google", subject_unique_identifier: "sub-1" },
  },
  {
    fn: "unlink_user_authn_provider",
    name: "not-linked",
    params: { username: "carol", provider_id: "google", subject_unique_identifier: "sub-1" },
  },
  {
    fn: "unlink_user_authn_provider",
    name: "empty-username",
    params: { username: "", provider_id: "google", subject_unique_identifier: "s" },
  },
  { fn: "api_token_create", name: "ok", params: { token_name: "golden", acl: "manage-api-tokens" } },
  { fn: "api_token_create", name: "duplicate-name", params: { token_name: "golden" } },
  { fn: "api_token_create", name: "invalid-name", params: { token_name: "no spaces" } },
  {
    fn: "api_token_create",
    name: "unauthorized-acl",
    params: { token_name: "escalate", acl: "all" },
    narrow: true,
  },
  { fn: "api_token_list", name: "ok", params: {} },
  { fn: "api_token_list", name: "unauthenticated-version", params: { "api.version": "0" } },
  { fn: "api_token_get_details", name: "ok-unknown-token", params: { token: "UNKNOWN" } },
  { fn: "api_token_get_details", name: "empty-token", params: { token: "" } },
  { fn: "api_token_update", name: "ok-rename", params: { token_name: "golden", new_name: "golden-2" } },
  { fn: "api_token_update", name: "no-change", params: { token_name: "golden-2" } },
  { fn: "api_token_update", name: "unknown-token", params: { token_name: "ghost", new_name: "x" } },
  { fn: "api_token_revoke", name: "ok", params: { token_name: "golden-2" } },
  { fn: "api_token_revoke", name: "missing-token_name", params: {} },
  { fn: "create_user_session", name: "ok", params: { user: "root", service: "whostmgrd" } },
  { fn: "create_user_session", name: "no-such-user", params: { user: "ghost", service: "whostmgrd" } },
  { fn: "create_user_session", name: "not-a-reseller", params: { user: "bob", service: "whostmgrd" } },
  { fn: "listaccts", name: "ok", params: {} },
  { fn: "listaccts", name: "ok-want", params: { searchtype: "owner", search: "res1", want: "user,domain" } },
  { fn: "listaccts", name: "unknown-search-type", params: { searchtype: "color", search: "x" } },
  { fn: "accountsummary", name: "ok", params: { user: "dave" } },
  { fn: "accountsummary", name: "missing-user-and-domain", params: {} },
  { fn: "accountsummary", name: "no-such-account", params: { domain: "nowhere.example" } },
  { fn: "create_user_session", name: "missing-service", params: { user: "root" } },
  { fn: "create_user_session", name: "root-on-cpaneld", params: { user: "root", service: "cpaneld" } },
  {
    fn: "ticket_validate_oauth2_code",
    name: "ok",
    params: async (stack) => ({
      code: await obtainPortalCode(
        stack.portal.authorizationEndpoint,
        stack.portal.client.clientId,
        LOCAL_PORTAL_REDIRECT_URI,
      ),
      redirect_uri: LOCAL_PORTAL_REDIRECT_URI,
    }),
  },
  { fn: "ticket_get_support_agreement", name: "ok", params: {} },
  {
    fn: "ticket_update_service_agreement_approval",
    name: "ok",
    params: { version: LOCAL_AGREEMENT.version },
  },
  { fn: "ticket_update_service_agreement_approval", name: "missing-version", params: {} },
  { fn: "ticket_get_support_info", name: "ok", params: {} },
  { fn: "ticket_list", name: "ok", params: {} },
  { fn: "ticket_list", name: "invalid-ticket-id", params: { ticket_id: "x" } },
  { fn: "ticket_validate_oauth2_code", name: "missing-arguments", params: { code: "x" } },
  {
    fn: "ticket_validate_oauth2_code",
    name: "portal-refused",
    params: { code: "never-issued", redirect_uri: LOCAL_PORTAL_REDIRECT_URI },
  },
  { fn: "ticket_get_support_agreement", name: "no-portal-token", params: {} },
  { fn: "ticket_get_support_info", name: "no-portal-token", params: {} },
  { fn: "twofactorauth_policy_status", name: "ok", params: {} },
  { fn: "twofactorauth_policy_status", name: "access-denied", params: {}, narrow: true },
  { fn: "twofactorauth_enable_policy", name: "ok", params: {} },
  { fn: "twofactorauth_enable_policy", name: "access-denied", params: {}, narrow: true },
  { fn: "twofactorauth_disable_policy", name: "ok", params: {} },
  { fn: "twofactorauth_disable_policy", name: "access-denied", params: {}, narrow: true },
  { fn: "twofactorauth_set_issuer", name: "ok", params: { issuer: "'Golden Hosting'" } },
  { fn: "twofactorauth_set_issuer", name: "invalid-issuer", params: { issuer: "no/slashes" } },
  { fn: "twofactorauth_get_issuer", name: "ok", params: {} },
  { fn: "twofactorauth_get_issuer", name: "access-denied", params: {}, narrow: true },
  { fn: "twofactorauth_generate_tfa_config", name: "ok", params: {} },
  { fn: "twofactorauth_generate_tfa_config", name: "access-denied", params: {}, narrow: true },
  {
    fn: "twofactorauth_set_tfa_config",
    name: "ok",
    params: async () => ({ secret: GOLDEN_SECRET, tfa_token: codeAt(GOLDEN_SECRET) }),
  },
  {
    fn: "twofactorauth_set_tfa_config",
    name: "invalid-secret",
    params: { secret: "1!", tfa_token: "123456" },
  },
  {
    fn: "twofactorauth_set_tfa_config",
    name: "wrong-code",
    params: { secret: GOLDEN_SECRET, tfa_token: "x" },
  },
  { fn: "twofactorauth_get_user_configs", name: "ok", params: { user: "root" } },
  { fn: "twofactorauth_get_user_configs", name: "no-such-user", params: { user: "ghost" } },
  { fn: "twofactorauth_remove_user_config", name: "ok", params: { user: "root", "user-1": "ghost" } },
  { fn: "twofactorauth_remove_user_config", name: "no-users", params: {} },
  { fn: "wp_dashboard_create_api_token", name: "ok", params: { token_name: "dashboard", acl: "list-accts" } },
  { fn: "wp_dashboard_create_api_token", name: "missing-acl", params: { token_name: "dashboard-2" } },
  {
    fn: "wp_dashboard_create_api_token",
    name: "reserved-name",
    params: { token_name: "WebPros_Dashboard", acl: "list-accts" },
  },
  { fn: "audit_event_list", name: "ok-nothing-matches", params: { target: "no-such-target" } },
  { fn: "audit_event_list", name: "invalid-outcome", params: { outcome: "maybe" } },
  { fn: "audit_event_list", name: "access-denied", params: {}, narrow: true },
  {
    fn: "register_openid_connect_client",
    name: "ok",
    params: {
      name: "srv1",
      redirect_uri: "https://srv1.example.test:2087/openid_connect_callback/whmcs",
      server: "srv1",
    },
  },
  {
    fn: "register_openid_connect_client",
    name: "wildcard-redirect-uri",
    params: { name: "srv2", redirect_uri: "https://*.example.test:2087/openid_connect_callback/whmcs" },
  },
  { fn: "register_openid_connect_client", name: "missing-redirect_uri", params: { name: "srv3" } },
  { fn: "register_openid_connect_client", name: "access-denied", params: { name: "x" }, narrow: true },
  { fn: "list_openid_connect_clients", name: "ok", params: {} },
  { fn: "list_openid_connect_clients", name: "access-denied", params: {}, narrow: true },
  { fn: "rotate_openid_connect_client_secret", name: "ok", params: firstClient },
  { fn: "rotate_openid_connect_client_secret", name: "unknown-client", params: { client_id: "whm-none" } },
  { fn: "remove_openid_connect_client", name: "ok", params: firstClient },
  { fn: "remove_openid_connect_client", name: "unknown-client", params: { client_id: "whm-none" } },
  { fn: "list_passkeys", name: "ok", params: goldenPasskey },
  { fn: "list_passkeys", name: "ok-other-user", params: { user: "nobody" } },
  { fn: "list_passkeys", name: "access-denied", params: {}, narrow: true },
  { fn: "remove_passkey", name: "ok", params: { user: "root", credential_id: "golden-passkey" } },
  {
    fn: "remove_passkey",
    name: "unknown-passkey",
    params: { user: "root", credential_id: "golden-passkey" },
  },
  { fn: "remove_passkey", name: "missing-credential_id", params: { user: "root" } },
  { fn: "remove_passkey", name: "access-denied", params: { user: "root", credential_id: "x" }, narrow: true },
  { fn: "ticket_grant", name: "acts-on-a-server", params: {} },
  { fn: "purchase_a_license", name: "needs-a-licence", params: {} },
  { fn: "no_such_function", name: "unknown-function", params: {} },
];

/** Replaces what differs between runs (tokens, times, ports, session ids) with fixed placeholders. */
export function normalize(text: string): string {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, "<BASE>")
    .replace(/\/cpsess\d{10}/g, "/cpsess<DIGITS>")
    .replace(/root:[A-Za-z0-9_-]{32}/g, "<SESSION>")
    .replace(/root%3A[A-Za-z0-9_-]{32}/g, "<SESSION>")
    .replace(/\b[A-Z0-9]{32}\b/g, "<TOKEN>")
    .replace(/\bwhm-[0-9a-f]{24}\b/g, "<CLIENT_ID>")
    .replace(/("client_secret":"|<client_secret>)[A-Za-z0-9_-]{43}/g, "$1<CLIENT_SECRET>")
    .replace(/\(XID [a-z0-9]{6}\)/g, "(XID <XID>)")
    .replace(/\b(?!GOLDENSECRET2345)[A-Z2-7]{16}\b/g, "<SECRET>")
    .replace(
      /("(?:create_time|link_time|expires|expires_at|created|secret_rotated|last_used)":)\d+/g,
      "$1<TIME>",
    )
    .replace(
      /<(create_time|link_time|expires|expires_at|created|secret_rotated|last_used)>\d+</g,
      "<$1><TIME><",
    );
}
