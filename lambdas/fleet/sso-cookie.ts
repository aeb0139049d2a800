/**
 * The cookie that lets a signed-in browser sign in to the tenant's other servers without signing
 * in again: the session id, on the provider's paths only. SameSite=Lax, because a server sends
 * the browser here by a top-level redirect from its own site, where the Strict session cookie
 * stays behind; a foreign site sending the browser here gets a code only for a registered
 * redirect URI, that is, for the tenant's own server.
 */
export const SSO_COOKIE = "whm_sso";
const COOKIE_PATH = "/openid/";

export function ssoCookie(sessionId: string, secure: boolean): string {
  return `${SSO_COOKIE}=${encodeURIComponent(sessionId)}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedSsoCookie(secure: boolean): string {
  return `${ssoCookie("", secure)}; Max-Age=0`;
}
