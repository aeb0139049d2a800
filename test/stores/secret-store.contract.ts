import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SecretStore } from "../../lambdas/stores/secrets/index.js";

/** The behaviour every SecretStore adapter must have; each adapter's test file runs it. */
export function secretStoreContract(name: string, makeStore: () => Promise<SecretStore>): void {
  describe(`${name} (SecretStore contract)`, () => {
    it("answers undefined for a tenant that never stored anything", async () => {
      assert.equal(await (await makeStore()).get("nobody"), undefined);
    });

    it("returns what was put, for that tenant only", async () => {
      const store = await makeStore();
      await store.put("t1", { providers: { google: { client_id: "a", client_secret: "b" } } });
      assert.deepEqual(await store.get("t1"), {
        providers: { google: { client_id: "a", client_secret: "b" } },
      });
      assert.equal(await store.get("t2"), undefined);
    });

    it("replaces the whole value on a second put", async () => {
      const store = await makeStore();
      await store.put("t1", { providers: { google: { client_id: "a", client_secret: "b" } } });
      await store.put("t1", { providers: { cpanelid: { client_id: "c", client_secret: "d" } } });
      assert.deepEqual(await store.get("t1"), {
        providers: { cpanelid: { client_id: "c", client_secret: "d" } },
      });
    });

    it("hands out copies: changing a returned value changes nothing stored", async () => {
      const store = await makeStore();
      await store.put("t1", { providers: {} });
      const value = await store.get("t1");
      assert.ok(value);
      value.providers.x = { client_id: "mutated" };
      assert.deepEqual(await store.get("t1"), { providers: {} });
    });

    it("deletes a tenant's secrets, and deleting twice is fine", async () => {
      const store = await makeStore();
      await store.put("t1", { providers: {} });
      await store.delete("t1");
      await store.delete("t1");
      assert.equal(await store.get("t1"), undefined);
    });
  });
}
