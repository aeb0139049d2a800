import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { call, conditionHeld, getItem, isLive, keys, nowSeconds, tableName } from "./dynamo.js";
import { sha256 } from "./hash.js";

/**
 * Failed authentications counted in the table, as cPHulk counts them for a WHM server: per source
 * IP, and per source IP and user name. A wrong token names no tenant, so the IP and the claimed
 * user are what is known. Items hold only hashes of the address and names.
 */
export const failureLimits = () => ({
  /** Seconds a count runs for; a lockout lasts until its window ends. */
  window: Number(process.env.AUTH_FAILURE_WINDOW_SECONDS ?? 300),
  perIp: Number(process.env.AUTH_FAILURES_PER_IP ?? 30),
  perUser: Number(process.env.AUTH_FAILURES_PER_USER ?? 10),
});

/**
 * The one counter item of a source address: its failures (`count`) and, in the map `users`, those
 * per claimed user name (by hash). One item instead of two keeps authentication's read at two
 * items (the token and this), each billed as a read of its own.
 */
export function failureKey(sourceIp: string) {
  return keys.authFailures(sha256(`ip:${sourceIp}`));
}

/** The key of a claimed user name in a counter item's `users` map (a hash: the item holds no names). */
const userEntry = (user: string) => sha256(`user:${user}`).slice(0, 32);

/** Seconds until the window of a counter item ends when `counted` reached `limit` in it, else 0. */
function lockSeconds(item: Record<string, unknown> | undefined, counted: number, limit: number): number {
  if (!item || !isLive(item as { expires?: number }) || counted < limit) return 0;
  return Math.max(1, Number(item.expires) - nowSeconds());
}

/**
 * Seconds until failing attempts claiming `user` from this counter item's address are answered
 * again instead of refused, or 0: counts past a limit (the failure that reached it is still
 * answered as a plain refusal, the next ones as a lockout).
 */
function overLimitFor(item: Record<string, unknown> | undefined, user: string): number {
  const limits = failureLimits();
  const perUser = Number((item?.users as Record<string, number> | undefined)?.[userEntry(user)] ?? 0);
  return Math.max(
    lockSeconds(item, Number(item?.count ?? 0), limits.perIp + 1),
    lockSeconds(item, perUser, limits.perUser + 1),
  );
}

/** Starts a counting window on `key` with these attributes, or adds to the live one (`update`). */
async function count(
  key: { pk: string; sk: string },
  update: {
    expression: string;
    /** What the live item must also have for the update to apply (else a window starts afresh). */
    requires?: string;
    names: Record<string, string>;
    values: Record<string, unknown>;
  },
  fresh: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const now = nowSeconds();
  let counted: Record<string, unknown> | undefined;
  const held = await conditionHeld(
    call(
      "dynamodb:UpdateItem on AUTHFAIL#",
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: ["expires > :now", update.requires].filter(Boolean).join(" AND "),
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: { ...update.values, ":now": now },
        ReturnValues: "ALL_NEW",
      }),
    ).then((output) => {
      counted = output.Attributes;
    }),
  );
  if (held && counted) return counted;
  // No live window: start one (a window that TTL has not removed yet is replaced).
  const item = { ...key, type: "auth-failures", ...fresh, expires: now + failureLimits().window };
  await call("dynamodb:PutItem on AUTHFAIL#", new PutCommand({ TableName: tableName(), Item: item }));
  return item;
}

/**
 * Counts one failed authentication from `sourceIp` claiming `user` (one write to one item, which
 * answers the new counts) and returns how many seconds that source is now locked out for, or 0.
 * Only failing attempts consult the counter: a right credential is never refused for it.
 */
export async function recordFailure(sourceIp: string, user: string): Promise<number> {
  const entry = userEntry(user);
  const item = await count(
    failureKey(sourceIp),
    {
      expression: "SET #users.#user = if_not_exists(#users.#user, :zero) + :one ADD #count :one",
      // A counter item written before it had the map cannot take the nested update: start afresh.
      requires: "attribute_exists(#users)",
      names: { "#count": "count", "#users": "users", "#user": entry },
      values: { ":one": 1, ":zero": 0 },
    },
    { count: 1, users: { [entry]: 1 } },
  );
  return overLimitFor(item, user);
}

const ADD_ONE = { expression: "ADD #count :one", names: { "#count": "count" }, values: { ":one": 1 } };

/** How many wrong codes lock a user out (TFA_FAILURES_PER_USER, 5). */
const twoFactorLimit = () => Number(process.env.TFA_FAILURES_PER_USER ?? 5);

/** Wrong two-factor codes of one user of a tenant, counted in the same window (TFA_FAILURES_PER_USER, 5). */
export const twoFactorKey = (tenant: string, user: string) =>
  keys.authFailures(sha256(`tfa:${tenant}:${user}`));

/** Counts a wrong code; true when it is the one that locks the user out. */
export async function recordTwoFactorFailure(tenant: string, user: string): Promise<boolean> {
  const item = await count(twoFactorKey(tenant, user), ADD_ONE, { count: 1 });
  return Number(item.count) === twoFactorLimit();
}

/** Seconds until the user may try a code again, or 0. */
export async function twoFactorLockedFor(tenant: string, user: string): Promise<number> {
  const Item = await getItem(twoFactorKey(tenant, user));
  return lockSeconds(Item, Number(Item?.count ?? 0), twoFactorLimit());
}
