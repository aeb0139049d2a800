import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Tenant } from "../runtime/define.js";
import { db, keys, tableName } from "./dynamo.js";
import { createToken } from "./tokens.js";

export async function getTenant(id: string): Promise<Tenant | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.tenant(id) }));
  return Item ? { id, hostname: String(Item.hostname) } : undefined;
}

/** Creates the tenant record; refuses to overwrite an existing tenant. */
export async function createTenant(tenant: Tenant): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.tenant(tenant.id), type: "tenant", hostname: tenant.hostname, created: Date.now() },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

/** A new tenant with its root API token (user `root`, ACL `all`); returns the token, shown once. */
export async function createTenantWithRootToken(tenant: Tenant, token?: string): Promise<string> {
  await createTenant(tenant);
  const created = await createToken({ tenant: tenant.id, user: "root", name: "root", acls: ["all"], token });
  return created.token;
}
