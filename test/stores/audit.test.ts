import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type CallContext, withCallContext } from "../../lambdas/kernel/call-context.js";
import { eventsPage, recordEvent } from "../../lambdas/stores/audit.js";
import { db, nowSeconds, tableName } from "../../lambdas/stores/dynamo.js";
import { setPolicy } from "../../lambdas/stores/two-factor.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const context: CallContext = {
  tenant: "audit-store",
  actor: { user: "root", via: "admin" },
  sourceIp: "192.0.2.1",
  function: "admin set-policy",
  requestId: "00000000-0000-4000-8000-000000000001",
};

describe("the audit store", () => {
  let stack: TestStack;
  const kept = process.env.AUDIT_RETENTION_DAYS;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());
  afterEach(() => {
    if (kept === undefined) delete process.env.AUDIT_RETENTION_DAYS;
    else process.env.AUDIT_RETENTION_DAYS = kept;
  });

  const events = async () => (await eventsPage("audit-store", { limit: 100 }, {})).items;

  it("records a change made in a call with that call's context", async () => {
    await withCallContext(context, () => setPolicy("audit-store", true));
    const [event] = await events();
    assert.deepEqual(
      { ...event, at: undefined },
      {
        at: undefined,
        actor: "root",
        via: "admin",
        source_ip: "192.0.2.1",
        function: "admin set-policy",
        target: "policy",
        outcome: "ok",
        detail: "enabled",
        request_id: context.requestId,
      },
    );
  });

  it("records nothing for a change made outside any call (a test's or a seed's own writes)", async () => {
    const before = (await events()).length;
    await setPolicy("audit-store", false);
    await recordEvent({ target: "nothing" }, "audit-store");
    assert.equal((await events()).length, before);
  });

  it("keeps an event for the stage's retention (AUDIT_RETENTION_DAYS): its TTL", async () => {
    process.env.AUDIT_RETENTION_DAYS = "30";
    await withCallContext({ ...context, tenant: "audit-ttl" }, () => recordEvent({ target: "ttl" }));
    const { Items = [] } = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "AUDIT#audit-ttl" },
      }),
    );
    assert.equal(Items.length, 1);
    const days = (Number(Items[0]?.expires) - nowSeconds()) / 86_400;
    assert.ok(days > 29.99 && days <= 30, `kept ${days} days`);
  });
});
