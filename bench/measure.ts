import { logger } from "../lambdas/runtime/logger.js";
import { db } from "../lambdas/stores/dynamo.js";

/** Read and write capacity units consumed, as DynamoDB reports them (`ReturnConsumedCapacity`). */
export interface Units {
  read: number;
  write: number;
}

/** Commands as the middleware sees them (the document client's and the low-level client's names). */
const READS = new Set([
  "GetCommand",
  "GetItemCommand",
  "BatchGetCommand",
  "BatchGetItemCommand",
  "QueryCommand",
  "ScanCommand",
]);

type Input = {
  ConsistentRead?: boolean;
  RequestItems?: Record<string, { Keys?: unknown[]; ConsistentRead?: boolean } | unknown[]>;
  TransactItems?: unknown[];
};

/**
 * The least DynamoDB bills a request, by its pricing rules: every key a (batch) get asks for is
 * billed as a read of its own, found or not (one unit consistent, half eventually); a query at
 * least one such read; every write at least one unit, a transaction's items twice. DynamoDB Local
 * reports less for keys it does not find, so the model takes the larger of the two.
 */
export function billedFloor(command: string, input: Input): number {
  const read = (consistent?: boolean) => (consistent ? 1 : 0.5);
  switch (command) {
    case "GetCommand":
    case "GetItemCommand":
    case "QueryCommand":
    case "ScanCommand":
      return read(input.ConsistentRead);
    case "BatchGetCommand":
    case "BatchGetItemCommand":
      return Object.values(input.RequestItems ?? {}).reduce<number>((sum, table) => {
        const { Keys = [], ConsistentRead } = table as { Keys?: unknown[]; ConsistentRead?: boolean };
        return sum + Keys.length * read(ConsistentRead);
      }, 0);
    case "BatchWriteCommand":
    case "BatchWriteItemCommand":
      return Object.values(input.RequestItems ?? {}).reduce<number>(
        (sum, requests) => sum + (requests as unknown[]).length,
        0,
      );
    case "TransactWriteCommand":
    case "TransactWriteItemsCommand":
      return 2 * (input.TransactItems?.length ?? 0);
    default:
      return 1;
  }
}

const consumed: Units = { read: 0, write: 0 };
let installed = false;

/**
 * Asks DynamoDB for the capacity of every call the process makes, and adds it up as billed (see
 * billedFloor; installed once).
 */
export function countConsumedCapacity(): void {
  if (installed) return;
  installed = true;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const capacity = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const reported = ([capacity].flat() as Array<{ CapacityUnits?: number } | undefined>).reduce(
        (sum, entry) => sum + (entry?.CapacityUnits ?? 0),
        0,
      );
      const units = Math.max(reported, billedFloor(context.commandName ?? "", args.input as Input));
      if (READS.has(context.commandName ?? "")) consumed.read += units;
      else consumed.write += units;
      return out;
    },
    { step: "initialize", name: "benchConsumedCapacity" },
  );
}

/** Units consumed while `work` ran. */
export async function unitsOf(work: () => Promise<unknown>): Promise<Units> {
  const before = { ...consumed };
  await work();
  return { read: consumed.read - before.read, write: consumed.write - before.write };
}

/**
 * Bytes the functions write to standard output (their logs and EMF metric lines) while `work` runs
 * with the application log level at `level`, as Lambda's JSON log format would set it.
 */
export async function logBytesOf(level: "INFO" | "DEBUG", work: () => Promise<unknown>): Promise<number> {
  let bytes = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  logger.setLogLevel(level);
  try {
    await work();
  } finally {
    logger.setLogLevel("SILENT");
    process.stdout.write = write;
  }
  return bytes;
}
