import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Actor, CallContext } from "../kernel/call-context.js";
import { parseEvent, type WhmRequest } from "../runtime/request.js";
import { findTenantByHost } from "../stores/tenants.js";

/**
 * The browser's sign-in cookie: a random value whose hash the sign-in record keeps, so that only
 * the browser that started a sign-in can finish it. SameSite=Lax: it must come back on the
 * provider's top-level redirect; its path keeps it off every other request.
 */
export const SIGN_IN_COOKIE = "whm_signin";
const COOKIE_PATH = "/openid_connect_callback";

export function signInCookie(value: string, seconds: number, secure: boolean): string {
  return `${SIGN_IN_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${seconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedSignInCookie(secure: boolean): string {
  return signInCookie("", 0, secure);
}

/** A browser route's request, read as a WHM request (cookies, host, query and form arguments). */
export async function browserRequest(event: APIGatewayProxyEventV2, cpsess?: string): Promise<WhmRequest> {
  const rawPath = `${cpsess ? `/cpsess${cpsess}` : ""}/json-api/sign-in`;
  const request = await parseEvent({ ...event, rawPath });
  if (request.invalid) throw request.invalid;
  return request;
}

/**
 * The tenant a sign-in is for, known only by the host name it was asked on: each tenant's WHM
 * host name points at the stage (see docs/SIGN-IN.md).
 */
export function tenantOfHost(request: WhmRequest) {
  const hostname = (request.host ?? "").replace(/:\d+$/, "").toLowerCase();
  return hostname ? findTenantByHost(hostname) : Promise.resolve(undefined);
}

/** What a browser route's changes are recorded with: the host's tenant, who acts (nobody yet, `-`, until known), the route. */
export function browserContext(
  tenant: string,
  request: WhmRequest,
  route: string,
  requestId: string,
  actor: Actor = { user: "-", via: "sign-in" },
): CallContext {
  return { tenant, actor, sourceIp: request.sourceIp, function: route, requestId };
}
