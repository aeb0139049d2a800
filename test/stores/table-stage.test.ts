import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DescribeTableCommand, ListTagsOfResourceCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { tableStage } from "../../lambdas/stores/table-stage.js";
import { LOCAL_AWS_ENV } from "../../local/dynamodb-local.js";

describe("the stage a deployed table belongs to (what the admin command checks --stage against)", () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  Object.assign(process.env, LOCAL_AWS_ENV);

  it("reads the table's whm:stage tag", async () => {
    dynamo.reset();
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableArn: "arn:aws:dynamodb:us-east-1:1:table/t" } });
    dynamo.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: "whm:stage", Value: "prod" }] });
    assert.equal(await tableStage("t"), "prod");
  });

  it("finds no stage on an untagged table", async () => {
    dynamo.reset();
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableArn: "arn:aws:dynamodb:us-east-1:1:table/t" } });
    dynamo.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    assert.equal(await tableStage("t"), undefined);
  });
});
