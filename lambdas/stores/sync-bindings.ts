import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { call, conditionHeld, getItem, keys, nowSeconds, tableName } from "./dynamo.js";

/**
 * Directory pushes bind their token to one server: the first push with a token names the server
 * it speaks for, and that token can push for no other. Bound to the token's hash, the binding
 * ends with the token (a revoked token's binding names nothing that can authenticate).
 */
export async function boundServer(tenant: string, tokenHash: string): Promise<string | undefined> {
  const Item = await getItem(keys.syncBinding(tenant, tokenHash));
  return Item ? String(Item.server) : undefined;
}

/** Binds the token to `server` unless it is bound already; false when it is bound to another. */
export function bindServer(tenant: string, tokenHash: string, server: string): Promise<boolean> {
  return conditionHeld(
    call(
      "dynamodb:PutItem",
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.syncBinding(tenant, tokenHash),
          type: "sync-binding",
          tenant,
          server,
          bound: nowSeconds(),
        },
        ConditionExpression: "attribute_not_exists(pk) OR #server = :server",
        ExpressionAttributeNames: { "#server": "server" },
        ExpressionAttributeValues: { ":server": server },
      }),
    ),
  );
}
