import { randomBytes, randomInt } from "node:crypto";
import {
  DeleteCommand,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { ItemKey } from "../kernel/domain.js";
import { writeAudited } from "./audit.js";
import { call, conditionHeld, getItem, isLive, keys, nowSeconds, tableName, tenantItems } from "./dynamo.js";
import { constantTimeEqual, sha256 } from "./hash.js";
import type { LinkGrant } from "./links.js";

/** The support-portal OAuth2 tokens kept on a session (WHM's `cp_ticket_system_*` session fields). */
export interface PortalTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresIn?: number;
}

export interface SessionRecord {
  readonly tenant: string;
  readonly user: string;
  readonly portal?: PortalTokens & { readonly obtainedAt: number };
  /** Browser sessions only (create_user_session): */
  readonly service?: string;
  readonly cpSecurityToken?: string;
  readonly acls?: readonly string[];
  /** The API token (hash) the session derives from: revoking it ends the session. */
  readonly credential?: string;
  /** The item the session's authority rests on (its token, or the link it signed in with): gone, the session is refused. */
  readonly origin?: ItemKey;
  /** The addresses the creating token was limited to (`whitelist_ip`): the session is too. */
  readonly allowedIps?: readonly string[];
  readonly lastSeen?: number;
  readonly expires?: number;
  /** When the session's user authenticated (epoch seconds). */
  readonly created?: number;
  /** How a sign-in session's user authenticated (RFC 8176: `fed`, and `otp` after a security code). */
  readonly amr?: readonly string[];
}

/** Session lifetimes, per stage (seconds). */
export const sessionLimits = () => ({
  idle: Number(process.env.SESSION_IDLE_SECONDS ?? 3600),
  absolute: Number(process.env.SESSION_MAX_SECONDS ?? 86_400),
  preauth: Number(process.env.SESSION_PREAUTH_SECONDS ?? 300),
});

/**
 * The session key of an API-token caller: a session record bound to that token, standing in for a
 * browser session so that functions storing per-session state work for scripts too.
 */
export function tokenSessionKey(tokenHash: string): string {
  return sha256(`token-session:${tokenHash}`);
}

export async function getSession(sessionKey: string): Promise<SessionRecord | undefined> {
  const Item = await getItem(keys.session(sessionKey));
  if (!Item || !isLive(Item)) return undefined;
  return {
    tenant: String(Item.tenant),
    user: String(Item.user),
    portal: Item.portal as SessionRecord["portal"],
    service: Item.service as string | undefined,
    cpSecurityToken: Item.cp_security_token as string | undefined,
    acls: Item.acls as string[] | undefined,
    credential: Item.credential as string | undefined,
    origin: Item.origin as ItemKey | undefined,
    allowedIps: Item.allowed_ips as string[] | undefined,
    lastSeen: Item.last_seen as number | undefined,
    expires: Item.expires as number | undefined,
    created: Item.created as number | undefined,
    amr: Item.amr as string[] | undefined,
  };
}

/** What a browser session is made of, fixed when create_user_session is called. */
export interface LoginGrant {
  readonly tenant: string;
  readonly user: string;
  readonly service: string;
  readonly acls: readonly string[];
  readonly creator: string;
  /** The API token (hash) behind the caller; the session lives no longer than it. */
  readonly credential: string;
  readonly credentialExpires?: number;
  /** The item the caller's authority rests on (default: the credential's token); the session is refused once it is gone. */
  readonly origin?: ItemKey;
  readonly allowedIps?: readonly string[];
  readonly locale?: string;
}

/**
 * A one-time login for a new session: the secret for its URL (shown once, stored hashed) and the
 * session's `/cpsess` token. The session itself, and its cookie, come into being only at login.
 */
export async function createLogin(
  grant: LoginGrant,
): Promise<{ loginSecret: string; cpSecurityToken: string; preauthExpires: number }> {
  const loginSecret = `${grant.user}:${randomBytes(24).toString("base64url")}`;
  const cpSecurityToken = newCpSecurityToken();
  const preauthExpires = Math.min(
    nowSeconds() + sessionLimits().preauth,
    grant.credentialExpires ?? Number.POSITIVE_INFINITY,
  );
  await writeAudited(
    "dynamodb:PutItem",
    [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.login(sha256(loginSecret)),
            type: "login",
            tenant: grant.tenant,
            user: grant.user,
            service: grant.service,
            cp_security_token: cpSecurityToken,
            acls: [...grant.acls],
            creator: grant.creator,
            credential: grant.credential,
            credential_expires: grant.credentialExpires,
            origin: grant.origin ?? keys.tokenLookup(grant.credential),
            allowed_ips: grant.allowedIps?.length ? [...grant.allowedIps] : undefined,
            locale: grant.locale,
            created: nowSeconds(),
            expires: preauthExpires,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ],
    { target: grant.user, user: grant.user, detail: `session created for ${grant.service}` },
    grant.tenant,
  );
  return { loginSecret, cpSecurityToken, preauthExpires };
}

/**
 * Redeems a one-time login made for the `/cpsess` token `cpSecurityToken`: in one transaction the
 * login is consumed, the session and its index entry are written, and the credential behind it
 * must still exist. Returns the new session id (the cookie's value), or undefined when the login
 * is unknown, used, expired, for another path, or its credential was revoked.
 */
export async function redeemLogin(loginSecret: string, cpSecurityToken: string): Promise<string | undefined> {
  const loginKey = keys.login(sha256(loginSecret));
  const Item = await getItem(loginKey);
  if (!Item || !isLive(Item) || !constantTimeEqual(String(Item.cp_security_token), cpSecurityToken))
    return undefined;
  const now = nowSeconds();
  const credential = String(Item.credential);
  const origin = (Item.origin as ItemKey | undefined) ?? keys.tokenLookup(credential);
  const { sessionId, writes } = newSession({
    tenant: String(Item.tenant),
    user: String(Item.user),
    service: String(Item.service),
    cpSecurityToken: String(Item.cp_security_token),
    acls: Item.acls as string[],
    creator: String(Item.creator),
    credential,
    origin,
    allowedIps: Item.allowed_ips as string[] | undefined,
    locale: Item.locale as string | undefined,
    expires: Math.min(
      now + sessionLimits().absolute,
      Item.credential_expires === undefined ? Number.POSITIVE_INFINITY : Number(Item.credential_expires),
    ),
  });
  const redeemed = await conditionHeld(
    call(
      ["dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:PutItem"],
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: loginKey,
              ConditionExpression: "attribute_exists(pk) AND expires > :now",
              ExpressionAttributeValues: { ":now": now },
            },
          },
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: origin,
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          ...writes,
        ],
      }),
    ),
  );
  return redeemed ? sessionId : undefined;
}

/** A fresh `/cpsessNNNNNNNNNN` path token. */
function newCpSecurityToken(): string {
  return `/cpsess${String(randomInt(10 ** 9, 10 ** 10))}`;
}

/** What a new session record holds. */
interface NewSession {
  readonly tenant: string;
  readonly user: string;
  readonly service: string;
  readonly cpSecurityToken: string;
  readonly acls: readonly string[];
  readonly creator: string;
  /** What the session derives from (an API token's hash, or a linked identity): its index is listed under it. */
  readonly credential: string;
  readonly origin: ItemKey;
  readonly allowedIps?: readonly string[];
  readonly locale?: string;
  readonly expires: number;
  readonly amr?: readonly string[];
}

/**
 * A new session's id (the cookie's value, never stored), when it starts, and the two writes that
 * make it, for the caller's transaction: the session record by the id's hash, and its index entry under the tenant
 * and credential (so that ending the credential finds it).
 */
function newSession(session: NewSession) {
  const now = nowSeconds();
  const sessionId = `${session.user}:${randomBytes(32).toString("base64url")}`;
  const sessionHash = sha256(sessionId);
  const { tenant, user, service, credential, expires } = session;
  const writes = [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.session(sessionHash),
          type: "session",
          tenant,
          user,
          service,
          cp_security_token: session.cpSecurityToken,
          acls: [...session.acls],
          creator: session.creator,
          credential,
          origin: session.origin,
          allowed_ips: session.allowedIps?.length ? [...session.allowedIps] : undefined,
          locale: session.locale,
          amr: session.amr ? [...session.amr] : undefined,
          created: now,
          last_seen: now,
          expires,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.sessionIndex(tenant, credential, sessionHash),
          type: "session-index",
          tenant,
          user,
          service,
          created: now,
          expires,
        },
      },
    },
  ];
  return { sessionId, writes, created: now };
}

/** The credential a sign-in session derives from: the linked identity (unlinking ends its sessions). */
export function signInCredential(provider: string, subject: string): string {
  return `signin:${sha256(`${provider}\n${subject}`)}`;
}

/** Who a provider sign-in lets in, once the identity and any security code were checked. */
export interface SignInGrant {
  readonly tenant: string;
  readonly user: string;
  readonly acls: readonly string[];
  readonly provider: string;
  readonly subject: string;
  /** What a link made from a session inherited from it (stores/links.ts `LinkGrant`). */
  readonly grant?: LinkGrant;
  /** How the user authenticated (RFC 8176). */
  readonly amr: readonly string[];
  /**
   * The item the session rests on, which must name the user and whose removal ends the session:
   * the identity's link unless given (a passkey sign-in rests on its passkey).
   */
  readonly restsOn?: ItemKey;
  /** The service the session is for: WHM (default), or cPanel for a cPanel user signing in to a server. */
  readonly service?: "whostmgrd" | "cpaneld";
}

/**
 * Starts a WHM session for a provider sign-in, as redeemLogin starts create_user_session's: the
 * session and its index entry written in one transaction, which also requires the identity to be
 * still linked to the user (the passkey to be still the user's). Undefined when it no longer is.
 */
export async function startSignInSession(
  grant: SignInGrant,
): Promise<{ sessionId: string; cpSecurityToken: string; created: number } | undefined> {
  const cpSecurityToken = newCpSecurityToken();
  const linkKey = grant.restsOn ?? keys.link(grant.tenant, grant.provider, grant.subject);
  const inherited = grant.grant;
  const { sessionId, writes, created } = newSession({
    tenant: grant.tenant,
    user: grant.user,
    service: grant.service ?? "whostmgrd",
    cpSecurityToken,
    acls: grant.acls,
    creator: `${grant.provider}:sign-in`,
    credential: signInCredential(grant.provider, grant.subject),
    origin: inherited?.origin ?? linkKey,
    allowedIps: inherited?.allowedIps,
    amr: grant.amr,
    expires: Math.min(
      nowSeconds() + sessionLimits().absolute,
      inherited?.expires ?? Number.POSITIVE_INFINITY,
    ),
  });
  const started = await conditionHeld(
    writeAudited(
      ["dynamodb:ConditionCheckItem", "dynamodb:PutItem"],
      [
        {
          ConditionCheck: {
            TableName: tableName(),
            Key: linkKey,
            ConditionExpression: "username = :user",
            ExpressionAttributeValues: { ":user": grant.user },
          },
        },
        // A link made from a session lasts only as long as the credential that session came from.
        ...(inherited
          ? [
              {
                ConditionCheck: {
                  TableName: tableName(),
                  Key: inherited.origin,
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
            ]
          : []),
        ...writes,
      ],
      { actor: grant.user, target: grant.user, user: grant.user, detail: `signed in with ${grant.provider}` },
      grant.tenant,
    ),
  );
  return started ? { sessionId, cpSecurityToken, created } : undefined;
}

/** A session as the admin command lists it: by the hash of its id, never the id itself. */
export interface SessionSummary {
  readonly sessionHash: string;
  readonly credential: string;
  readonly user: string;
  readonly service: string;
  readonly created: number;
  readonly expires: number;
}

/** The tenant's live sessions, or only those derived from one credential. */
export async function listSessions(tenant: string, credential?: string): Promise<SessionSummary[]> {
  const items = await tenantItems(tenant, credential ? `SESSION#${credential}#` : "SESSION#", true);
  return items.filter(isLive).map((item) => {
    const [, from = "", sessionHash = ""] = String(item.sk).split("#");
    return {
      sessionHash,
      credential: from,
      user: String(item.user),
      service: String(item.service),
      created: Number(item.created),
      expires: Number(item.expires),
    };
  });
}

/**
 * Ends one session: the session and its index entry go together. `endedBy` names who ended it
 * (a logout, the operator) for the audit trail; sessions ended because their credential went are
 * that change's consequence, not events of their own.
 */
export async function endSession(
  tenant: string,
  credential: string,
  sessionHash: string,
  endedBy?: { user: string },
): Promise<void> {
  await writeAudited(
    "dynamodb:DeleteItem",
    [
      { Delete: { TableName: tableName(), Key: keys.session(sessionHash) } },
      { Delete: { TableName: tableName(), Key: keys.sessionIndex(tenant, credential, sessionHash) } },
    ],
    endedBy && { target: endedBy.user, user: endedBy.user, detail: "session ended" },
    tenant,
  );
}

/**
 * Ends every session derived from a credential, and the token's own session record (portal
 * tokens). Called after the credential is gone, so no new session can start from it meanwhile
 * (redeemLogin checks the credential in its transaction). Returns how many browser sessions ended.
 */
export async function endSessionsOf(tenant: string, credential: string): Promise<number> {
  const sessions = await listSessions(tenant, credential);
  for (const session of sessions) await endSession(tenant, credential, session.sessionHash);
  await call(
    "dynamodb:DeleteItem",
    new DeleteCommand({ TableName: tableName(), Key: keys.session(tokenSessionKey(credential)) }),
  );
  return sessions.length;
}

/** Ends every session opened for a user, whoever made it. */
export async function endSessionsFor(tenant: string, user: string): Promise<void> {
  for (const session of (await listSessions(tenant)).filter((entry) => entry.user === user)) {
    await endSession(tenant, session.credential, session.sessionHash);
  }
}

/**
 * Records activity on a session, at most once a minute (so most requests cost no write). False when
 * the session ended meanwhile.
 */
export async function touchSession(sessionKey: string, lastSeen: number): Promise<boolean> {
  const now = nowSeconds();
  if (now - lastSeen < 60) return true;
  return updateSessionIf(sessionKey, {
    UpdateExpression: "SET last_seen = :now",
    ConditionExpression: "attribute_exists(pk)",
    ExpressionAttributeValues: { ":now": now },
  });
}

/** Stores portal tokens on the session, creating the token-bound record if needed; tenant-checked. */
export async function setPortalTokens(
  sessionKey: string,
  owner: { tenant: string; user: string },
  tokens: PortalTokens,
): Promise<void> {
  await call(
    "dynamodb:UpdateItem on SESSION#",
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.session(sessionKey),
      UpdateExpression: "SET #tenant = :tenant, #user = :user, #type = :type, portal = :portal",
      ConditionExpression: "attribute_not_exists(pk) OR #tenant = :tenant",
      ExpressionAttributeNames: { "#tenant": "tenant", "#user": "user", "#type": "type" },
      ExpressionAttributeValues: {
        ":tenant": owner.tenant,
        ":user": owner.user,
        ":type": "session",
        ":portal": { ...tokens, obtainedAt: Date.now() },
      },
    }),
  );
}

/**
 * Replaces the session's portal tokens with a refreshed pair only if they are still the ones that
 * were refreshed (`previousAccessToken`): two containers refreshing at once cannot store a pair
 * the portal already rotated away. Returns false when another refresh got there first.
 */
export async function rotatePortalTokens(
  sessionKey: string,
  tenant: string,
  previousAccessToken: string,
  tokens: PortalTokens,
): Promise<boolean> {
  return updateSessionIf(sessionKey, {
    UpdateExpression: "SET portal = :portal",
    ConditionExpression: "#tenant = :tenant AND portal.accessToken = :previous",
    ExpressionAttributeNames: { "#tenant": "tenant" },
    ExpressionAttributeValues: {
      ":tenant": tenant,
      ":previous": previousAccessToken,
      ":portal": { ...tokens, obtainedAt: Date.now() },
    },
  });
}

/**
 * Drops any portal token from the session (WHM does this when the portal refuses a code); with
 * `onlyAccessToken`, only if the session still holds that token (a newer one is kept).
 */
export async function clearPortalTokens(
  sessionKey: string,
  tenant: string,
  onlyAccessToken?: string,
): Promise<void> {
  await updateSessionIf(sessionKey, {
    UpdateExpression: "REMOVE portal",
    ConditionExpression:
      onlyAccessToken === undefined
        ? "#tenant = :tenant"
        : "#tenant = :tenant AND portal.accessToken = :previous",
    ExpressionAttributeNames: { "#tenant": "tenant" },
    ExpressionAttributeValues: {
      ":tenant": tenant,
      ...(onlyAccessToken === undefined ? {} : { ":previous": onlyAccessToken }),
    },
  });
}

/** A conditional update of a session record; false when its condition does not hold. */
async function updateSessionIf(
  sessionKey: string,
  update: Omit<UpdateCommandInput, "TableName" | "Key">,
): Promise<boolean> {
  return conditionHeld(
    call(
      "dynamodb:UpdateItem on SESSION#",
      new UpdateCommand({ TableName: tableName(), Key: keys.session(sessionKey), ...update }),
    ),
  );
}
