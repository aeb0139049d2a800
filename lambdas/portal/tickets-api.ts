import type { Caller, Principal } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { keys } from "../stores/dynamo.js";
import { clearPortalTokens, getSession, type PortalTokens, rotatePortalTokens } from "../stores/sessions.js";
import { refreshTokens } from "./oauth2-client.js";
import { type PortalConfig, portalConfig } from "./portal-config.js";

/** The ticket system's V3 endpoints WHM calls (Cpanel/OAuth2.pm's `API_*` defaults). */
export const TICKETS_API = {
  agreementUrl: "/json-api/tickets/get-technical-support-agreement-url",
  approvalStatus: "/json-api/tickets/support-agreement-approval-status",
  supportInfo: "/json-api/support-info",
  openTickets: "/json-api/tickets/open-tickets",
} as const;

/** Whostmgr/TicketSupport.pm sends this content type with every V3 call. */
export const TICKETS_V3_CONTENT_TYPE = "application/vnd.cpanel.tickets-v3+json";

/** A ticket-system answer: its HTTP status and its JSON body (WHM reads both). */
export interface PortalAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Refresh a little before the portal would refuse the token. */
const EXPIRY_MARGIN_MS = 30_000;

type StoredTokens = PortalTokens & { readonly obtainedAt: number };

/** The ticket system as one function call sees it: the session's tokens are read once per call. */
export interface TicketSystem {
  /** One ticket-system call with the session's access token. */
  call(path: string, options?: { method: "GET" | "POST"; body?: unknown }): Promise<PortalAnswer>;
  /** A public document the ticket system points to (the agreement text needs no token). */
  fetchPublic(url: string): Promise<PortalAnswer>;
}

/**
 * The ticket system on the caller's behalf, with the OAuth2 token that ticket_validate_oauth2_code
 * stored on the caller's session (`Authorization: Bearer`, as WHM's V3 calls). Unlike WHM, an
 * expired or refused access token is refreshed once with the refresh token, and the rotated pair
 * is stored atomically; only when that fails is the token dropped and the caller told to validate
 * a new code.
 */
/** The items ticketSystem reads by key (runtime/define.ts `reads`): the caller's session, holding its portal tokens. */
export const ticketSystemReads = ({ sessionKey }: Caller) => [keys.session(sessionKey)];

export async function ticketSystem(principal: Principal): Promise<TicketSystem> {
  const config = await portalConfig();
  let tokens = await sessionTokens(principal);
  return {
    async call(path, options = { method: "GET" }) {
      if (isExpired(tokens)) tokens = await refreshed(principal, config, tokens);
      const answer = await request(config, tokens.accessToken, path, options);
      if (answer.status !== 401) return answer;
      tokens = await refreshed(principal, config, tokens);
      return request(config, tokens.accessToken, path, options);
    },
    fetchPublic: (url) => send(config, url, { method: "GET", headers: {} }),
  };
}

async function sessionTokens(principal: Principal): Promise<StoredTokens> {
  const session = await getSession(principal.sessionKey);
  if (!session?.portal?.accessToken || session.tenant !== principal.tenant) throw errors.ticketTokenMissing();
  return session.portal;
}

function isExpired(tokens: StoredTokens): boolean {
  if (tokens.expiresIn === undefined) return false;
  return tokens.obtainedAt + tokens.expiresIn * 1000 - EXPIRY_MARGIN_MS <= Date.now();
}

/**
 * A fresh pair in place of `stale`. When another container rotated the pair meanwhile, its pair is
 * used; when the portal refuses the refresh token (revoked, expired) the stale pair is removed.
 */
async function refreshed(
  principal: Principal,
  config: PortalConfig,
  stale: StoredTokens,
): Promise<StoredTokens> {
  if (!stale.refreshToken) {
    await clearPortalTokens(principal.sessionKey, principal.tenant, stale.accessToken);
    throw errors.ticketTokenMissing();
  }
  const result = await refreshTokens(config, stale.refreshToken);
  switch (result.kind) {
    case "ok": {
      const tokens: PortalTokens = {
        accessToken: result.accessToken,
        // A portal that does not rotate refresh tokens leaves the old one valid.
        refreshToken: result.refreshToken ?? stale.refreshToken,
        expiresIn: result.expiresIn,
      };
      if (await rotatePortalTokens(principal.sessionKey, principal.tenant, stale.accessToken, tokens))
        return { ...tokens, obtainedAt: Date.now() };
      return sessionTokens(principal);
    }
    case "status":
      if (result.status >= 500) throw errors.portalStatus(result.status);
      await clearPortalTokens(principal.sessionKey, principal.tenant, stale.accessToken);
      throw errors.ticketTokenMissing();
    case "unreachable":
      throw errors.portalUnreachable();
    case "malformed":
      throw errors.portalMalformed();
  }
}

function request(
  config: PortalConfig,
  accessToken: string,
  path: string,
  options: { method: "GET" | "POST"; body?: unknown },
): Promise<PortalAnswer> {
  return send(config, `${config.ticketsUrl.replace(/\/$/, "")}${path}`, {
    method: options.method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": TICKETS_V3_CONTENT_TYPE },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/**
 * One HTTP exchange within the portal timeout. An unreachable portal and a non-JSON answer are
 * failures; a 5xx answer comes back with no body for the function to word (as WHM words each).
 */
async function send(
  config: PortalConfig,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<PortalAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      ...init,
      redirect: "error",
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    text = await response.text();
  } catch {
    throw errors.portalUnreachable();
  }
  if (response.status >= 500) return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw errors.portalMalformed();
  }
}

/** The `data` member of a ticket-system answer when it is a JSON object (WHM's `ref eq 'HASH'`). */
export function dataObject(answer: PortalAnswer): Record<string, unknown> | undefined {
  const data = isObject(answer.body) ? answer.body.data : undefined;
  return isObject(data) ? data : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
