import assert from "node:assert/strict";
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { FileSecretStore } from "../../lambdas/stores/secrets/file-store.js";
import { secretStoreContract } from "./secret-store.contract.js";

const newStore = async () =>
  new FileSecretStore(join(await mkdtemp(join(tmpdir(), "whm-secrets-")), "secrets.json"));

secretStoreContract("FileSecretStore", newStore);

it("FileSecretStore writes its file readable by its owner only (0600)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "whm-secrets-"));
  await new FileSecretStore(join(dir, "secrets.json")).put("t", { providers: {} });
  assert.equal((await stat(join(dir, "secrets.json"))).mode & 0o777, 0o600);
});
