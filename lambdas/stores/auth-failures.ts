import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { call, conditionHeld, isLive, keys, nowSeconds, tableName } from "./dynamo.js";
import { sha256 } from "./hash.js";

/**
 * Failed authentications counted in the table, as cPHulk counts them for a WHM server: per source
 * IP, and per source IP and user name. A wrong token names no tenant, so the IP and the claimed
 * user are what is known. Keys hold only hashes of the address and name.
 */
export const failureLimits = () => ({
  /** Seconds a count runs for; a lockout lasts until its window ends. */
  window: Number(process.env.AUTH_FAILURE_WINDOW_SECONDS ?? 300),
  perIp: Number(process.env.AUTH_FAILURES_PER_IP ?? 30),
  perUser: Number(process.env.AUTH_FAILURES_PER_USER ?? 10),
});

export function failureKeys(sourceIp: string, user: string) {
  return {
    ip: keys.authFailures(sha256(`ip:${sourceIp}`)),
    user: keys.authFailures(sha256(`user:${sourceIp}:${user}`)),
  };
}

/** Seconds until a counter item's lockout ends, or 0 when it does not lock. */
export function lockedFor(item: Record<string, unknown> | undefined, limit: number): number {
  if (!item || !isLive(item as { expires?: number }) || Number(item.count) < limit) return 0;
  return Math.max(1, Number(item.expires) - nowSeconds());
}

async function count(key: { pk: string; sk: string }): Promise<void> {
  const now = nowSeconds();
  const counted = await conditionHeld(
    call(
      "dynamodb:UpdateItem on AUTHFAIL#",
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: "ADD #count :one",
        ConditionExpression: "expires > :now",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":one": 1, ":now": now },
      }),
    ),
  );
  if (counted) return;
  // No live window: start one (a window that TTL has not removed yet is replaced).
  await call(
    "dynamodb:PutItem on AUTHFAIL#",
    new PutCommand({
      TableName: tableName(),
      Item: { ...key, type: "auth-failures", count: 1, expires: now + failureLimits().window },
    }),
  );
}

/** Counts one failed authentication from `sourceIp` claiming `user`. */
export async function recordFailure(sourceIp: string, user: string): Promise<void> {
  const { ip, user: perUser } = failureKeys(sourceIp, user);
  await Promise.all([count(ip), count(perUser)]);
}

/** Wrong two-factor codes of one user of a tenant, counted in the same window (TFA_FAILURES_PER_USER, 5). */
const twoFactorKey = (tenant: string, user: string) => keys.authFailures(sha256(`tfa:${tenant}:${user}`));

export async function recordTwoFactorFailure(tenant: string, user: string): Promise<void> {
  await count(twoFactorKey(tenant, user));
}

/** Seconds until the user may try a code again, or 0. */
export async function twoFactorLockedFor(tenant: string, user: string): Promise<number> {
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({ TableName: tableName(), Key: twoFactorKey(tenant, user), ConsistentRead: true }),
  );
  return lockedFor(Item, Number(process.env.TFA_FAILURES_PER_USER ?? 5));
}
