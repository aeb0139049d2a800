import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The support portal as an OAuth 2.0 authorization server, and our client registration with it. */
export interface PortalConfig {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
}

let cached: Promise<PortalConfig> | undefined;

async function clientSecret(): Promise<string> {
  if (process.env.PORTAL_CLIENT_SECRET) return process.env.PORTAL_CLIENT_SECRET;
  const arn = process.env.PORTAL_CLIENT_SECRET_ARN;
  if (!arn) throw new Error("PORTAL_CLIENT_SECRET_ARN is not set");
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!SecretString) throw new Error("the portal client secret is empty");
  return SecretString;
}

/** Read once per container: the portal client secret is fetched from Secrets Manager on first use only. */
export function portalConfig(): Promise<PortalConfig> {
  cached ??= (async () => ({
    issuer: required("PORTAL_ISSUER"),
    tokenEndpoint: required("PORTAL_TOKEN_ENDPOINT"),
    clientId: required("PORTAL_CLIENT_ID"),
    clientSecret: await clientSecret(),
    timeoutMs: Number(process.env.PORTAL_TIMEOUT_MS ?? 5000),
  }))().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
