import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Tenant } from "../kernel/domain.js";
import { TtlCache } from "../kernel/ttl-cache.js";
import { call, keys, scanAll, tableName, writeAll } from "./dynamo.js";
import type { SecretStore } from "./secrets/index.js";
import { endSession, listSessions, type SessionSummary } from "./sessions.js";
import { type ApiToken, createToken, listTenantTokens, revokeToken } from "./tokens.js";

/**
 * Tenant records change rarely (hostname), so a warm container keeps each for at most
 * TENANT_CACHE_SECONDS (300 s): authentication then costs no read on the warm path.
 */
const tenantCache = new TtlCache<string, Tenant>(
  () => Number(process.env.TENANT_CACHE_SECONDS ?? 300) * 1000,
);

export async function getTenant(id: string): Promise<Tenant | undefined> {
  const hit = tenantCache.get(id);
  if (hit) return hit.value;
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({ TableName: tableName(), Key: keys.tenant(id) }),
  );
  const tenant = Item
    ? { id, hostname: String(Item.hostname), ...(Item.ip ? { ip: String(Item.ip) } : {}) }
    : undefined;
  // Only tenants that exist are kept: a tenant created a moment later must be found at once.
  if (tenant) tenantCache.set(id, tenant);
  return tenant;
}

/**
 * Creates the tenant record and its host-name index entry in one transaction; refuses to
 * overwrite an existing tenant or to take a host name another tenant has.
 */
export async function createTenant(tenant: Tenant): Promise<void> {
  await call(
    ["dynamodb:PutItem"],
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.tenant(tenant.id),
              type: "tenant",
              hostname: tenant.hostname,
              ...(tenant.ip ? { ip: tenant.ip } : {}),
              created: Date.now(),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        { Put: hostIndexPut(tenant) },
      ],
    }),
  );
}

function hostIndexPut(tenant: Tenant) {
  return {
    TableName: tableName(),
    Item: { ...keys.tenantHost(tenant.hostname), type: "tenant-host", tenant: tenant.id },
    ConditionExpression: "attribute_not_exists(pk) OR #tenant = :tenant",
    ExpressionAttributeNames: { "#tenant": "tenant" },
    ExpressionAttributeValues: { ":tenant": tenant.id },
  };
}

/** Writes the host-name index entry of a tenant made before tenants had one (idempotent). */
export async function indexTenantHost(tenant: Tenant): Promise<void> {
  await call("dynamodb:PutItem", new PutCommand(hostIndexPut(tenant)));
}

/** The tenant whose host name this is, if any (one read by key, then the cached tenant record). */
export async function findTenantByHost(hostname: string): Promise<Tenant | undefined> {
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({ TableName: tableName(), Key: keys.tenantHost(hostname) }),
  );
  return Item ? getTenant(String(Item.tenant)) : undefined;
}

/** Sets the server IP address the support portal knows the tenant by. */
export async function setTenantIp(id: string, ip: string): Promise<void> {
  await call(
    "dynamodb:UpdateItem",
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.tenant(id),
      UpdateExpression: "SET ip = :ip",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":ip": ip },
    }),
  );
  tenantCache.delete(id);
}

/** A new tenant with its root API token (user `root`, ACL `all`); returns the token, shown once. */
export async function createTenantWithRootToken(tenant: Tenant, token?: string): Promise<string> {
  await createTenant(tenant);
  const created = await createToken({ tenant: tenant.id, user: "root", name: "root", acls: ["all"], token });
  return created.token;
}

/** Every tenant (an admin operation: it scans the table). */
export async function listTenants(): Promise<Array<Tenant & { created: number }>> {
  const items = await scanAll({
    FilterExpression: "#type = :tenant",
    ExpressionAttributeNames: { "#type": "type" },
    ExpressionAttributeValues: { ":tenant": "tenant" },
  });
  return items
    .map((item) => ({
      id: String(item.pk).slice("TENANT#".length),
      hostname: String(item.hostname),
      created: Number(item.created),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Replaces the tenant's root token (user root, name root) with a new one; returns the new token. */
export async function rotateRootToken(tenant: string): Promise<string> {
  if (!(await getTenant(tenant))) throw new Error(`no tenant "${tenant}"`);
  await revokeToken(tenant, "root", "root");
  return (await createToken({ tenant, user: "root", name: "root", acls: ["all"] })).token;
}

/** Every credential of a tenant: all users' API tokens and the live sessions made with them. */
export async function listCredentials(
  tenant: string,
): Promise<{ tokens: ApiToken[]; sessions: SessionSummary[] }> {
  const [tokens, sessions] = await Promise.all([listTenantTokens(tenant), listSessions(tenant)]);
  return { tokens, sessions };
}

/** Ends the tenant's session whose id hash starts with `prefix` (at least 8 characters, one match). */
export async function endSessionByHash(tenant: string, prefix: string): Promise<SessionSummary> {
  if (prefix.length < 8) throw new Error("give at least 8 characters of the session hash");
  const matches = (await listSessions(tenant)).filter((session) => session.sessionHash.startsWith(prefix));
  const [session] = matches;
  if (!session || matches.length > 1) throw new Error(`${matches.length} sessions match "${prefix}"`);
  await endSession(tenant, session.credential, session.sessionHash);
  return session;
}

/** Every key the tenant owns: items under its partition, token lookups, and items tagged with it. */
async function tenantKeys(tenant: string): Promise<Array<{ pk: string; sk: string }>> {
  const items = await scanAll({
    FilterExpression: "pk = :partition OR tenant = :tenant",
    ExpressionAttributeValues: { ":partition": `TENANT#${tenant}`, ":tenant": tenant },
  });
  return items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}

/** What deleting a tenant would remove, by kind (an admin operation: it scans the table). */
export async function tenantFootprint(
  tenant: string,
): Promise<{ items: number; tokens: number; sessions: number; accounts: number; links: number }> {
  const owned = await tenantKeys(tenant);
  const count = (test: (key: { pk: string; sk: string }) => boolean) => owned.filter(test).length;
  return {
    items: owned.length,
    tokens: count((key) => key.sk === "TOKEN"),
    sessions: count((key) => key.sk === "SESSION"),
    accounts: count((key) => key.sk.startsWith("ACCOUNT#")),
    links: count((key) => key.sk.startsWith("LINK#")),
  };
}

/** Deletes a tenant with everything it owns in the table and its secrets; returns how many items went. */
export async function deleteTenant(tenant: string, secrets: SecretStore): Promise<number> {
  const keysToDelete = await tenantKeys(tenant);
  await writeAll(keysToDelete.map((Key) => ({ DeleteRequest: { Key } })));
  await secrets.delete(tenant);
  tenantCache.delete(tenant);
  return keysToDelete.length;
}
