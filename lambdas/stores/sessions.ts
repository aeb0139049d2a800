import { randomBytes, randomInt } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, isLive, keys, nowSeconds, tableName } from "./dynamo.js";
import { sha256 } from "./hash.js";

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
  /** True until the one-time login URL is visited. */
  readonly preauth?: boolean;
  readonly lastSeen?: number;
  readonly expires?: number;
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
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.session(sessionKey), ConsistentRead: true }),
  );
  if (!Item || !isLive(Item)) return undefined;
  return {
    tenant: String(Item.tenant),
    user: String(Item.user),
    portal: Item.portal as SessionRecord["portal"],
    service: Item.service as string | undefined,
    cpSecurityToken: Item.cp_security_token as string | undefined,
    acls: Item.acls as string[] | undefined,
    preauth: Item.preauth as boolean | undefined,
    lastSeen: Item.last_seen as number | undefined,
    expires: Item.expires as number | undefined,
  };
}

/** A new browser session: its secret id (shown once, in the login URL) and its `/cpsess` token. */
export async function createSession(input: {
  tenant: string;
  user: string;
  service: string;
  acls: readonly string[];
  creator: string;
}): Promise<{ sessionId: string; cpSecurityToken: string; preauthExpires: number }> {
  const sessionId = `${input.user}:${randomBytes(24).toString("base64url")}`;
  const cpSecurityToken = `/cpsess${String(randomInt(10 ** 9, 10 ** 10))}`;
  const now = nowSeconds();
  const preauthExpires = now + sessionLimits().preauth;
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.session(sha256(sessionId)),
        type: "session",
        tenant: input.tenant,
        user: input.user,
        service: input.service,
        cp_security_token: cpSecurityToken,
        acls: [...input.acls],
        creator: input.creator,
        preauth: true,
        created: now,
        last_seen: now,
        expires: preauthExpires,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { sessionId, cpSecurityToken, preauthExpires };
}

/**
 * Redeems a one-time login: a pre-authentication session becomes active, once (the condition makes
 * a second visit of the same login URL fail). Returns true when it did.
 */
export async function activateSession(sessionId: string): Promise<boolean> {
  const now = nowSeconds();
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(sha256(sessionId)),
        UpdateExpression: "SET preauth = :false, last_seen = :now, expires = :expires",
        ConditionExpression: "preauth = :true AND expires > :now",
        ExpressionAttributeValues: {
          ":true": true,
          ":false": false,
          ":now": now,
          ":expires": now + sessionLimits().absolute,
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

/** Records activity on a session, at most once a minute (so most requests cost no write). */
export async function touchSession(sessionKey: string, lastSeen: number): Promise<void> {
  const now = nowSeconds();
  if (now - lastSeen < 60) return;
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.session(sessionKey),
      UpdateExpression: "SET last_seen = :now",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":now": now },
    }),
  );
}

/** Stores portal tokens on the session, creating the token-bound record if needed; tenant-checked. */
export async function setPortalTokens(
  sessionKey: string,
  owner: { tenant: string; user: string },
  tokens: PortalTokens,
): Promise<void> {
  await db().send(
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

/** Drops any portal token from the session (WHM does this when the portal refuses a code). */
export async function clearPortalTokens(sessionKey: string, tenant: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(sessionKey),
        UpdateExpression: "REMOVE portal",
        ConditionExpression: "#tenant = :tenant",
        ExpressionAttributeNames: { "#tenant": "tenant" },
        ExpressionAttributeValues: { ":tenant": tenant },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
  }
}
