import { randomUUID } from "node:crypto";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { errors } from "../kernel/errors.js";
import { call, conditionHeld, nowSeconds, tableName } from "./dynamo.js";

/** A lock outlives a crashed holder by at most this long. */
const LEASE_SECONDS = 15;
const ATTEMPTS = 40;

/**
 * Runs `work` while holding a short lease on `name` (a conditional put of a lock item), so that
 * read-modify-write sequences on one resource never interleave. Refuses with the busy error when
 * the lock stays taken.
 */
export async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const Key = { pk: `LOCK#${name}`, sk: "LOCK" };
  const owner = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const now = nowSeconds();
    const taken = await conditionHeld(
      call(
        "dynamodb:PutItem",
        new PutCommand({
          TableName: tableName(),
          Item: { ...Key, type: "lock", owner, expires: now + LEASE_SECONDS },
          ConditionExpression: "attribute_not_exists(pk) OR expires < :now",
          ExpressionAttributeValues: { ":now": now },
        }),
      ),
    );
    if (taken) break;
    if (attempt >= ATTEMPTS) throw errors.busy();
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
  try {
    return await work();
  } finally {
    await call(
      "dynamodb:DeleteItem",
      new DeleteCommand({
        TableName: tableName(),
        Key,
        ConditionExpression: "#owner = :owner",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":owner": owner },
      }),
    ).catch(() => undefined);
  }
}
