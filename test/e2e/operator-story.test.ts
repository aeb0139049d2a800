import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) =>
    ["providers", "configurations", "username_linked_accounts", "redirect_uris"].includes(name),
});

describe("an operator sets up an identity provider from start to finish", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  for (const format of ["json", "xml"] as const) {
    it(`list → set credentials → enable → read display → link → list links → unlink → disable (${format})`, async () => {
      const step = async (fn: string, params: Record<string, string> = {}) => {
        const { text } = await stack.call(fn, params, { format });
        const envelope = format === "json" ? JSON.parse(text) : xml.parse(text).result;
        assert.equal(String(envelope.metadata.result), "1", `${fn}: ${envelope.metadata.reason}`);
        return envelope.data;
      };
      const subject = `subject-${format}`;
      const available = await step("get_available_authentication_providers");
      assert.ok(available.providers.some((p: { id: string }) => p.id === "google"));

      await step("set_provider_client_configurations", {
        service_name: "whostmgrd",
        provider_id: "google",
        configurations: JSON.stringify({ client_id: `id-${format}`, client_secret: `secret-${format}` }),
      });
      const clients = await step("get_provider_client_configurations", {
        service_name: "whostmgrd",
        provider_id: "google",
      });
      assert.equal(clients.client_configurations.client_id, `id-${format}`);

      await step("enable_authentication_provider", { service_name: "whostmgrd", provider_id: "google" });
      const display = await step("get_provider_display_configurations", { provider_id: "google" });
      assert.equal(display.configurations[2].service, "whostmgrd");
      assert.equal(display.configurations[2].label, "Log in via Google");

      await step("link_user_authn_provider", {
        username: "root",
        provider_id: "google",
        subject_unique_identifier: subject,
        preferred_username: "operator@example.com",
      });
      const links = await step("get_users_authn_linked_accounts");
      assert.ok(
        links.username_linked_accounts.some(
          (l: { subject_unique_identifier: string }) => l.subject_unique_identifier === subject,
        ),
      );

      await step("unlink_user_authn_provider", {
        username: "root",
        provider_id: "google",
        subject_unique_identifier: subject,
      });
      const after = await step("get_users_authn_linked_accounts");
      assert.ok(
        !(after?.username_linked_accounts ?? []).some(
          (l: { subject_unique_identifier: string }) => l.subject_unique_identifier === subject,
        ),
      );

      await step("disable_authentication_provider", { service_name: "whostmgrd", provider_id: "google" });
      const final = await step("get_available_authentication_providers");
      const google = final.providers.find((p: { id: string }) => p.id === "google");
      assert.equal(String(google.whostmgrd_enabled), "0");
      assert.equal(String(google.configured), "1");
    });
  }
});
