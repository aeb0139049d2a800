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
} as const;

export interface CostLine {
  readonly api: number;
  readonly lambda: number;
  readonly dynamo: number;
  readonly secrets: number;
  readonly kms: number;
  readonly logs: number;
  readonly total: number;
}

/**
 * US dollars per million calls of a function, from what the benchmark measured per call: warm
 * duration, AWS calls, DynamoDB capacity units (as DynamoDB reports them) and log bytes at the
 * stage's default level (Lambda's own START/END/REPORT lines are WARN-suppressed at prod defaults).
 */
export function costPerMillion(
  durationMs: number,
  memoryMb: number,
  awsCalls: Record<string, number>,
  units: { read: number; write: number },
  logBytesPerCall: number,
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
  const logs = ((logBytesPerCall * 1e6) / 1e9) * PRICES.logsIngestPerGb;
  return { api, lambda, dynamo, secrets, kms, logs, total: api + lambda + dynamo + secrets + kms + logs };
}
