import {
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type CallContext, callContext } from "../kernel/call-context.js";
import type { TableAccess } from "./aws-access.js";
import {
  call,
  cursorOf,
  cursorSortKey,
  nowSeconds,
  type Page,
  type PageRequest,
  tableName,
} from "./dynamo.js";

/**
 * The tenant's audit trail: one item per change or sign-in decision, in the tenant's own audit
 * partition (`AUDIT#tenant`: a role that only records events can append there and nowhere else),
 * newest first (the sort key counts down to the year 2286). Written in the same transaction as
 * the change it records wherever the change is DynamoDB's; never holds a secret.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export interface AuditEvent {
  /** Who acted, where it is not the call's caller (a sign-in: the user signing in). */
  readonly actor?: string;
  /** What was acted on: a provider (`google/whostmgrd`), a user, a token (`bob/ci`), `policy`. */
  readonly target: string;
  /** The account the target belongs to (a token's or a link's user), if it is one's. */
  readonly user?: string;
  readonly outcome?: "ok" | "refused";
  /** Why a refusal was refused (cpsrvd's message code, the WHM error's kind), or what changed. */
  readonly detail?: string;
}

export interface AuditRecord {
  readonly at: string;
  readonly actor: string;
  readonly via: string;
  readonly token_name?: string;
  readonly source_ip: string;
  readonly function: string;
  readonly target: string;
  readonly user?: string;
  readonly outcome: string;
  readonly detail?: string;
  readonly request_id: string;
}

const PREFIX = "AUDIT#";
/**
 * The most events one call reads: a trail only grows, and its readers want the newest. The bench
 * measured 70 read units a call at the lists' 1,000 (docs/COSTS.md); 100 reads about a tenth.
 */
const PAGE_EVENTS = 100;
const LAST_MS = 9_999_999_999_999;
let sequence = 0;

/** The tenant's audit partition. */
const partitionOf = (tenant: string) => `AUDIT#${tenant}`;
/** Where events of this millisecond sort: counting down, so the newest come first. */
const sortKeyAt = (ms: number) => `${PREFIX}${String(LAST_MS - ms).padStart(13, "0")}`;

/** How long events are kept (AUDIT_RETENTION_DAYS, per stage; 400 days by default): their TTL. */
function retentionSeconds(): number {
  return Number(process.env.AUDIT_RETENTION_DAYS ?? 400) * 86_400;
}

function eventItem(
  context: CallContext,
  event: AuditEvent,
  tenant = context.tenant,
): Record<string, unknown> {
  const now = Date.now();
  sequence = (sequence + 1) % 1_000_000;
  const record: AuditRecord = {
    at: new Date(now).toISOString(),
    actor: event.actor ?? context.actor.user,
    via: context.actor.via,
    token_name: context.actor.tokenName,
    source_ip: context.sourceIp,
    function: context.function,
    target: event.target,
    user: event.user,
    outcome: event.outcome ?? "ok",
    detail: event.detail,
    request_id: context.requestId,
  };
  return {
    pk: partitionOf(tenant),
    sk: `${sortKeyAt(now)}#${context.requestId}#${sequence}`,
    type: "audit",
    tenant,
    ...record,
    expires: nowSeconds() + retentionSeconds(),
  };
}

/**
 * A change and its event in one transaction: both are written or neither. `access` names what the
 * change's own items need; the event needs PutItem on the audit partition. No event outside a call,
 * nor where `event` is undefined (a change that is another recorded change's consequence).
 */
export function writeAudited(
  access: TableAccess | readonly TableAccess[],
  items: readonly TransactItem[],
  event: AuditEvent | undefined,
  tenant?: string,
): Promise<unknown> {
  const context = callContext();
  const put =
    context && event ? [{ Put: { TableName: tableName(), Item: eventItem(context, event, tenant) } }] : [];
  return call(
    ["dynamodb:PutItem on AUDIT#", ...(typeof access === "string" ? [access] : access)],
    new TransactWriteCommand({ TransactItems: [...items, ...put] }),
  );
}

/**
 * An event with no change of DynamoDB's to ride with: a sign-in decision, a refusal, a lockout, a
 * change made elsewhere (a tenant secret in Secrets Manager, written first).
 */
export async function recordEvent(event: AuditEvent, tenant?: string): Promise<void> {
  const context = callContext();
  const owner = tenant ?? context?.tenant;
  if (!context || !owner) return;
  await call(
    "dynamodb:PutItem on AUDIT#",
    new PutCommand({ TableName: tableName(), Item: eventItem(context, event, owner) }),
  );
}

export interface AuditFilters {
  readonly actor?: string;
  readonly function?: string;
  readonly target?: string;
  readonly outcome?: string;
  /** Epoch seconds, inclusive. */
  readonly since?: number;
  readonly until?: number;
}

/** The key range's end at a time: "newest" sorts before every event of that second, "oldest" after. */
const skAt = (seconds: number, end: "newest" | "oldest") =>
  end === "newest" ? sortKeyAt(seconds * 1000 + 999) : `${sortKeyAt(seconds * 1000)}~`;

/**
 * One page of a tenant's events, newest first. The time range narrows the key range; the other
 * filters apply to the page read, so a call reads at most one page whatever it asks for.
 */
export async function eventsPage(
  tenant: string,
  request: PageRequest,
  filters: AuditFilters,
): Promise<Page<AuditRecord>> {
  const low = filters.until !== undefined ? skAt(filters.until, "newest") : PREFIX;
  const high = filters.since !== undefined ? skAt(filters.since, "oldest") : `${PREFIX}~`;
  // A range that ends before it starts holds nothing (DynamoDB refuses such a BETWEEN).
  if (low > high) return { items: [] };
  const after = cursorSortKey(request, PREFIX);
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":pk": partitionOf(tenant), ":low": low, ":high": high };
  for (const field of ["actor", "function", "target", "outcome"] as const) {
    const value = filters[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    conditions.push(`#${field} = :${field}`);
  }
  const page = await call(
    "dynamodb:Query",
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :low AND :high",
      ...(conditions.length
        ? { FilterExpression: conditions.join(" AND "), ExpressionAttributeNames: names }
        : {}),
      ExpressionAttributeValues: values,
      Limit: Math.min(request.limit, PAGE_EVENTS),
      ExclusiveStartKey: after === undefined ? undefined : { pk: partitionOf(tenant), sk: after },
      // A trail read a second late is still the trail: eventually consistent reads cost half.
      ConsistentRead: false,
    }),
  );
  const items = (page.Items ?? []).map(
    ({ pk: _pk, sk: _sk, type: _type, tenant: _tenant, expires: _expires, ...record }) =>
      record as AuditRecord,
  );
  return { items, next: cursorOf(page.LastEvaluatedKey?.sk) };
}
