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

/** Bytes of CloudWatch Logs per call: our one structured line plus Lambda's START/END/REPORT lines. */
const LOG_BYTES_PER_CALL = 700;

/** Capacity units per call of each DynamoDB command, for items under 1 KB (ours are). */
const UNITS: Record<string, { read: number; write: number }> = {
  GetItemCommand: { read: 1, write: 0 },
  // Authentication: the token and the source's two failure counters, each read consistently.
  BatchGetItemCommand: { read: 3, write: 0 },
  QueryCommand: { read: 1, write: 0 },
  PutItemCommand: { read: 0, write: 1 },
  UpdateItemCommand: { read: 0, write: 1 },
  DeleteItemCommand: { read: 0, write: 1 },
  // Two items, each written transactionally at twice the price.
  TransactWriteItemsCommand: { read: 0, write: 4 },
};

export interface CostLine {
  readonly api: number;
  readonly lambda: number;
  readonly dynamo: number;
  readonly secrets: number;
  readonly kms: number;
  readonly logs: number;
  readonly total: number;
}

/** US dollars per million calls of a function with this warm duration and these AWS calls per request. */
export function costPerMillion(
  durationMs: number,
  memoryMb: number,
  awsCalls: Record<string, number>,
): CostLine {
  let reads = 0;
  let writes = 0;
  let secretCalls = 0;
  for (const [key, perRequest] of Object.entries(awsCalls)) {
    const [service, command = ""] = key.split(" ");
    if (service === "DynamoDB") {
      const units = UNITS[command];
      if (!units) throw new Error(`bench/costs.ts has no capacity units for DynamoDB ${command}`);
      reads += units.read * perRequest;
      writes += units.write * perRequest;
    } else if (service === "SecretsManager") {
      secretCalls += perRequest;
    }
  }
  const billedSeconds = Math.ceil(durationMs) / 1000;
  const api = PRICES.httpApiPerMillion;
  const lambda =
    PRICES.lambdaRequestsPerMillion + (memoryMb / 1024) * billedSeconds * 1e6 * PRICES.lambdaArmPerGbSecond;
  const dynamo = reads * PRICES.dynamoReadUnitPerMillion + writes * PRICES.dynamoWriteUnitPerMillion;
  const secrets = secretCalls * PRICES.secretsManagerCallsPerMillion;
  // Each Secrets Manager call on a secret under a customer-managed key is one KMS call; DynamoDB caches its table key.
  const kms = secretCalls * PRICES.kmsRequestsPerMillion;
  const logs = ((LOG_BYTES_PER_CALL * 1e6) / 1e9) * PRICES.logsIngestPerGb;
  return { api, lambda, dynamo, secrets, kms, logs, total: api + lambda + dynamo + secrets + kms + logs };
}
