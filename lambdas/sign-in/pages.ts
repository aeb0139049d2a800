import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { htmlPage } from "../runtime/html-page.js";
import { PASSKEY_SCRIPT, passkeyForm } from "./passkey-form.js";

/**
 * Why a sign-in stopped, by the message code cpsrvd sends its login page
 * (Cpanel/Server/Handlers/OpenIdConnect.pm `_get_msg_code_from_callback_exception`), with our text.
 */
export const REFUSALS = {
  unknown_host: [
    404,
    "This address does not belong to a WHM server served here. Open the page at the server's host name.",
  ],
  provider_unavailable: [
    404,
    "This identity provider is not available for signing in to WHM on this server.",
  ],
  missing_openid_state: [400, "The sign-in response is missing its state. Start the sign-in again."],
  missing_openid_code: [400, "The sign-in response is missing its code. Start the sign-in again."],
  expired_session: [400, "This sign-in has expired or was already used. Start the sign-in again."],
  invalid_session: [
    400,
    "This sign-in was not started in this browser for this server. Start the sign-in again.",
  ],
  oidc_received_error: [401, "The identity provider did not sign you in."],
  openid_unable_to_get_access_token: [
    502,
    "The identity provider could not be reached or refused the sign-in. Try again later.",
  ],
  openid_missing_id_token: [
    401,
    "The identity provider's answer could not be verified. Start the sign-in again.",
  ],
  no_linked_account: [
    403,
    "This identity is not linked to a user of this server. Sign in another way, then link it from your account.",
  ],
  user_not_allowed: [403, "The user linked to this identity cannot sign in to WHM."],
  user_not_allowed_for_server: [403, "The user linked to this identity cannot sign in to this server."],
  server_not_registered: [
    400,
    "The server that sent you here is no longer registered to sign in here. Nothing was sent back to it.",
  ],
  invalid_security_code: [401, "The security code is invalid. Start the sign-in again."],
  too_many_security_codes: [
    429,
    "Too many invalid security codes were given for this user. Try again later.",
  ],
  passkey_not_accepted: [
    401,
    "The passkey was not accepted. Start the sign-in again, or sign in another way.",
  ],
  passkey_unknown: [
    403,
    "This passkey is not registered for a user of this server. Sign in another way, then add a passkey from your account.",
  ],
  link_failed: [409, "This identity is already linked to another user."],
  not_signed_in: [401, "Sign in to WHM before linking an identity to your account."],
  not_allowed_to_link: [
    403,
    "This session may not link identities: it lacks the privileges of link_user_authn_provider.",
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type RefusalCode = keyof typeof REFUSALS;

/** The refusals after which the same sign-in may simply be tried again. */
const RESTARTABLE: ReadonlySet<RefusalCode> = new Set([
  "missing_openid_state",
  "missing_openid_code",
  "expired_session",
  "invalid_session",
  "oidc_received_error",
  "openid_unable_to_get_access_token",
  "openid_missing_id_token",
  "invalid_security_code",
  "passkey_not_accepted",
]);

const LINKING: ReadonlySet<RefusalCode> = new Set(["link_failed", "not_signed_in", "not_allowed_to_link"]);

/**
 * A refusal page: its status, our text, cpsrvd's message code as the page's `data-code` (not
 * shown), and a "Start again" link to the provider's start when trying again can help. Nothing
 * from the request is echoed: `provider` is a validated provider id.
 */
export function refusalPage(
  code: RefusalCode,
  options: { cookies?: string[]; provider?: string } = {},
): APIGatewayProxyStructuredResultV2 {
  const [status, text] = REFUSALS[code];
  const next =
    options.provider && RESTARTABLE.has(code)
      ? { href: `/openid_connect/${options.provider}`, label: "Start again" }
      : undefined;
  const title =
    code === "unknown_host" ? "Unknown server" : LINKING.has(code) ? "Linking stopped" : "Sign-in stopped";
  return htmlPage(status, { title, text, code, next }, {}, options.cookies);
}

/**
 * The second step of a sign-in: the security code (a form posting back to the callback with the
 * step's secret), a passkey of the user's, or both where the user has both.
 */
export function securityCodePage(
  action: string,
  pending: string,
  offers: { readonly totp: boolean; readonly passkey?: object },
): APIGatewayProxyStructuredResultV2 {
  const code = offers.totp
    ? `<form method="post" action="${action}">
<label for="tfa_token">Security code</label><input id="tfa_token" name="tfa_token" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required autofocus>
<input type="hidden" name="pending" value="${pending}">
<p><button type="submit">Sign in</button></p>
</form>`
    : "";
  const passkey = offers.passkey
    ? passkeyForm(action, offers.passkey, "get", "Use a passkey", { pending })
    : "";
  return htmlPage(200, {
    title: offers.totp ? "Security code" : "Passkey",
    text: offers.totp
      ? `Enter the six-digit code your authenticator app shows for this account${passkey ? ", or use one of your passkeys" : ""}.`
      : "Confirm the sign-in with one of your passkeys.",
    form: code + passkey,
    script: passkey ? PASSKEY_SCRIPT : undefined,
  });
}
