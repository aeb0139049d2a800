import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { countAwsCalls } from "../kernel/aws-calls.js";
import { traced } from "../kernel/tracer.js";
import { awsClientConfig } from "../stores/aws-client-config.js";
import { call } from "../stores/secrets/secrets-manager-store.js";

/** The support portal as an OAuth 2.0 authorization server, and our client registration with it. */
export interface PortalConfig {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** The ticket system's base URL; its V3 JSON API answers under `/json-api/…` (Cpanel/OAuth2.pm). */
  readonly ticketsUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
}

let secret: Promise<string> | undefined;

/** Fetched from Secrets Manager once per container (PORTAL_CLIENT_SECRET overrides it locally). */
function clientSecret(): Promise<string> {
  if (process.env.PORTAL_CLIENT_SECRET) return Promise.resolve(process.env.PORTAL_CLIENT_SECRET);
  secret ??= (async () => {
    const client = countAwsCalls(
      traced(new SecretsManagerClient(awsClientConfig(undefined))),
      "SecretsManager",
    );
    const { SecretString } = await call(
      client,
      "secretsmanager:GetSecretValue on portal-secret",
      new GetSecretValueCommand({ SecretId: required("PORTAL_CLIENT_SECRET_ARN") }),
    );
    if (!SecretString) throw new Error("the portal client secret is empty");
    return SecretString;
  })().catch((error) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

export async function portalConfig(): Promise<PortalConfig> {
  return {
    issuer: required("PORTAL_ISSUER"),
    tokenEndpoint: required("PORTAL_TOKEN_ENDPOINT"),
    ticketsUrl: required("PORTAL_TICKETS_URL"),
    clientId: required("PORTAL_CLIENT_ID"),
    clientSecret: await clientSecret(),
    timeoutMs: Number(process.env.PORTAL_TIMEOUT_MS ?? 5000),
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
