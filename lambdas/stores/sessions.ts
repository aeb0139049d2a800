import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, isLive, keys, tableName } from "./dynamo.js";
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
}

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
  };
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
