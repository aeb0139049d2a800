import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { call, getItem, keys, tableName } from "../dynamo.js";

/** Where the version of a tenant's secrets is kept, so that every container can tell a stale cache. */
export interface SecretVersions {
  /** The current version (0 before the first write). */
  read(tenant: string): Promise<number>;
  /** Records a write; returns the new version. */
  bump(tenant: string): Promise<number>;
}

/** A tenant's secrets version in the table: one small item per tenant, read consistently. */
export async function readSecretsVersion(tenant: string): Promise<number> {
  const Item = await getItem(keys.secretsVersion(tenant));
  return Number(Item?.version ?? 0);
}

export async function bumpSecretsVersion(tenant: string): Promise<number> {
  const { Attributes } = await call(
    "dynamodb:UpdateItem",
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.secretsVersion(tenant),
      UpdateExpression: "ADD #version :one SET #type = :type",
      ExpressionAttributeNames: { "#version": "version", "#type": "type" },
      ExpressionAttributeValues: { ":one": 1, ":type": "secrets-version" },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(Attributes?.version ?? 0);
}
