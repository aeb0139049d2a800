import type { Node } from "constructs";

/** One stage's settings, read from `cdk.json` context (`stages.<name>`), never from code. */
export interface StageConfig {
  readonly name: string;
  /** The support portal (OAuth 2.0 authorization server) that ticket_validate_oauth2_code talks to. */
  readonly portal: {
    readonly issuer: string;
    readonly tokenEndpoint: string;
    /** The ticket system's base URL (its V3 JSON API answers under `/json-api/…`). */
    readonly ticketsUrl: string;
    readonly clientId: string;
  };
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Each tenant's request rate, per Lambda container (requests per second and burst). */
  readonly tenantThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Failed authentications counted per source address (and per address and user) before a lockout. */
  readonly authFailures: { readonly windowSeconds: number; readonly perIp: number; readonly perUser: number };
  readonly logRetentionDays: number;
  /** Keep the table and keys when the stack is deleted, and turn on deletion protection. */
  readonly retainData: boolean;
  readonly lambdaMemoryMb: number;
  /** Browser sessions (create_user_session): idle and absolute limits. */
  readonly sessions: { readonly idleSeconds: number; readonly maxSeconds: number };
  readonly observability: {
    /** Lambda's JSON log levels: the functions' own lines, and the platform's (START, REPORT, ...). */
    readonly applicationLogLevel: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
    readonly systemLogLevel: "DEBUG" | "INFO" | "WARN";
    /** The HTTP API's access log (one line per request). */
    readonly accessLogs: boolean;
    /** X-Ray tracing of the functions that change data, SDK calls included. */
    readonly tracing: boolean;
    /**
     * Whether functions that only read are traced too. Lambda samples at its own fixed rate (the
     * first call each second, then 5 %), which no sampling rule changes, so this is the lever on
     * what traces cost (docs/DECISIONS.md, "Cost against the floor").
     */
    readonly traceReads: boolean;
    /** Who the stage's alarm topic e-mails (each address confirms its subscription once). */
    readonly alarmEmails: readonly string[];
    readonly alarms: { readonly authFailuresPer5Minutes: number; readonly apiLatencyP99Ms: number };
  };
  /** Where to deploy; when absent, the account and region of the deploying credentials. */
  readonly account?: string;
  readonly region?: string;
  /**
   * The tenants' OpenID Connect providers' signing keys (KMS, RSA 2048, sign only), by name: the
   * first signs ID tokens, every one is published in the JWKS (rotation: docs/OPERATIONS.md).
   */
  readonly oidcSigningKeys: readonly string[];
  /** How long audit events are kept (their TTL), in days; 400 when absent. */
  readonly auditRetentionDays?: number;
  /** The stage's own host name (`https://whm.example.com/`), with its ACM certificate in the same region. */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
  /**
   * Where tenants' WHM host names live (`signin.example.net`: each tenant a name under it, such as
   * `acme.signin.example.net`), served on 443 by one wildcard custom domain with an ACM certificate
   * for `*.NAME` in the same region. Browser sign-in needs it: a tenant is known by its host name.
   */
  readonly tenantDomain?: { readonly name: string; readonly certificateArn: string };
}

export function stageConfig(node: Node): StageConfig {
  const name = String(node.tryGetContext("stage") ?? "dev");
  const stages = (node.tryGetContext("stages") ?? {}) as Record<string, Omit<StageConfig, "name">>;
  const settings = stages[name];
  if (!settings) {
    throw new Error(
      `Unknown stage "${name}": add it under "stages" in cdk.json (known: ${Object.keys(stages).join(", ")})`,
    );
  }
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(name)) throw new Error(`Stage names are lower-case words: "${name}"`);
  if (
    !settings.oidcSigningKeys?.length ||
    settings.oidcSigningKeys.some((key) => !/^[A-Za-z0-9-]{1,32}$/.test(key))
  )
    throw new Error(`Stage "${name}" needs oidcSigningKeys: one or more key names (letters, digits, -)`);
  return { name, ...settings };
}
