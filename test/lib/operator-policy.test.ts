import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { operatorPolicy } from "../../lib/operator-policy.js";

it("ops/operator-policy.json is the generated policy (run `npm run operator-policy` after changing the admin command)", async () => {
  const committed = JSON.parse(
    await readFile(join(import.meta.dirname, "..", "..", "ops", "operator-policy.json"), "utf8"),
  );
  assert.deepEqual(committed, operatorPolicy());
});

it("grants the admin command exactly the table and secret actions its bundle names, on the stage's resources only", () => {
  const statements = new Map(operatorPolicy().Statement.map((statement) => [statement.Sid, statement]));
  const table = statements.get("AdminCommandTable");
  assert.ok(table?.Action.includes("dynamodb:Scan"), "list-tenants scans");
  assert.ok(!table?.Action.includes("dynamodb:BatchGetItem"), "the command never authenticates callers");
  assert.equal(table?.Resource, "arn:aws:dynamodb:REGION:ACCOUNT_ID:table/whm-serverless-STAGE-Table*");
  assert.ok(statements.get("AdminCommandTenantSecrets")?.Action.includes("secretsmanager:DeleteSecret"));
  for (const statement of statements.values())
    assert.ok(!statement.Action.some((action) => action.includes("*")), statement.Sid);
});
