import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { htmlEscaped, htmlPage } from "../runtime/html-page.js";

/**
 * Why the tenant's provider did not send the browser back to the server that asked: where the
 * server is not known or named a redirect URI not registered for it, nothing may be sent there
 * (RFC 6749 §4.1.2.1), so the browser sees a page instead.
 */
export const FLEET_REFUSALS = {
  unknown_client: [
    400,
    "The server that sent you here is not registered to sign in through this address. Nothing was sent back to it.",
  ],
  redirect_uri_not_registered: [
    400,
    "The server that sent you here asked to return to an address not registered for it. Nothing was sent back to it.",
  ],
  invalid_request: [400, "The sign-in request of the server that sent you here is not valid."],
  temporarily_unavailable: [503, "Signing in is not possible right now. Try again later."],
  user_not_allowed_for_server: [
    403,
    "The user you are signed in as cannot sign in to this server. Sign out, then sign in as a user of that server.",
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type FleetRefusal = keyof typeof FLEET_REFUSALS;

export function fleetRefusalPage(code: FleetRefusal, cookies?: string[]): APIGatewayProxyStructuredResultV2 {
  const [status, text] = FLEET_REFUSALS[code];
  return htmlPage(status, { title: "Sign-in stopped", text, code }, {}, cookies);
}

/**
 * The hosted login page: one button per provider the tenant offers for the server's service, and
 * the passkey sign-in (`passkey`, carrying the server's request).
 */
export function loginPage(
  providers: ReadonlyArray<{ readonly displayName: string; readonly href: string }>,
  passkey: string,
): APIGatewayProxyStructuredResultV2 {
  const links = [...providers, { displayName: "a passkey", href: passkey }]
    .map(
      ({ displayName, href }) =>
        `<p><a class="action" href="${htmlEscaped(href)}">Log in with ${displayName}</a></p>`,
    )
    .join("\n");
  return htmlPage(200, {
    title: "Sign in",
    text: "Sign in to continue to your server.",
    code: "login",
    form: `\n${links}`,
  });
}
