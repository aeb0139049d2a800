import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { type FakeSecretsManager, startFakeSecretsManager } from "../../local/fake-secrets-manager.js";
import { freePort } from "../../local/free-port.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

/** Makes DynamoDB calls whose command matches fail with an AWS error, as the service would answer. */
function dynamoFaults() {
  let rule: { command: RegExp; name: string; count: number } | undefined;
  let injected = 0;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (rule && rule.count > 0 && rule.command.test(context.commandName ?? "")) {
        rule.count--;
        injected++;
        throw Object.assign(new Error("injected fault"), {
          name: rule.name,
          $fault: "server",
          $metadata: {},
        });
      }
      return next(args);
    },
    { step: "initialize", name: "testFaults" },
  );
  return {
    fail: (command: RegExp, name: string, count = 100) => {
      rule = { command, name, count };
    },
    clear: () => {
      rule = undefined;
    },
    injected: () => injected,
  };
}

/** A stand-in portal that misbehaves on purpose. */
async function badPortal(behaviour: "hang" | "503" | "garbage"): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    if (behaviour === "hang") return;
    if (behaviour === "503") return res.writeHead(503).end("maintenance");
    res.writeHead(200, { "content-type": "application/json" }).end("<html>not json</html>");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/token`,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe("dependency faults: the right WHM error, nothing half-written, recovery once the fault clears", () => {
  let stack: TestStack;
  let secretsManager: FakeSecretsManager;
  let faults: ReturnType<typeof dynamoFaults>;
  let injected = 0;
  const items = async () => (await db().send(new ScanCommand({ TableName: tableName() }))).Items ?? [];

  before(async () => {
    stack = await startTestStack();
    secretsManager = await startFakeSecretsManager();
    // Tenant secrets through the real Secrets Manager client, against the stand-in that can fail.
    delete process.env.SECRETS_FILE;
    process.env.SECRETS_MANAGER_ENDPOINT = secretsManager.endpoint;
    process.env.SECRETS_CACHE_SECONDS = "0";
    process.env.PORTAL_TIMEOUT_MS = "300";
    faults = dynamoFaults();
  });
  after(async () => {
    await secretsManager.stop();
    await stack.stop();
  });

  it("a throttled DynamoDB read answers 'busy', then the same call succeeds", async () => {
    faults.fail(/Query/, "ProvisionedThroughputExceededException");
    const { status, json } = await stack.call("get_users_authn_linked_accounts");
    assert.equal(status, 200);
    assert.equal(json.metadata.result, 0);
    assert.equal(json.metadata.reason, "The system is busy. Wait a moment, then try again.");
    faults.clear();
    assert.equal((await stack.call("get_users_authn_linked_accounts")).json.metadata.result, 1);
  });

  it("a failing token write answers an internal error and leaves no half of the token behind", async () => {
    const before = (await items()).length;
    faults.fail(/TransactWrite/, "InternalServerError");
    const { json } = await stack.call("api_token_create", { token_name: "during-fault" });
    assert.equal(json.metadata.reason, "The system encountered an internal error. Try again later.");
    assert.equal((await items()).length, before);
    faults.clear();
    assert.equal(
      (await stack.call("api_token_create", { token_name: "during-fault" })).json.metadata.result,
      1,
    );
  });

  it("a throttled provider update changes nothing, and the retry lands", async () => {
    await stack.call("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "cpaneld",
      configurations: '{"client_id":"a","client_secret":"b"}',
    });
    // A provider setting is written with its audit event, in one transaction.
    faults.fail(/TransactWriteItems/, "ThrottlingException");
    const refused = await stack.call("enable_authentication_provider", {
      provider_id: "google",
      service_name: "cpaneld",
    });
    assert.match(refused.json.metadata.reason, /busy/);
    faults.clear();
    const providers = (await stack.call("get_available_authentication_providers")).json.data.providers;
    assert.equal(providers.find((p: { id: string }) => p.id === "google").cpaneld_enabled, 0);
    assert.equal(
      (await stack.call("enable_authentication_provider", { provider_id: "google", service_name: "cpaneld" }))
        .json.metadata.result,
      1,
    );
  });

  it("Secrets Manager denying access or failing answers an internal error and keeps the stored secret", async () => {
    const read = () =>
      stack.call("get_provider_client_configurations", { provider_id: "google", service_name: "cpaneld" });
    const before = (await read()).json.data;
    secretsManager.failNext(1, "AccessDeniedException");
    injected++;
    assert.equal(
      (await read()).json.metadata.reason,
      "The system encountered an internal error. Try again later.",
    );
    // More failures than the SDK's three attempts: a single 500 would be retried away, as it should.
    secretsManager.failNext(10, "InternalServiceError", 500);
    injected++;
    const write = await stack.call("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "cpaneld",
      configurations: '{"client_id":"new","client_secret":"new"}',
    });
    assert.equal(write.json.metadata.result, 0);
    secretsManager.failNext(0, "none");
    assert.deepEqual((await read()).json.data, before);
    secretsManager.failNext(10, "ThrottlingException");
    injected++;
    assert.match((await read()).json.metadata.reason, /busy/);
    secretsManager.failNext(0, "none");
    assert.equal((await read()).json.metadata.result, 1);
  });

  for (const behaviour of ["hang", "503", "garbage"] as const) {
    it(`a portal that ${behaviour === "hang" ? "times out" : behaviour === "503" ? "answers 503" : "answers garbage"} gets its WHM error, then a good exchange works`, async () => {
      const portal = await badPortal(behaviour);
      const good = process.env.PORTAL_TOKEN_ENDPOINT;
      try {
        process.env.PORTAL_TOKEN_ENDPOINT = portal.url;
        injected++;
        const { json } = await stack.call("ticket_validate_oauth2_code", {
          code: `c-${behaviour}`,
          redirect_uri: LOCAL_PORTAL_REDIRECT_URI,
        });
        const expected = {
          hang: "The server was unable to contact the cPanel Customer Portal.",
          "503":
            "The server failed to retrieve an access token from the cPanel Customer Portal. Status Code: 503",
          garbage: "The server received a malformed response from the cPanel Customer Portal.",
        }[behaviour];
        assert.equal(json.metadata.reason, expected);
      } finally {
        portal.stop();
        process.env.PORTAL_TOKEN_ENDPOINT = good;
      }
      const code = await obtainPortalCode(
        stack.portal.authorizationEndpoint,
        stack.portal.client.clientId,
        LOCAL_PORTAL_REDIRECT_URI,
      );
      const ok = await stack.call("ticket_validate_oauth2_code", {
        code,
        redirect_uri: LOCAL_PORTAL_REDIRECT_URI,
      });
      assert.equal(ok.json.metadata.result, 1);
    });
  }
  it("reports how many faults were injected", (t) => {
    t.diagnostic(`faults injected: ${faults.injected() + injected}`);
    assert.ok(faults.injected() + injected >= 9);
  });
});
