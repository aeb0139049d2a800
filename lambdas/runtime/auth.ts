import type { Caller, ItemKey, Principal } from "../kernel/domain.js";
import { TtlCache } from "../kernel/ttl-cache.js";
import { type Account, accountKey, accountOf, currentAcls } from "../stores/accounts.js";
import { recordFailure } from "../stores/auth-failures.js";
import { getItems, keys, nowSeconds } from "../stores/dynamo.js";
import { constantTimeEqual, sha256 } from "../stores/hash.js";
import { type ItemsRead, keyString } from "../stores/read-ahead.js";
import {
  getSession,
  type SessionRecord,
  sessionLimits,
  tokenSessionKey,
  touchSession,
} from "../stores/sessions.js";
import { liveToken } from "../stores/tokens.js";
import { allows } from "./ip-allow-list.js";
import type { WhmRequest } from "./request.js";

/** `Authorization: whm USER:TOKEN` (the scheme is case-insensitive, as cpsrvd reads it). */
export function parseWhmAuthorization(
  header: string | undefined,
): { user: string; token: string } | undefined {
  const match = /^whm\s+([^:\s]+):(\S+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const [, user = "", token = ""] = match;
  return { user, token };
}

/** The cookie that carries a WHM (whostmgrd) session id, as cpsrvd names it. */
export const SESSION_COOKIE = "whostmgrsession";

/** The session cookie as a login sets it: HttpOnly, SameSite Strict, Secure over HTTPS. */
export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(sessionId)}; Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** The session cookie as cpsrvd leaves it at logout: emptied and expired. */
export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

/** Why a request is not let in: wrong or missing credentials, or too many failures from its source. */
export type Refusal = { kind: "denied" } | { kind: "locked"; seconds: number };

/** An admitted caller, with the items its function will read when they came with the token's read. */
export type Authentication = { principal: Principal; itemsRead?: ItemsRead } | { refusal: Refusal };

const DENIED: Authentication = { refusal: { kind: "denied" } };

/** True when a cookie-authenticated request names an origin other than the host it was sent to. */
function isCrossSite(request: WhmRequest): boolean {
  const claimed = request.origin ?? request.referer;
  if (claimed === undefined) return false;
  try {
    return new URL(claimed).host.toLowerCase() !== (request.host ?? "").toLowerCase();
  } catch {
    return true;
  }
}

/** Reads the account of a caller (unless read already), with any other items its credential rests on. */
export async function accountAndItems(
  tenant: string,
  user: string,
  others: readonly ItemKey[],
): Promise<{ account: Account | undefined; items: Array<Record<string, unknown> | undefined> }> {
  const key = accountKey(tenant, user);
  const wanted = key ? [key, ...others] : others;
  const found = wanted.length ? await getItems(wanted, true) : [];
  return { account: accountOf(user, key && found[0]), items: key ? found.slice(1) : found };
}

/** A session not idle past its limit, used from an address its creating token allows. */
export function withinIdleAndAddresses(
  session: Pick<SessionRecord, "lastSeen" | "allowedIps">,
  request: Pick<WhmRequest, "sourceIp">,
): boolean {
  if ((session.lastSeen ?? 0) + sessionLimits().idle <= nowSeconds()) return false;
  return !session.allowedIps?.length || allows(session.allowedIps, request.sourceIp);
}

/**
 * A browser session: the `/cpsessNNNNNNNNNN` path token and the session cookie must both be present
 * and belong together; the session must be a WHM session within its idle and absolute limits, and
 * the call must come from the service's own pages (no foreign Origin or Referer) and from an
 * address its creating token allows. Its user must still be in the directory, not suspended, and
 * the credential it came from must still exist (one batched read); it acts with the privileges it
 * was given that the account still holds.
 */
async function sessionPrincipal(request: WhmRequest): Promise<Principal | undefined> {
  const cookie = request.cookies.get(SESSION_COOKIE);
  if (!request.cpsess || !cookie || isCrossSite(request)) return undefined;
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(cookie);
  } catch {
    return undefined;
  }
  const sessionKey = sha256(sessionId);
  const session = await getSession(sessionKey);
  if (!session?.cpSecurityToken || !session.credential || session.service !== "whostmgrd") return undefined;
  if (!constantTimeEqual(session.cpSecurityToken, `/cpsess${request.cpsess}`)) return undefined;
  if (!withinIdleAndAddresses(session, request)) return undefined;
  const origin = session.origin ?? keys.tokenLookup(session.credential);
  const { account, items } = await accountAndItems(session.tenant, session.user, [origin]);
  if (!account || account.suspended || !items[0]) return undefined;
  if (!(await touchSession(sessionKey, session.lastSeen ?? 0))) return undefined;
  return {
    tenant: session.tenant,
    user: session.user,
    acls: currentAcls(session.acls ?? [], account),
    sessionKey,
    via: "session",
    credential: session.credential,
    credentialExpires: session.expires,
    origin,
    allowedIps: session.allowedIps,
  };
}

/**
 * Whom each token seen lately in this container belongs to, by the token's hash: only a hint of
 * which items to read with the token next time. Every call still reads the token itself, and
 * what was read with it serves the call only if the token still names the same caller.
 */
const callers = new TtlCache<string, Caller>(() => 300_000);

/** DynamoDB refuses a whole batch over a key longer than its limits (2,048 and 1,024 bytes). */
const withinKeyLimits = (key: ItemKey) =>
  Buffer.byteLength(key.pk) <= 2048 && Buffer.byteLength(key.sk) <= 1024;

/** The session key is derived from the token hash the callers are kept by, so it needs no comparing. */
const sameCaller = (a: Caller, b: Caller) =>
  a.tenant === b.tenant &&
  a.user === b.user &&
  a.acls.length === b.acls.length &&
  a.acls.every((acl, i) => b.acls[i] === acl);

/**
 * The caller behind a request. A token call reads the token in one round trip with, once this
 * container has seen the token, its user's directory entry and the items `readsFor` names for
 * that caller (else the entry is read next). A right token is always let in while its user is in
 * the directory and not suspended, with the privileges it was given that the account still holds.
 * Only a wrong token is counted, and only wrong tokens are refused with a lockout once its source
 * is past the failure limits (see docs/DECISIONS.md on cPHulk).
 */
export async function authenticate(
  request: WhmRequest,
  readsFor: (caller: Caller) => readonly ItemKey[] = () => [],
): Promise<Authentication> {
  const credentials = parseWhmAuthorization(request.authorization);
  if (!credentials) {
    if (request.authorization) return DENIED;
    const principal = await sessionPrincipal(request);
    return principal ? { principal } : DENIED;
  }
  const tokenHash = sha256(credentials.token);
  const seen = callers.get(tokenHash)?.value;
  const seenAccount = seen && accountKey(seen.tenant, seen.user);
  const ahead = seen
    ? [...(seenAccount ? [seenAccount] : []), ...readsFor(seen)].filter(withinKeyLimits)
    : [];
  const [tokenItem, ...aheadItems] = await getItems([keys.tokenLookup(tokenHash), ...ahead], true);
  const record = liveToken(tokenItem);
  if (!record || !constantTimeEqual(record.user, credentials.user)) {
    callers.delete(tokenHash);
    const locked = await recordFailure(request.sourceIp, credentials.user);
    return locked ? { refusal: { kind: "locked", seconds: locked } } : DENIED;
  }
  // A token limited to addresses (`whitelist_ip`) is refused from anywhere else, as WHM refuses it.
  if (record.whitelistIps?.length && !allows(record.whitelistIps, request.sourceIp)) return DENIED;
  const itemsRead = new Map(ahead.map((key, i) => [keyString(key), aheadItems[i]]));
  const ownKey = accountKey(record.tenant, record.user);
  const account =
    !ownKey || itemsRead.has(keyString(ownKey))
      ? accountOf(record.user, ownKey && itemsRead.get(keyString(ownKey)))
      : (await accountAndItems(record.tenant, record.user, [])).account;
  if (!account || account.suspended) return DENIED;
  const principal: Principal = {
    tenant: record.tenant,
    user: record.user,
    acls: currentAcls(record.acls, account, record.fullAccess),
    sessionKey: tokenSessionKey(record.tokenHash),
    via: "token",
    tokenName: record.name,
    credential: record.tokenHash,
    credentialExpires: record.expiresAt,
    origin: keys.tokenLookup(record.tokenHash),
    allowedIps: record.whitelistIps,
  };
  callers.set(tokenHash, {
    tenant: principal.tenant,
    user: principal.user,
    acls: principal.acls,
    sessionKey: principal.sessionKey,
  });
  if (!seen || !sameCaller(seen, principal)) return { principal };
  return { principal, itemsRead };
}

/** WHM ACLs: `all` (root) holds every privilege. */
export function hasAcl(principal: Pick<Principal, "acls">, acl: string): boolean {
  return principal.acls.includes("all") || principal.acls.includes(acl);
}

/** True when every privilege in `acls` is one the principal holds. */
export function holdsAll(principal: Pick<Principal, "acls">, acls: readonly string[]): boolean {
  return acls.every((acl) => hasAcl(principal, acl));
}
