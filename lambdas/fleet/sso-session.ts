import { allows } from "../runtime/ip-allow-list.js";
import type { WhmRequest } from "../runtime/request.js";
import { type Account, getAccount } from "../stores/accounts.js";
import { getItem, nowSeconds } from "../stores/dynamo.js";
import { sha256 } from "../stores/hash.js";
import { getSession, sessionLimits, touchSession } from "../stores/sessions.js";
import { SSO_COOKIE } from "./sso-cookie.js";

/** A hosted sign-in session a server's authorization request may reuse (single sign-on). */
export interface ReusableSession {
  readonly sessionKey: string;
  readonly user: string;
  readonly account: Account | undefined;
  readonly authTime: number;
  readonly amr: readonly string[];
}

/**
 * The browser's sign-in session at the hosted login page, when it can sign the user in to
 * another server: a provider sign-in's session of this tenant, within its idle and absolute
 * limits, from an address it allows, whose link still exists. Its activity is recorded.
 */
export async function reusableSession(
  request: WhmRequest,
  tenant: string,
): Promise<ReusableSession | undefined> {
  const cookie = request.cookies.get(SSO_COOKIE);
  if (!cookie) return undefined;
  let sessionKey: string;
  try {
    sessionKey = sha256(decodeURIComponent(cookie));
  } catch {
    return undefined;
  }
  const session = await getSession(sessionKey);
  if (!session || session.tenant !== tenant || !session.amr || !session.origin) return undefined;
  if ((session.lastSeen ?? 0) + sessionLimits().idle <= nowSeconds()) return undefined;
  if (session.allowedIps?.length && !allows(session.allowedIps, request.sourceIp)) return undefined;
  const [account, origin] = await Promise.all([getAccount(tenant, session.user), getItem(session.origin)]);
  if (!origin || !(await touchSession(sessionKey, session.lastSeen ?? 0))) return undefined;
  return {
    sessionKey,
    user: session.user,
    account,
    authTime: session.created ?? 0,
    amr: session.amr,
  };
}
