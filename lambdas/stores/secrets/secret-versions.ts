import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, keys, tableName } from "../dynamo.js";

/** Where the version of a tenant's secrets is kept, so that every container can tell a stale cache. */
export interface SecretVersions {
  /** The current version (0 before the first write). */
  read(tenant: string): Promise<number>;
  /** Records a write; returns the new version. */
  bump(tenant: string): Promise<number>;
}

/** Versions in the table: one small item per tenant, read consistently. */
export const dynamoSecretVersions: SecretVersions = {
  async read(tenant) {
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.secretsVersion(tenant), ConsistentRead: true }),
    );
    return Number(Item?.version ?? 0);
  },
  async bump(tenant) {
    const { Attributes } = await db().send(
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
  },
};
