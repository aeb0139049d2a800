/**
 * AWS list prices used for docs/COSTS.md (us-east-1, on-demand, no free tier), as published on
 * AWS's pricing pages when we last checked them: PRICES_CHECKED. Re-check before relying on them.
 */
export const PRICES_CHECKED = "2026-11";
export const PRICES = {
  httpApiPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoReadUnitPerMillion: 0.125,
  dynamoWriteUnitPerMillion: 0.625,
  secretsManagerCallsPerMillion: 5.0,
  kmsRequestsPerMillion: 3.0,
  logsIngestPerGb: 0.5,
  xrayTracesRecordedPerMillion: 5.0,
} as const;

/**
 * Share of requests X-Ray records under its default sampling rule (the first request each second,
 * then 5 %), at the call rates where a per-million price matters.
 */
export const XRAY_SAMPLED_SHARE = 0.05;

export interface CostLine {
  readonly api: number;
  readonly lambda: number;
  readonly dynamo: number;
  readonly secrets: number;
  readonly kms: number;
  readonly logs: number;
  readonly xray: number;
  readonly total: number;
}

/** What a stage adds to every call: its access log line and X-Ray tracing. */
export interface StageExtras {
  readonly accessLogBytes: number;
  readonly tracing: boolean;
}

/**
 * US dollars per million calls of a function, from what the benchmark measured per call: warm
 * duration at its memory size, AWS calls, DynamoDB capacity units as billed (bench/measure.ts), log
 * bytes at the stage's default level (Lambda's own START/END/REPORT lines are WARN-suppressed at
 * prod defaults) plus the stage's access log line, and X-Ray's recorded traces where it traces.
 */
export function costPerMillion(
  durationMs: number,
  memoryMb: number,
  awsCalls: Record<string, number>,
  units: { read: number; write: number },
  logBytesPerCall: number,
  stage: StageExtras,
): CostLine {
  const reads = units.read;
  const writes = units.write;
  let secretCalls = 0;
  for (const [key, perRequest] of Object.entries(awsCalls)) {
    if (key.startsWith("SecretsManager ")) secretCalls += perRequest;
  }
  const billedSeconds = Math.ceil(durationMs) / 1000;
  const api = PRICES.httpApiPerMillion;
  const lambda =
    PRICES.lambdaRequestsPerMillion + (memoryMb / 1024) * billedSeconds * 1e6 * PRICES.lambdaArmPerGbSecond;
  const dynamo = reads * PRICES.dynamoReadUnitPerMillion + writes * PRICES.dynamoWriteUnitPerMillion;
  const secrets = secretCalls * PRICES.secretsManagerCallsPerMillion;
  // Each Secrets Manager call on a secret under a customer-managed key is one KMS call; DynamoDB caches its table key.
  const kms = secretCalls * PRICES.kmsRequestsPerMillion;
  const logs = (((logBytesPerCall + stage.accessLogBytes) * 1e6) / 1e9) * PRICES.logsIngestPerGb;
  const xray = stage.tracing ? XRAY_SAMPLED_SHARE * PRICES.xrayTracesRecordedPerMillion : 0;
  return {
    api,
    lambda,
    dynamo,
    secrets,
    kms,
    logs,
    xray,
    total: api + lambda + dynamo + secrets + kms + logs + xray,
  };
}
