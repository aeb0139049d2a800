import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { awsClientConfig } from "../lambdas/stores/aws-client-config.js";

/**
 * The reference of a function that reads a tenant secret: one consistent GetItem and one
 * GetSecretValue, bundled with the same settings as the functions.
 */
const dynamo = new DynamoDBClient(awsClientConfig(process.env.DYNAMODB_ENDPOINT));
const secrets = new SecretsManagerClient(awsClientConfig(process.env.SECRETS_MANAGER_ENDPOINT));

export const handler = async () => {
  const [{ Item }, { SecretString }] = await Promise.all([
    dynamo.send(
      new GetItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: { S: "TOKEN#reference" }, sk: { S: "TOKEN" } },
        ConsistentRead: true,
      }),
    ),
    secrets.send(new GetSecretValueCommand({ SecretId: process.env.REFERENCE_SECRET_ID })),
  ]);
  return {
    statusCode: 200,
    body: JSON.stringify({ metadata: { result: 1 }, found: Boolean(Item), secret: Boolean(SecretString) }),
  };
};
