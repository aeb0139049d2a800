import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { awsCallCounts, resetAwsCallCounts } from "../../lambdas/kernel/aws-calls.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { LOCAL_TENANT } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

/** Items a function reads by key come with its caller's token once the container has seen the token. */
describe("reading a function's items with the caller's token", () => {
  let stack: TestStack;
  let other: string;
  before(async () => {
    stack = await startTestStack();
    other = await createTenantWithRootToken({ id: "read-ahead-b", hostname: "b.example" });
  });
  after(() => stack.stop());

  const policyOf = async (token?: string) =>
    (await stack.call("twofactorauth_policy_status", {}, { token })).json.data.is_enabled;

  it("makes one round trip for a token the container has seen: the token, its source's counter and the policy", async () => {
    await policyOf();
    resetAwsCallCounts();
    assert.equal(await policyOf(), 0);
    assert.deepEqual(Object.fromEntries(awsCallCounts()), { "DynamoDB BatchGetItemCommand": 1 });
  });

  it("answers what was written since the container last saw the token", async () => {
    await policyOf();
    assert.equal((await stack.call("twofactorauth_enable_policy")).json.metadata.result, 1);
    assert.equal(await policyOf(), 1);
    assert.equal((await stack.call("twofactorauth_disable_policy")).json.metadata.result, 1);
    assert.equal(await policyOf(), 0);
  });

  it("gives concurrent calls of two tenants each their own tenant's items", async () => {
    assert.equal((await stack.call("twofactorauth_enable_policy")).json.metadata.result, 1);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => policyOf(i % 2 ? other : undefined)),
      );
      assert.deepEqual(
        answers,
        answers.map((_, i) => (i % 2 ? 0 : 1)),
      );
    } finally {
      await stack.call("twofactorauth_disable_policy");
    }
  });

  it("reads for itself when the token's rights changed since the container saw it", async () => {
    const { token } = await createToken({
      tenant: LOCAL_TENANT.id,
      user: "root",
      name: "read-ahead-rights",
      acls: ["basic-whm-functions"],
    });
    await policyOf(token);
    const update = await stack.call("api_token_update", {
      token_name: "read-ahead-rights",
      acl: "basic-whm-functions",
      "acl-1": "list-accts",
    });
    assert.equal(update.json.metadata.result, 1);
    resetAwsCallCounts();
    assert.equal(await policyOf(token), 0);
    assert.deepEqual(Object.fromEntries(awsCallCounts()), {
      "DynamoDB BatchGetItemCommand": 1,
      "DynamoDB GetItemCommand": 1,
    });
  });
});
