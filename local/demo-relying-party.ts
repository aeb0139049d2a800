import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { newClientId, newClientSecret } from "../lambdas/fleet/clients.js";
import { sha256 } from "../lambdas/stores/hash.js";
import { getRelyingParty, putRelyingParty } from "../lambdas/stores/relying-parties.js";
import { LOCAL_TENANT_ID } from "./running-stack.js";

/** What `npm run rp-demo` needs: the demo server's registration and the provider's issuer. */
export interface DemoRelyingParty {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly issuer: string;
}

export const DEMO_RP_FILE = "rp-demo.json";

/**
 * Registers the demo relying party of `npm run rp-demo` with the local tenant's provider (once:
 * the registration is kept in the data directory, its secret in a 0600 file) and returns it.
 */
export async function ensureDemoRelyingParty(
  dataDir: string,
  issuer: string,
  port: number,
): Promise<DemoRelyingParty> {
  const file = join(dataDir, DEMO_RP_FILE);
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const kept = await readFile(file, "utf8")
    .then((text) => JSON.parse(text) as DemoRelyingParty)
    .catch(() => undefined);
  const registered = kept && (await getRelyingParty(LOCAL_TENANT_ID, kept.clientId));
  if (kept && registered?.redirectUris.includes(redirectUri)) {
    const demo = { ...kept, issuer };
    await writeFile(file, JSON.stringify(demo), { mode: 0o600 });
    return demo;
  }
  const demo = { clientId: newClientId(), clientSecret: newClientSecret(), redirectUri, issuer };
  await putRelyingParty(LOCAL_TENANT_ID, {
    clientId: demo.clientId,
    name: "demo-rp",
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [`http://127.0.0.1:${port}/`],
    secretHash: sha256(demo.clientSecret),
  });
  await writeFile(file, JSON.stringify(demo), { mode: 0o600 });
  return demo;
}
