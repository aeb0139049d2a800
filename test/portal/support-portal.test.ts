import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { call, keys, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { clearPortalTokens, getSession, tokenSessionKey } from "../../lambdas/stores/sessions.js";
import { freePort } from "../../local/free-port.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { LOCAL_AGREEMENT, LOCAL_TICKETS } from "../../local/ticket-system.js";
import { cannedServer } from "../helpers/canned-server.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("support portal functions over the session's OAuth2 token", () => {
  let stack: TestStack;
  let ticketsUrl: string;
  const sessionKey = () => tokenSessionKey(sha256(stack.rootToken));
  const portalTokens = async () => (await getSession(sessionKey()))?.portal;
  const validateNewCode = async () => {
    const code = await obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      LOCAL_PORTAL_REDIRECT_URI,
    );
    const { json } = await stack.call("ticket_validate_oauth2_code", {
      code,
      redirect_uri: LOCAL_PORTAL_REDIRECT_URI,
    });
    assert.equal(json.metadata.result, 1);
  };
  const withPortalAt = async (url: string, work: () => Promise<void>) => {
    process.env.PORTAL_TICKETS_URL = url;
    try {
      await work();
    } finally {
      process.env.PORTAL_TICKETS_URL = ticketsUrl;
    }
  };

  before(async () => {
    stack = await startTestStack();
    ticketsUrl = stack.portal.ticketsUrl;
  });
  beforeEach(validateNewCode);
  after(() => stack.stop());

  it("reads the agreement, approves it, and reads it again as accepted", async () => {
    const before = await stack.call("ticket_get_support_agreement");
    assert.equal(before.json.metadata.result, 1);
    assert.equal(before.json.data.version, LOCAL_AGREEMENT.version);
    assert.equal(before.json.data.title, LOCAL_AGREEMENT.title);
    assert.equal(before.json.data.accepted, 0);
    assert.equal(before.json.data.accepted_date, null);
    assert.equal(before.json.data.create_date_human, "1/1/26");
    assert.equal(before.json.data.view_url, `${ticketsUrl}/agreement.html`);

    const approval = await stack.call("ticket_update_service_agreement_approval", {
      version: LOCAL_AGREEMENT.version,
    });
    assert.deepEqual(approval.json.metadata, {
      version: 1,
      reason: "OK",
      result: 1,
      command: "ticket_update_service_agreement_approval",
    });
    assert.equal(approval.json.data, undefined);

    const afterApproval = await stack.call("ticket_get_support_agreement");
    assert.equal(afterApproval.json.data.accepted, 1);
    assert.ok(afterApproval.json.data.accepted_date > LOCAL_AGREEMENT.create_date);
    assert.match(afterApproval.json.data.accepted_date_human, /^\d{1,2}\/\d{1,2}\/\d{2}$/);
  });

  it("refuses an approval without a version with WHM's text", async () => {
    const { json } = await stack.call("ticket_update_service_agreement_approval");
    assert.equal(json.metadata.result, 0);
    assert.equal(json.metadata.reason, "The version parameter is required.");
  });

  it("reports the ticket system's status and message when it refuses an approval", async () => {
    const { json } = await stack.call("ticket_update_service_agreement_approval", { version: "1999.1" });
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "The ticket system failed to update the Technical Support Agreement approval information, and returned a HTTP “400” status code: Unknown agreement version: 1999.1",
    );
  });

  it("returns the support information for the tenant's server address under data.data", async () => {
    const { json } = await stack.call("ticket_get_support_info");
    assert.equal(json.metadata.result, 1);
    assert.equal(json.data.data.ip, "203.0.113.10");
    assert.equal(json.data.data.company_name, "Local Hosting Partner");
    assert.equal(json.data.status, 200);
  });

  it("lists the open tickets newest first, each server NOT_AUTHED and bound when it is this server", async () => {
    const { json } = await stack.call("ticket_list");
    assert.equal(json.metadata.result, 1);
    assert.deepEqual(
      json.data.auths.map((ticket: { ticket_id: string }) => ticket.ticket_id),
      LOCAL_TICKETS.map((ticket) => ticket.ticket_id).reverse(),
    );
    const [, mail] = json.data.auths;
    assert.deepEqual(mail.servers[0], {
      server_name: "Local server",
      ssh_username: "root",
      ssh_ip: "203.0.113.10",
      ssh_port: 22,
      whm_ip: "203.0.113.10",
      server_num: "1",
      auth_status: "NOT_AUTHED",
      bound: 1,
    });
    assert.equal(mail.servers[1].root_escalation_method, "sudo");
    assert.equal(mail.servers[1].bound, 0);
    assert.equal(mail.ticket_status, "OPEN");
  });

  it("filters servers by SSH user and by ticket id as WHM does, keeping every ticket", async () => {
    const bySupport = await stack.call("ticket_list", { ssh_username: "support" });
    const [, mail] = bySupport.json.data.auths;
    assert.deepEqual(
      mail.servers.map((server: { server_num: string }) => server.server_num),
      ["2"],
    );
    const byTicket = await stack.call("ticket_list", { ticket_id: "0041000002" });
    assert.deepEqual(
      byTicket.json.data.auths.map((ticket: { servers: unknown[] }) => ticket.servers.length),
      [0, 0],
    );
  });

  it("refuses malformed filters with WHM's texts", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ ticket_id: "ab" }, "“ticket_id” must be between 3 - 64 non-whitespace characters: ab"],
      [{ server_num: "1 2" }, "“server_num” must be between 1 - 64 non-whitespace characters: 1 2"],
      [{ ssh_username: "no way" }, "The following User is not valid: no way"],
    ];
    for (const [params, reason] of cases) {
      const { json } = await stack.call("ticket_list", params);
      assert.equal(json.metadata.result, 0);
      assert.equal(json.metadata.reason, reason);
    }
  });

  it("refreshes an access token that has expired by its lifetime and stores the rotated pair", async () => {
    const stale = await portalTokens();
    await call(
      "dynamodb:UpdateItem",
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(sessionKey()),
        UpdateExpression: "SET portal.obtainedAt = :long_ago",
        ExpressionAttributeValues: { ":long_ago": 0 },
      }),
    );
    assert.equal((await stack.call("ticket_list")).json.metadata.result, 1);
    const fresh = await portalTokens();
    assert.ok(fresh?.accessToken && fresh.accessToken !== stale?.accessToken);
    assert.ok(fresh.obtainedAt > Date.now() - 60_000);
  });

  it("refreshes an access token the portal no longer accepts, and retries the call once", async () => {
    const stale = await portalTokens();
    await stack.portal.expireAccessToken(String(stale?.accessToken));
    assert.equal((await stack.call("ticket_get_support_info")).json.metadata.result, 1);
    assert.notEqual((await portalTokens())?.accessToken, stale?.accessToken);
  });

  it("drops the tokens and asks for a new code when the portal revoked the grant", async () => {
    await stack.portal.revokeGrant(String((await portalTokens())?.accessToken));
    const { json } = await stack.call("ticket_list");
    assert.equal(json.metadata.result, 0);
    assert.equal(json.metadata.reason, "The cp_ticket_system_token does not exist in the session data.");
    assert.equal(await portalTokens(), undefined);
    await validateNewCode();
    assert.equal((await stack.call("ticket_list")).json.metadata.result, 1);
  });

  it("answers WHM's text from every portal function when the session holds no portal token", async () => {
    await clearPortalTokens(sessionKey(), "local");
    for (const fn of [
      "ticket_get_support_agreement",
      "ticket_update_service_agreement_approval",
      "ticket_get_support_info",
      "ticket_list",
    ]) {
      const { json } = await stack.call(fn, { version: LOCAL_AGREEMENT.version });
      assert.equal(json.metadata.result, 0, fn);
      assert.equal(
        json.metadata.reason,
        "The cp_ticket_system_token does not exist in the session data.",
        fn,
      );
    }
  });

  it("words an unreachable ticket system and a 5xx answer, and changes nothing on the session", async () => {
    const tokens = await portalTokens();
    await withPortalAt(`http://127.0.0.1:${await freePort()}`, async () => {
      const { json } = await stack.call("ticket_list");
      assert.equal(json.metadata.reason, "The server was unable to contact the cPanel Customer Portal.");
    });
    const failing = await cannedServer(503, "text/html", "<h1>down</h1>");
    try {
      await withPortalAt(failing.url, async () => {
        const info = await stack.call("ticket_get_support_info");
        assert.equal(info.json.metadata.reason, "Failed to retrieve support information for 203.0.113.10");
        const agreement = await stack.call("ticket_get_support_agreement");
        assert.equal(
          agreement.json.metadata.reason,
          "WHM could not find the Technical Support Agreement URL in the response from the ticket system API.",
        );
      });
    } finally {
      failing.stop();
    }
    assert.deepEqual(await portalTokens(), tokens);
  });

  it("reports a non-JSON answer as malformed", async () => {
    const broken = await cannedServer(200, "text/plain", "not json");
    try {
      await withPortalAt(broken.url, async () => {
        const { json } = await stack.call("ticket_list");
        assert.equal(
          json.metadata.reason,
          "The server received a malformed response from the cPanel Customer Portal.",
        );
      });
    } finally {
      broken.stop();
    }
  });
});
