import type { Node } from "constructs";

/** One stage's settings, read from `cdk.json` context (`stages.<name>`), never from code. */
export interface StageConfig {
  readonly name: string;
  /** The support portal (OAuth 2.0 authorization server) that ticket_validate_oauth2_code talks to. */
  readonly portal: { readonly issuer: string; readonly tokenEndpoint: string; readonly clientId: string };
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
  return { name, ...settings };
}
