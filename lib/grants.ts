import { ACCESS_LITERAL } from "../lambdas/stores/aws-access.js";

/** What a function's code can do with AWS, read from its bundle. */
export interface Grants {
  /** Table actions on the whole table. */
  readonly table: ReadonlySet<string>;
  /** Table actions held to partitions whose key starts with the prefix (`SESSION#` → its actions). */
  readonly partitions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly tenantSecrets: ReadonlySet<string>;
  readonly portalSecret: ReadonlySet<string>;
  /** KMS actions on the stage's ID-token signing keys. */
  readonly signingKeys: ReadonlySet<string>;
}

const TABLE_READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "ConditionCheckItem"]);

/**
 * The accesses named in a bundle (stores/aws-access.ts): esbuild leaves in it only the calls its
 * entry can reach, so these are exactly what the function may do. A partition-held action that the
 * function also has on the whole table is kept once, unconditioned.
 */
export function grantsOf(bundle: string): Grants {
  const table = new Set<string>();
  const partitions = new Map<string, Set<string>>();
  const tenantSecrets = new Set<string>();
  const portalSecret = new Set<string>();
  const signingKeys = new Set<string>();
  for (const [, access = ""] of bundle.matchAll(ACCESS_LITERAL)) {
    const [action = "", scope] = access.split(" on ");
    if (action.startsWith("dynamodb:")) {
      if (scope === undefined) table.add(action);
      else partitions.set(scope, (partitions.get(scope) ?? new Set()).add(action));
    } else if (scope === "tenant-secrets") tenantSecrets.add(action);
    else if (scope === "portal-secret") portalSecret.add(action);
    else if (scope === "signing-keys") signingKeys.add(action);
    else throw new Error(`unknown access "${access}" in a bundle`);
  }
  for (const actions of partitions.values()) for (const action of table) actions.delete(action);
  for (const [prefix, actions] of partitions) if (!actions.size) partitions.delete(prefix);
  return { table, partitions, tenantSecrets, portalSecret, signingKeys };
}

/** Every table action, on the whole table or held to partitions. */
export function tableActions(grants: Grants): string[] {
  return [...new Set([...grants.table, ...[...grants.partitions.values()].flatMap((set) => [...set])])];
}

/** Whether any of the function's table actions writes (its data key must then encrypt too). */
export function writesTable(grants: Grants): boolean {
  return tableActions(grants).some((action) => !TABLE_READS.has(action.slice("dynamodb:".length)));
}

/**
 * Whether the function changes the tenant's data: a write on the table itself, not only on the
 * partitions every function may write (its caller's session touch, the failure counters).
 */
export function changesData(grants: Grants): boolean {
  return [...grants.table].some((action) => !TABLE_READS.has(action.slice("dynamodb:".length)));
}

/** What the table's key must allow for these table actions: decrypt to read, encrypt too to write. */
export function tableKeyActions(grants: Grants): string[] {
  if (!tableActions(grants).length) return [];
  return writesTable(grants) ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"];
}

/** What the secrets' key must allow for these tenant-secret actions: a data key too to write. */
export function secretsKeyActions(grants: Grants): string[] {
  if (!grants.tenantSecrets.size) return [];
  const writes = [...grants.tenantSecrets].some((action) => action !== "secretsmanager:GetSecretValue");
  return writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"];
}
