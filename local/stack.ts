import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { join } from "node:path";
import { syncDirectory } from "../lambdas/accounts/sync.js";
import { sha256 } from "../lambdas/stores/hash.js";
import { setEnabled } from "../lambdas/stores/provider-settings.js";
import { secretWriter } from "../lambdas/stores/secrets/index.js";
import {
  createTenantWithRootToken,
  getTenant,
  indexTenantHost,
  setTenantIp,
} from "../lambdas/stores/tenants.js";
import { createToken, findToken } from "../lambdas/stores/tokens.js";
import { DEMO_DIRECTORY } from "./demo-directory.js";
import { type DemoRelyingParty, ensureDemoRelyingParty } from "./demo-relying-party.js";
import { type DynamoDbLocal, ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal } from "./dynamodb-local.js";
import { freePort } from "./free-port.js";
import { startGateway } from "./gateway.js";
import { type LocalPortal, PORTAL_ACCOUNT, type SignInClient, startLocalPortal } from "./portal.js";
import { LOCAL_TENANT_ID, writeRootTokenFile } from "./running-stack.js";

/** The local tenant; its server address is from TEST-NET-3 (RFC 5737), which the stand-in portal knows. */
export const LOCAL_TENANT = { id: LOCAL_TENANT_ID, hostname: "localhost", ip: "203.0.113.10" } as const;
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
  /**
   * Sign-in as `npm start` offers it: every service on this one origin (`http://localhost:PORT`,
   * SERVICE_BASE_URL) and the local tenant's WHMCS provider configured with the stand-in portal as
   * its identity provider and enabled for WHM (unless the tenant configured WHMCS already).
   */
  readonly signIn?: boolean;
  /** Loads the demo directory (local/demo-directory.ts) into a tenant made by this start. */
  readonly demoDirectory?: boolean;
  /** Registers `npm run rp-demo` with the local tenant's OpenID Connect provider, on this port. */
  readonly demoRelyingPartyPort?: number;
}

/** How to try WHM sign-in on the local stack (when started with `signIn`). */
export interface LocalSignIn {
  readonly provider: string;
  readonly startUrl: string;
  /** The subject identifier of the stand-in provider's test user (link it with link_user_authn_provider). */
  readonly testSubject: string;
  /** Our client registration at the stand-in provider (what the local tenant's WHMCS provider holds). */
  readonly client: SignInClient;
  /** The demo relying party `npm run rp-demo` plays, when registered. */
  readonly demoRelyingParty?: DemoRelyingParty;
}

export interface LocalStack {
  readonly url: string;
  readonly rootToken: string;
  readonly portal: LocalPortal;
  readonly dynamo: DynamoDbLocal;
  readonly signIn?: LocalSignIn;
  stop(): Promise<void>;
}

/** The provider whose discovery URL is a setting (WHMCS), so the stand-in can play it. */
const STAND_IN_PROVIDER = "whmcs";
const SIGN_IN_CLIENT_ID = "whm-serverless-local-sign-in";

/** A random secret kept in a 0600 file of the data directory, made on first use. */
async function keptSecret(file: string): Promise<string> {
  const kept = await readFile(file, "utf8").catch(async () => {
    const secret = randomBytes(24).toString("hex");
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  });
  return kept.trim();
}

/** Points the local tenant's WHMCS provider at the stand-in and enables it for WHM, unless it is configured. */
async function configureStandInProvider(client: SignInClient, issuer: string): Promise<void> {
  const store = secretWriter();
  const secrets = (await store.get(LOCAL_TENANT.id)) ?? { providers: {} };
  const wellKnown = `${issuer}/.well-known/openid-configuration`;
  const current = secrets.providers[STAND_IN_PROVIDER];
  // A WHMCS provider the tenant configured itself is left alone; the stand-in's own configuration
  // follows the stand-in, whose port is new on every start.
  if (current && (current.client_id !== client.clientId || current.well_known_config_uri === wellKnown))
    return;
  await store.put(LOCAL_TENANT.id, {
    ...secrets,
    providers: {
      ...secrets.providers,
      [STAND_IN_PROVIDER]: {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        well_known_config_uri: wellKnown,
      },
    },
  });
  if (!current) await setEnabled(LOCAL_TENANT.id, STAND_IN_PROVIDER, "whostmgrd", true);
}

/** Makes sure the local tenant exists and the root token works; that token, and whether the tenant is new. */
async function bootstrapTenant(
  dataDir: string,
  wanted?: string,
): Promise<{ rootToken: string; created: boolean }> {
  const tokenFile = join(dataDir, "root-token");
  const existing = await getTenant(LOCAL_TENANT.id);
  // Data kept from before tenants had an address and a host-name index entry gets them.
  if (existing && !existing.ip) await setTenantIp(LOCAL_TENANT.id, LOCAL_TENANT.ip);
  if (existing) await indexTenantHost(LOCAL_TENANT);
  if (!existing) {
    const token = await createTenantWithRootToken(LOCAL_TENANT, wanted);
    await writeRootTokenFile(dataDir, token);
    return { rootToken: token, created: true };
  }
  if (wanted) {
    if (!(await findToken(wanted))) {
      const name = `root-env-${sha256(wanted).slice(0, 8)}`;
      await createToken({ tenant: LOCAL_TENANT.id, user: "root", name, acls: ["all"], token: wanted });
    }
    return { rootToken: wanted, created: false };
  }
  return { rootToken: (await readFile(tokenFile, "utf8")).trim(), created: false };
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
    const clientSecret = await keptSecret(join(options.dataDir, "portal-client-secret"));
    const signInClient = options.signIn
      ? {
          clientId: SIGN_IN_CLIENT_ID,
          clientSecret: await keptSecret(join(options.dataDir, "sign-in-client-secret")),
        }
      : undefined;
    const portal = await startLocalPortal(
      { clientId: "whm-serverless-local", clientSecret, redirectUris: [LOCAL_PORTAL_REDIRECT_URI] },
      { signIn: signInClient },
    );
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
      // The tenants' OpenID Connect providers sign with a key kept here (KMS in a deployment).
      OIDC_SIGNING_KEY_FILE: join(options.dataDir, "oidc-signing-key.pem"),
    });
    const port = options.port ?? (await freePort());
    process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
    // Every tenant's host (`localhost`, `NAME.localhost`) on this one port.
    if (signInClient) process.env.SERVICE_BASE_URL = `http://{host}:${port}`;
    const { rootToken, created } = await bootstrapTenant(options.dataDir, options.rootToken);
    if (created && options.demoDirectory) await syncDirectory(LOCAL_TENANT.id, DEMO_DIRECTORY);
    if (signInClient) await configureStandInProvider(signInClient, portal.issuer);
    const demoRelyingParty =
      signInClient && options.demoRelyingPartyPort
        ? await ensureDemoRelyingParty(
            options.dataDir,
            `http://localhost:${port}`,
            options.demoRelyingPartyPort,
          )
        : undefined;
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
      ...(signInClient
        ? {
            signIn: {
              provider: STAND_IN_PROVIDER,
              startUrl: `http://localhost:${port}/openid_connect/${STAND_IN_PROVIDER}`,
              testSubject: PORTAL_ACCOUNT,
              client: signInClient,
              ...(demoRelyingParty ? { demoRelyingParty } : {}),
            },
          }
        : {}),
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
}
