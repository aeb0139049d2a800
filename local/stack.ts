import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { join } from "node:path";
import { sha256 } from "../lambdas/stores/hash.js";
import { createTenantWithRootToken, getTenant, setTenantIp } from "../lambdas/stores/tenants.js";
import { createToken, findToken } from "../lambdas/stores/tokens.js";
import { type DynamoDbLocal, ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal } from "./dynamodb-local.js";
import { freePort } from "./free-port.js";
import { startGateway } from "./gateway.js";
import { type LocalPortal, startLocalPortal } from "./portal.js";

/** The local tenant; its server address is from TEST-NET-3 (RFC 5737), which the stand-in portal knows. */
export const LOCAL_TENANT = { id: "local", hostname: "localhost", ip: "203.0.113.10" } as const;
export const LOCAL_TABLE = "whm-serverless-local";
/** The redirect URI registered for our client at the stand-in portal. */
export const LOCAL_PORTAL_REDIRECT_URI = "https://localhost:2087/support/oauth2/callback";

export interface LocalStackOptions {
  /** Keep DynamoDB data, secrets and the root token here; in memory (and a temp secrets file) if absent. */
  readonly dataDir: string;
  readonly persistent: boolean;
  readonly port?: number;
  /** Fixes the root API token (WHM_ROOT_TOKEN). */
  readonly rootToken?: string;
}

export interface LocalStack {
  readonly url: string;
  readonly rootToken: string;
  readonly portal: LocalPortal;
  readonly dynamo: DynamoDbLocal;
  stop(): Promise<void>;
}

/** Makes sure the local tenant exists and the root token works; returns that token. */
async function bootstrapTenant(dataDir: string, wanted?: string): Promise<string> {
  const tokenFile = join(dataDir, "root-token");
  const existing = await getTenant(LOCAL_TENANT.id);
  // Data kept from before tenants had an address gets the local one.
  if (existing && !existing.ip) await setTenantIp(LOCAL_TENANT.id, LOCAL_TENANT.ip);
  if (!existing) {
    const token = await createTenantWithRootToken(LOCAL_TENANT, wanted);
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    return token;
  }
  if (wanted) {
    if (!(await findToken(wanted))) {
      const name = `root-env-${sha256(wanted).slice(0, 8)}`;
      await createToken({ tenant: LOCAL_TENANT.id, user: "root", name, acls: ["all"], token: wanted });
    }
    return wanted;
  }
  return (await readFile(tokenFile, "utf8")).trim();
}

/**
 * The embedded default: DynamoDB Local, the stand-in portal and the local gateway on 127.0.0.1,
 * with the handlers configured through the same environment variables the Lambdas get.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  await mkdir(join(options.dataDir, "dynamodb"), { recursive: true, mode: 0o700 });
  const dynamo = await startDynamoDbLocal(
    options.persistent ? { dataDir: join(options.dataDir, "dynamodb") } : {},
  );
  const stops: Array<() => Promise<unknown>> = [() => dynamo.stop()];
  try {
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const portalSecretFile = join(options.dataDir, "portal-client-secret");
    const clientSecret = await readFile(portalSecretFile, "utf8").catch(async () => {
      const secret = randomBytes(24).toString("hex");
      await writeFile(portalSecretFile, secret, { mode: 0o600 });
      return secret;
    });
    const portal = await startLocalPortal({
      clientId: "whm-serverless-local",
      clientSecret: clientSecret.trim(),
      redirectUris: [LOCAL_PORTAL_REDIRECT_URI],
    });
    stops.push(() => portal.stop());
    Object.assign(process.env, {
      ...LOCAL_AWS_ENV,
      STAGE: "local",
      TABLE_NAME: LOCAL_TABLE,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SECRETS_FILE: join(options.dataDir, "secrets.json"),
      PORTAL_ISSUER: portal.issuer,
      PORTAL_TOKEN_ENDPOINT: portal.tokenEndpoint,
      PORTAL_TICKETS_URL: portal.ticketsUrl,
      PORTAL_CLIENT_ID: portal.client.clientId,
      PORTAL_CLIENT_SECRET: portal.client.clientSecret,
      PORTAL_TIMEOUT_MS: process.env.PORTAL_TIMEOUT_MS ?? "5000",
    });
    const port = options.port ?? (await freePort());
    process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
    const rootToken = await bootstrapTenant(options.dataDir, options.rootToken);
    const gateway: Server = await startGateway(port);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          gateway.closeAllConnections();
          gateway.close(() => resolve());
        }),
    );
    return {
      url: `http://127.0.0.1:${port}`,
      rootToken,
      portal,
      dynamo,
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
}
