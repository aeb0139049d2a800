import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand as QueryItemsCommand,
} from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { CommandIO, MetadataBearer } from "@smithy/types";
import { countAwsCalls } from "../kernel/aws-calls.js";
import type { ItemKey } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { traced } from "../kernel/tracer.js";
import type { TableAccess } from "./aws-access.js";
import { awsClientConfig } from "./aws-client-config.js";
import { keyString, readAhead } from "./read-ahead.js";

let client: DynamoDBDocumentClient | undefined;

/** One document client per container, created on first use (DYNAMODB_ENDPOINT points at DynamoDB Local). */
export function db(): DynamoDBDocumentClient {
  client ??= countAwsCalls(
    DynamoDBDocumentClient.from(traced(new DynamoDBClient(awsClientConfig(process.env.DYNAMODB_ENDPOINT))), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    "DynamoDB",
  );
  return client;
}

/**
 * Awaits a conditional write (or transaction): false when its condition did not hold, so callers
 * branch on the outcome instead of on the SDK's exception names.
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name === "ConditionalCheckFailedException" || name === "TransactionCanceledException") return false;
    throw error;
  }
}

/**
 * Sends one command to the table, naming the IAM actions it needs (a transaction names each of its
 * items' actions): the function's role is derived from these names (see aws-access.ts).
 */
export function call<I extends object, O extends MetadataBearer>(
  _access: TableAccess | readonly TableAccess[],
  command: CommandIO<I, O>,
): Promise<O> {
  return db().send(command as never) as Promise<O>;
}

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}

/** Epoch seconds, the unit of the table's TTL attribute `expires`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** TTL deletion can lag by days, so every read treats a passed `expires` as gone. */
export function isLive(item: { expires?: number } | undefined): boolean {
  return item !== undefined && (item.expires === undefined || item.expires > nowSeconds());
}

export const keys = {
  tenant: (tenant: string) => ({ pk: `TENANT#${tenant}`, sk: "TENANT" }),
  tokenLookup: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" }),
  tokenListing: (tenant: string, user: string, name: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `USER#${user}#TOKEN#${name}`,
  }),
  session: (sessionHash: string) => ({ pk: `SESSION#${sessionHash}`, sk: "SESSION" }),
  /** A one-time login of create_user_session, by the hash of the secret in its URL. */
  login: (loginHash: string) => ({ pk: `LOGIN#${loginHash}`, sk: "LOGIN" }),
  /**
   * A live session, listed under its tenant by the credential (API token hash) it derives from, so
   * that revoking the credential finds and ends every session made with it.
   */
  sessionIndex: (tenant: string, credential: string, sessionHash: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `SESSION#${credential}#${sessionHash}`,
  }),
  authFailures: (hash: string) => ({ pk: `AUTHFAIL#${hash}`, sk: "AUTHFAIL" }),
  /** Bumped by every write of the tenant's secrets: containers trust a cached secret only at this version. */
  secretsVersion: (tenant: string) => ({ pk: `TENANT#${tenant}`, sk: "SECRETS-VERSION" }),
  account: (tenant: string, user: string) => ({ pk: `TENANT#${tenant}`, sk: `ACCOUNT#${user}` }),
  /** Which account has this main domain (accountsummary's lookup by domain). */
  accountDomain: (tenant: string, domain: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `DOMAIN#${domain.toLowerCase()}`,
  }),
  oauthCode: (codeHash: string) => ({ pk: `OAUTH#${codeHash}`, sk: "OAUTH" }),
  /** Which tenant a host name belongs to (sign-in knows the tenant only by the host it is asked on). */
  tenantHost: (hostname: string) => ({ pk: `HOST#${hostname.toLowerCase()}`, sk: "HOST" }),
  /** A sign-in in progress (by the hash of its `state`), or one waiting for its security code. */
  signIn: (secretHash: string) => ({ pk: `SIGNIN#${secretHash}`, sk: "SIGNIN" }),
  /** The tenant's two-factor security policy (on or off). */
  twoFactorPolicy: (tenant: string) => ({ pk: `TENANT#${tenant}`, sk: "TFA-POLICY" }),
  /** A user's two-factor issuer; root's is the tenant's system-wide issuer. */
  twoFactorIssuer: (tenant: string, user: string) => ({ pk: `TENANT#${tenant}`, sk: `TFA-ISSUER#${user}` }),
  /** A user's two-factor configuration: the TOTP secret and the last time step a code was used in. */
  twoFactorUser: (tenant: string, user: string) => ({ pk: `TENANT#${tenant}`, sk: `TFA-USER#${user}` }),
  provider: (tenant: string, provider: string) => ({ pk: `TENANT#${tenant}`, sk: `PROVIDER#${provider}` }),
  /** The one server a token pushes the directory for (bound on its first push). */
  syncBinding: (tenant: string, tokenHash: string) => ({ pk: `TENANT#${tenant}`, sk: `SYNC#${tokenHash}` }),
  /** One item per linked identity: the key itself makes an identity link to one user only. */
  link: (tenant: string, provider: string, subject: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `LINK#${provider}#${subject}`,
  }),
  /** A server of the tenant registered as a relying party of its OpenID Connect provider. */
  relyingParty: (tenant: string, clientId: string) => ({ pk: `TENANT#${tenant}`, sk: `RP#${clientId}` }),
  /** A passkey (WebAuthn credential) of a user of the tenant, by its credential id: one user each. */
  passkey: (tenant: string, credentialId: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `PASSKEY#${credentialId}`,
  }),
  /** An authorization code the tenant's provider issued, by its hash. */
  fleetCode: (codeHash: string) => ({ pk: `FLEETCODE#${codeHash}`, sk: "FLEETCODE" }),
  /** An access token the tenant's provider issued for its userinfo endpoint, by its hash. */
  fleetToken: (tokenHash: string) => ({ pk: `FLEETTOKEN#${tokenHash}`, sk: "FLEETTOKEN" }),
} as const;

/**
 * The hot reads (by key, and a page of a list) go out as DynamoDB's own commands: the document
 * client's commands build a middleware stack per call, a measurable share of a warm call
 * (docs/BENCHMARKS.md). Keys are two strings.
 */
const keyAttributes = (key: ItemKey) => ({ pk: { S: key.pk }, sk: { S: key.sk } });

/**
 * One item by key, read consistently unless asked otherwise; an item the call's authentication
 * already read with the caller's token (stores/read-ahead.ts) is not read again.
 */
export async function getItem(key: ItemKey, consistent = true): Promise<Record<string, unknown> | undefined> {
  const known = readAhead(key);
  if (known) return known.item;
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetItemCommand({ TableName: tableName(), Key: keyAttributes(key), ConsistentRead: consistent }),
  );
  return Item && unmarshall(Item);
}

/**
 * Several items by key in one BatchGetItem per 100 keys, in the order asked; a key with no
 * item gives undefined. Keys DynamoDB leaves unprocessed are asked again; a key asked twice or
 * already read ahead for the call is not sent.
 */
export async function getItems(
  wanted: readonly ItemKey[],
  consistent = false,
): Promise<Array<Record<string, unknown> | undefined>> {
  const found = new Map<string, Record<string, unknown> | undefined>();
  const unread: ItemKey[] = [];
  for (const key of wanted) {
    const k = keyString(key);
    if (found.has(k)) continue;
    const known = readAhead(key);
    found.set(k, known?.item);
    if (!known) unread.push(key);
  }
  // BatchGetItem takes at most 100 keys.
  for (let i = 0; i < unread.length; i += 100) {
    let pending = unread.slice(i, i + 100).map(keyAttributes);
    while (pending.length) {
      const table = tableName();
      const { Responses, UnprocessedKeys } = await call(
        "dynamodb:BatchGetItem",
        new BatchGetItemCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } },
        }),
      );
      for (const attributes of Responses?.[table] ?? []) {
        const item = unmarshall(attributes);
        found.set(keyString(item as unknown as ItemKey), item);
      }
      pending = (UnprocessedKeys?.[table]?.Keys ?? []) as typeof pending;
    }
  }
  return wanted.map((key) => found.get(keyString(key)));
}

/** One item of a BatchWriteItem: a put or a delete. */
export type WriteRequest = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];

/** Writes in batches of 25 (BatchWriteItem's limit), asking again for what DynamoDB left unprocessed. */
export async function writeAll(requests: readonly WriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: BatchWriteCommandInput["RequestItems"] = { [tableName()]: requests.slice(i, i + 25) };
    while (pending && Object.keys(pending).length) {
      ({ UnprocessedItems: pending } = await call(
        "dynamodb:BatchWriteItem",
        new BatchWriteCommand({ RequestItems: pending }),
      ));
    }
  }
}

/** Every item of every page `read` gives, following LastEvaluatedKey. */
async function everyPage(
  read: (start?: Record<string, unknown>) => Promise<{
    Items?: Record<string, unknown>[];
    LastEvaluatedKey?: Record<string, unknown>;
  }>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item a Query matches. */
export function allItems(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
  return everyPage((ExclusiveStartKey) =>
    call("dynamodb:Query", new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey })),
  );
}

/** Every item of the table a Scan matches (admin work across tenants only). */
export function scanAll(input: Omit<ScanCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
  return everyPage((ExclusiveStartKey) =>
    call("dynamodb:Scan", new ScanCommand({ ...input, TableName: tableName(), ExclusiveStartKey })),
  );
}

/**
 * Where a list read starts and how much it reads: one Query page of at most `limit` items (DynamoDB
 * also ends a page at 1 MB), after the item the opaque cursor `after` names.
 */
export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
}

/** One page of a list and, when the list goes on, the cursor of the next. */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/** The most items one list call reads (LIST_PAGE_ITEMS, default 1,000): a call's cost is one page's. */
export function listPageItems(): number {
  return Number(process.env.LIST_PAGE_ITEMS ?? 1000);
}

/**
 * One page of a tenant's items whose sort key starts with `prefix`. The cursor is the last sort
 * key read; the partition always comes from the caller's tenant, so a cursor can only point into
 * the caller's own list, and one that does not belong to this list is refused.
 */
export async function tenantPage(
  tenant: string,
  prefix: string,
  request: PageRequest,
  consistent = false,
  /** Only these attributes of each item (with its key, which the cursor needs). */
  attributes?: readonly string[],
): Promise<Page<Record<string, unknown>>> {
  const after = cursorSortKey(request, prefix);
  const ExclusiveStartKey =
    after === undefined ? undefined : keyAttributes({ pk: `TENANT#${tenant}`, sk: after });
  const page = await call(
    "dynamodb:Query",
    new QueryItemsCommand({
      TableName: tableName(),
      KeyConditionExpression: TENANT_PREFIX,
      ExpressionAttributeValues: { ":pk": { S: `TENANT#${tenant}` }, ":prefix": { S: prefix } },
      ConsistentRead: consistent,
      ...(attributes && {
        ProjectionExpression: ["pk", "sk", ...attributes].map((_, i) => `#a${i}`).join(", "),
        ExpressionAttributeNames: Object.fromEntries(
          ["pk", "sk", ...attributes].map((name, i) => [`#a${i}`, name]),
        ),
      }),
      // One item more than asked tells whether the list goes on (DynamoDB returns a LastEvaluatedKey
      // whenever the limit is reached, even at the list's very end).
      Limit: request.limit + 1,
      ExclusiveStartKey,
    }),
  );
  const items = (page.Items ?? []).map((item) => unmarshall(item));
  const more = items.length > request.limit;
  if (more) items.length = request.limit;
  const last = more ? items.at(-1)?.sk : page.LastEvaluatedKey?.sk?.S;
  return { items, next: cursorOf(last) };
}

/**
 * The sort key a page's cursor names, when the request continues a list: a cursor is the last
 * sort key read, and one that is not of this list (`prefix`) or not in its own encoding is refused.
 */
export function cursorSortKey(request: PageRequest, prefix: string): string | undefined {
  if (request.after === undefined) return undefined;
  const sk = Buffer.from(request.after, "base64url").toString("utf8");
  if (!sk.startsWith(prefix) || Buffer.from(sk).toString("base64url") !== request.after)
    throw errors.invalidCursor();
  return sk;
}

/** The cursor of the next page after the item with this sort key; none when the list ended. */
export function cursorOf(lastSortKey: unknown): string | undefined {
  return lastSortKey === undefined ? undefined : Buffer.from(String(lastSortKey)).toString("base64url");
}

/** Items of a tenant's partition whose sort key starts with `prefix`. */
export function tenantItems(
  tenant: string,
  prefix: string,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  return allItems(tenantPrefixQuery(tenant, prefix, consistent));
}

/** The key condition of a tenant's items whose sort key starts with `:prefix`. */
const TENANT_PREFIX = "pk = :pk AND begins_with(sk, :prefix)";

/** The Query of a tenant's items whose sort key starts with `prefix`. */
function tenantPrefixQuery(tenant: string, prefix: string, consistent: boolean) {
  return {
    KeyConditionExpression: TENANT_PREFIX,
    ExpressionAttributeValues: { ":pk": `TENANT#${tenant}`, ":prefix": prefix },
    ConsistentRead: consistent,
  };
}
