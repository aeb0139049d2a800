import { randomInt } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { writeAudited } from "./audit.js";
import {
  call,
  conditionHeld,
  getItem,
  getItems,
  isLive,
  keys,
  nowSeconds,
  type Page,
  type PageRequest,
  tableName,
  tenantItems,
  tenantPage,
} from "./dynamo.js";
import { sha256 } from "./hash.js";
import { endSessionsOf } from "./sessions.js";

export interface ApiToken {
  readonly tenant: string;
  readonly user: string;
  readonly name: string;
  readonly acls: readonly string[];
  readonly created: number;
  /** Epoch seconds; absent when the token does not expire. */
  readonly expiresAt?: number;
  readonly tokenHash: string;
  /** Made without naming ACLs: it holds all of its user's privileges (WHM's token without `acls`). */
  readonly fullAccess?: boolean;
  /** Addresses and networks the token may be used from; absent for anywhere. */
  readonly whitelistIps?: readonly string[];
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A new token in WHM's format: 32 characters of A–Z and 0–9. */
export function generateToken(): string {
  let token = "";
  for (let i = 0; i < 32; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** The stored attributes of a token (both its items carry the same). */
function toAttributes(record: ApiToken): Record<string, unknown> {
  return {
    type: "api-token",
    tenant: record.tenant,
    user: record.user,
    name: record.name,
    acls: record.acls,
    created: record.created,
    expires_at: record.expiresAt,
    tokenHash: record.tokenHash,
    full_access: record.fullAccess || undefined,
    whitelist_ips: record.whitelistIps?.length ? [...record.whitelistIps] : undefined,
  };
}

function fromItem(item: Record<string, unknown>): ApiToken {
  return {
    tenant: String(item.tenant),
    user: String(item.user),
    name: String(item.name),
    acls: (item.acls as string[] | undefined) ?? [],
    created: Number(item.created),
    expiresAt: item.expires_at === undefined ? undefined : Number(item.expires_at),
    tokenHash: String(item.tokenHash),
    fullAccess: item.full_access === true,
    whitelistIps: (item.whitelist_ips as string[] | undefined) ?? undefined,
  };
}

/** A lookup item's token, or undefined when there is none or it has expired. */
export function liveToken(item: Record<string, unknown> | undefined): ApiToken | undefined {
  if (!item || !isLive(item)) return undefined;
  const record = fromItem(item);
  if (record.expiresAt && record.expiresAt <= nowSeconds()) return undefined;
  return record;
}

/** The token's record, or undefined when it does not exist, was revoked or has expired. */
export async function findToken(token: string): Promise<ApiToken | undefined> {
  const Item = await getItem(keys.tokenLookup(sha256(token)));
  return liveToken(Item);
}

export class TokenNameTaken extends Error {}

/**
 * Stores a new token: the lookup item (by hash, for authentication) and the listing item (by tenant,
 * user and name) in one transaction, so neither exists without the other. Returns the plain token once.
 */
export async function createToken(input: {
  tenant: string;
  user: string;
  name: string;
  acls: readonly string[];
  expiresAt?: number;
  token?: string;
  fullAccess?: boolean;
  whitelistIps?: readonly string[];
}): Promise<{ token: string; record: ApiToken }> {
  const token = input.token ?? generateToken();
  const record: ApiToken = {
    tenant: input.tenant,
    user: input.user,
    name: input.name,
    acls: [...input.acls],
    created: nowSeconds(),
    expiresAt: input.expiresAt || undefined,
    tokenHash: sha256(token),
    fullAccess: input.fullAccess,
    whitelistIps: input.whitelistIps,
  };
  const attributes = toAttributes(record);
  const created = await conditionHeld(
    writeAudited(
      "dynamodb:PutItem",
      [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.tokenLookup(record.tokenHash), ...attributes },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.tokenListing(record.tenant, record.user, record.name), ...attributes },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
      { target: `${record.user}/${record.name}`, user: record.user, detail: "created" },
      record.tenant,
    ),
  );
  if (!created) throw new TokenNameTaken(input.name);
  return { token, record };
}

/**
 * Removes a token's lookup and listing items together, then ends every session made with it;
 * false when no such token exists.
 */
export async function revokeToken(tenant: string, user: string, name: string): Promise<boolean> {
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({
      TableName: tableName(),
      Key: keys.tokenListing(tenant, user, name),
      ConsistentRead: true,
    }),
  );
  if (!Item) return false;
  await writeAudited(
    "dynamodb:DeleteItem",
    [
      { Delete: { TableName: tableName(), Key: keys.tokenLookup(String(Item.tokenHash)) } },
      { Delete: { TableName: tableName(), Key: keys.tokenListing(tenant, user, name) } },
    ],
    { target: `${user}/${name}`, user, detail: "revoked" },
    tenant,
  );
  await endSessionsOf(tenant, String(Item.tokenHash));
  return true;
}

/** A user's tokens by name, in the order named, in batched consistent reads (100 keys a request). */
export async function getTokensByName(
  tenant: string,
  user: string,
  names: readonly string[],
): Promise<Array<ApiToken | undefined>> {
  const items = await getItems(
    names.map((name) => keys.tokenListing(tenant, user, name)),
    true,
  );
  return items.map((item) => (item ? fromItem(item) : undefined));
}

/** A user's token by name (consistent read), or undefined. */
export async function getTokenByName(
  tenant: string,
  user: string,
  name: string,
): Promise<ApiToken | undefined> {
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({
      TableName: tableName(),
      Key: keys.tokenListing(tenant, user, name),
      ConsistentRead: true,
    }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Every token of every user in a tenant (an admin listing). */
export async function listTenantTokens(tenant: string): Promise<ApiToken[]> {
  return (await tenantItems(tenant, "USER#", true)).filter((item) => item.type === "api-token").map(fromItem);
}

/** Every token of a user in a tenant, by name (the directory's purge of a user). */
export async function listTokens(tenant: string, user: string): Promise<ApiToken[]> {
  return (await tenantItems(tenant, `USER#${user}#TOKEN#`, true)).map(fromItem);
}

/** One page of a user's tokens, by name. */
export async function tokensPage(tenant: string, user: string, page: PageRequest): Promise<Page<ApiToken>> {
  const { items, next } = await tenantPage(tenant, `USER#${user}#TOKEN#`, page, true);
  return { items: items.map(fromItem), next };
}

/** What an update changed, for the audit trail: names and fields, never the token. */
function updateDetail(
  current: ApiToken,
  next: ApiToken,
  changes: { acls?: unknown; expiresAt?: unknown; whitelistIps?: unknown },
): string {
  const changed = [
    ...(next.name !== current.name ? [`renamed to ${next.name}`] : []),
    ...(changes.acls ? [`acls ${next.acls.join(",") || "(none)"}`] : []),
    ...(changes.expiresAt !== undefined ? [`expires_at ${next.expiresAt ?? "(never)"}`] : []),
    ...(changes.whitelistIps !== undefined
      ? [`whitelist_ip ${next.whitelistIps?.join(",") ?? "(any)"}`]
      : []),
  ];
  return `updated: ${changed.join("; ") || "nothing"}`;
}

/**
 * Changes a token's name, ACLs or expiry: both items are rewritten in one transaction, conditional
 * on the token still being the one read (and on a new name being free).
 */
export async function updateToken(
  current: ApiToken,
  changes: {
    name?: string;
    acls?: readonly string[];
    expiresAt?: number | null;
    /** A new allow-list; null clears it (anywhere again). */
    whitelistIps?: readonly string[] | null;
  },
): Promise<ApiToken> {
  const next: ApiToken = {
    ...current,
    name: changes.name ?? current.name,
    acls: changes.acls ? [...changes.acls] : current.acls,
    fullAccess: changes.acls ? false : current.fullAccess,
    expiresAt: changes.expiresAt === undefined ? current.expiresAt : changes.expiresAt || undefined,
    whitelistIps:
      changes.whitelistIps === undefined ? current.whitelistIps : (changes.whitelistIps ?? undefined),
  };
  const attributes = toAttributes(next);
  const renamed = next.name !== current.name;
  const listing = keys.tokenListing(next.tenant, next.user, next.name);
  const updated = await conditionHeld(
    writeAudited(
      ["dynamodb:PutItem", "dynamodb:DeleteItem"],
      [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.tokenLookup(current.tokenHash), ...attributes },
            ConditionExpression: "attribute_exists(pk) AND #name = :old",
            ExpressionAttributeNames: { "#name": "name" },
            ExpressionAttributeValues: { ":old": current.name },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...listing, ...attributes },
            ...(renamed ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
          },
        },
        ...(renamed
          ? [
              {
                Delete: {
                  TableName: tableName(),
                  Key: keys.tokenListing(current.tenant, current.user, current.name),
                },
              },
            ]
          : []),
      ],
      {
        target: `${current.user}/${current.name}`,
        user: current.user,
        detail: updateDetail(current, next, changes),
      },
      current.tenant,
    ),
  );
  if (!updated) throw new TokenNameTaken(next.name);
  // Sessions carry the privileges and lifetime they were made with: a narrowed token ends them.
  if (changes.acls || changes.expiresAt !== undefined || changes.whitelistIps !== undefined) {
    await endSessionsOf(next.tenant, next.tokenHash);
  }
  return next;
}
