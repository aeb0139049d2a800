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
const consumed: Units = { read: 0, write: 0 };
let installed = false;

/** Asks DynamoDB for the capacity of every call the process makes, and adds it up (installed once). */
export function countConsumedCapacity(): void {
  if (installed) return;
  installed = true;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const capacity = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = ([capacity].flat() as Array<{ CapacityUnits?: number } | undefined>).reduce(
        (sum, entry) => sum + (entry?.CapacityUnits ?? 0),
        0,
      );
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
