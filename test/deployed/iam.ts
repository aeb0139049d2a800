import type { RecordedCall } from "../helpers/recording-proxy.js";

export interface Statement {
  readonly Action: string | string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

/** What IAM checks for one AWS call: its actions, each with the partition keys it touches. */
export interface Need {
  readonly action: string;
  readonly leadingKeys: readonly string[];
}

const pkOf = (key: unknown): string[] => {
  const pk = (key as { pk?: { S?: string } } | undefined)?.pk?.S;
  return pk === undefined ? [] : [pk];
};

/** The IAM actions a recorded call needs (a transaction needs each item's own action, as IAM checks it). */
export function needsOf(call: RecordedCall): Need[] {
  const [service, operation = ""] = call.target.split(".");
  if (service?.startsWith("secretsmanager"))
    return [{ action: `secretsmanager:${operation}`, leadingKeys: [] }];
  if (service === "TrentService") return [{ action: `kms:${operation}`, leadingKeys: [] }];
  const body = call.body as Record<string, any>;
  switch (operation) {
    case "TransactWriteItems":
      return (body.TransactItems as Array<Record<string, any>>).map((item) => {
        const [kind, spec] = Object.entries(item)[0] as [string, Record<string, any>];
        const action = {
          Put: "PutItem",
          Update: "UpdateItem",
          Delete: "DeleteItem",
          ConditionCheck: "ConditionCheckItem",
        }[kind];
        return { action: `dynamodb:${action}`, leadingKeys: pkOf(spec.Key ?? spec.Item) };
      });
    case "TransactGetItems":
      return (body.TransactItems as Array<{ Get: { Key: unknown } }>).map((item) => ({
        action: "dynamodb:GetItem",
        leadingKeys: pkOf(item.Get.Key),
      }));
    case "BatchGetItem":
      return [
        {
          action: "dynamodb:BatchGetItem",
          leadingKeys: Object.values(body.RequestItems as Record<string, { Keys: unknown[] }>).flatMap((t) =>
            t.Keys.flatMap(pkOf),
          ),
        },
      ];
    case "BatchWriteItem":
      return [
        {
          action: "dynamodb:BatchWriteItem",
          leadingKeys: Object.values(body.RequestItems as Record<string, Array<Record<string, any>>>).flatMap(
            (requests) => requests.flatMap((r) => pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
          ),
        },
      ];
    case "Query": {
      const values = Object.values((body.ExpressionAttributeValues ?? {}) as Record<string, { S?: string }>);
      return [
        {
          action: "dynamodb:Query",
          leadingKeys: values.flatMap((v) => (v.S?.includes("#") ? [v.S] : [])).slice(0, 1),
        },
      ];
    }
    default:
      return [{ action: `dynamodb:${operation}`, leadingKeys: pkOf(body.Key ?? body.Item) }];
  }
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

/** True when one of the statements allows the action on those partition keys (LeadingKeys conditions included). */
export function allows(statements: readonly Statement[], need: Need): boolean {
  return statements.some((statement) => {
    if (![statement.Action].flat().includes(need.action)) return false;
    const patterns = statement.Condition?.["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"];
    if (!statement.Condition) return true;
    if (!patterns) return false;
    return need.leadingKeys.every((key) => patterns.some((pattern) => glob(pattern).test(key)));
  });
}
