import { nowSeconds } from "../stores/dynamo.js";
import { constantTimeEqual, sha256 } from "../stores/hash.js";
import { getSession, sessionLimits, tokenSessionKey, touchSession } from "../stores/sessions.js";
import { type ApiToken, findToken } from "../stores/tokens.js";
import type { Principal } from "./define.js";
import type { WhmRequest } from "./request.js";
import { TtlCache } from "./ttl-cache.js";

/** `Authorization: whm USER:TOKEN` (the scheme is case-insensitive, as cpsrvd reads it). */
export function parseWhmAuthorization(
  header: string | undefined,
): { user: string; token: string } | undefined {
  const match = /^whm\s+([^:\s]+):(\S+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const [, user = "", token = ""] = match;
  return { user, token };
}

/**
 * Token lookups are cached per container for at most this long, so a revoked or expired token
 * keeps working for at most this many seconds on a warm container (documented in README).
 */
const tokenCache = new TtlCache<string, ApiToken | undefined>(
  () => Number(process.env.TOKEN_CACHE_SECONDS ?? 30) * 1000,
);

async function lookup(token: string): Promise<ApiToken | undefined> {
  const hit = tokenCache.get(token);
  if (hit) return hit.value;
  const record = await findToken(token);
  tokenCache.set(token, record);
  return record;
}

/** The cookie that carries a WHM (whostmgrd) session id, as cpsrvd names it. */
export const SESSION_COOKIE = "whostmgrsession";

/**
 * A browser session: the `/cpsessNNNNNNNNNN` path token and the session cookie must both be present
 * and belong together; the session must have been logged in through its one-time URL, be a WHM
 * session, and be within its idle and absolute limits.
 */
async function sessionPrincipal(request: WhmRequest): Promise<Principal | undefined> {
  const cookie = request.cookies.get(SESSION_COOKIE);
  if (!request.cpsess || !cookie) return undefined;
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(cookie);
  } catch {
    return undefined;
  }
  const sessionKey = sha256(sessionId);
  const session = await getSession(sessionKey);
  if (!session?.cpSecurityToken || session.preauth || session.service !== "whostmgrd") return undefined;
  if (!constantTimeEqual(session.cpSecurityToken, `/cpsess${request.cpsess}`)) return undefined;
  if ((session.lastSeen ?? 0) + sessionLimits().idle <= nowSeconds()) return undefined;
  await touchSession(sessionKey, session.lastSeen ?? 0);
  return { tenant: session.tenant, user: session.user, acls: session.acls ?? [], sessionKey, via: "session" };
}

/** The caller behind a request, or undefined when its credentials are missing or wrong. */
export async function authenticate(request: WhmRequest): Promise<Principal | undefined> {
  const credentials = parseWhmAuthorization(request.authorization);
  if (!credentials) return request.authorization ? undefined : sessionPrincipal(request);
  const record = await lookup(credentials.token);
  if (!record || !constantTimeEqual(record.user, credentials.user)) return undefined;
  if (record.expiresAt && record.expiresAt * 1000 <= Date.now()) return undefined;
  return {
    tenant: record.tenant,
    user: record.user,
    acls: record.acls,
    sessionKey: tokenSessionKey(record.tokenHash),
    via: "token",
    tokenName: record.name,
  };
}

/** WHM ACLs: `all` (root) holds every privilege. */
export function hasAcl(principal: Principal, acl: string): boolean {
  return principal.acls.includes("all") || principal.acls.includes(acl);
}
