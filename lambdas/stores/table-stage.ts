import { DescribeTableCommand, ListTagsOfResourceCommand } from "@aws-sdk/client-dynamodb";
import { call } from "./dynamo.js";

/** The tag the stack puts on its table, naming the stage it belongs to. */
export const STAGE_TAG = "whm:stage";

/**
 * The stage a table belongs to, from its `whm:stage` tag; undefined when it has none. The admin
 * command compares it with `--stage` before it touches anything (an admin operation: two reads).
 */
export async function tableStage(tableName: string): Promise<string | undefined> {
  const { Table } = await call("dynamodb:DescribeTable", new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.TableArn) return undefined;
  const { Tags = [] } = await call(
    "dynamodb:ListTagsOfResource",
    new ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }),
  );
  return Tags.find((tag) => tag.Key === STAGE_TAG)?.Value;
}
