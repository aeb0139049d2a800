import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { awsClientConfig } from "../lambdas/stores/aws-client-config.js";

/**
 * The reference a DynamoDB-reading function is measured against: the least any WHM function must
 * do — one consistent GetItem with the modular client (what authentication needs) — bundled with
 * the same settings as the functions.
 */
const client = new DynamoDBClient(awsClientConfig(process.env.DYNAMODB_ENDPOINT));

export const handler = async () => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: "TOKEN#reference" }, sk: { S: "TOKEN" } },
      ConsistentRead: true,
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ metadata: { result: 1 }, found: Boolean(Item) }) };
};
