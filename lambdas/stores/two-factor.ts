import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { writeAudited } from "./audit.js";
import { allItems, call, conditionHeld, getItem, getItems, keys, nowSeconds, tableName } from "./dynamo.js";

/**
 * Two-factor authentication per tenant (Cpanel/Config/userdata/TwoFactorAuth/*): the security
 * policy, issuers, and each user's TOTP secret. Secrets rest in the table under its
 * customer-managed key and leave it only to verify a code; no answer returns them after setup.
 */

export async function isPolicyEnabled(tenant: string): Promise<boolean> {
  const Item = await getItem(keys.twoFactorPolicy(tenant));
  return Item?.enabled === true;
}

export async function setPolicy(tenant: string, enabled: boolean): Promise<void> {
  await writeAudited(
    "dynamodb:PutItem",
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.twoFactorPolicy(tenant), type: "tfa-policy", tenant, enabled },
        },
      },
    ],
    { target: "policy", detail: enabled ? "enabled" : "disabled" },
    tenant,
  );
}

/** The issuers stored for these users (root's is the system-wide issuer), by user. */
export async function issuersOf(tenant: string, users: readonly string[]): Promise<Map<string, string>> {
  const items = await getItems(
    users.map((user) => keys.twoFactorIssuer(tenant, user)),
    true,
  );
  return new Map(
    items.flatMap((item, i) => (item && users[i] !== undefined ? [[users[i], String(item.issuer)]] : [])),
  );
}

/** Sets a user's issuer, or clears it when `issuer` is undefined. */
export async function setIssuer(tenant: string, user: string, issuer: string | undefined): Promise<void> {
  const Key = keys.twoFactorIssuer(tenant, user);
  const event = {
    target: `issuer/${user}`,
    user,
    detail: issuer === undefined ? "cleared" : `set to ${issuer}`,
  };
  if (issuer === undefined) {
    await writeAudited("dynamodb:DeleteItem", [{ Delete: { TableName: tableName(), Key } }], event, tenant);
    return;
  }
  await writeAudited(
    "dynamodb:PutItem",
    [{ Put: { TableName: tableName(), Item: { ...Key, type: "tfa-issuer", tenant, user, issuer } } }],
    event,
    tenant,
  );
}

export interface TwoFactorUser {
  readonly secret: string;
  /** The last 30-second step a code was accepted in: no code of it or before is accepted again. */
  readonly lastStep: number;
}

export async function getTwoFactorUser(tenant: string, user: string): Promise<TwoFactorUser | undefined> {
  const Item = await getItem(keys.twoFactorUser(tenant, user));
  return Item ? { secret: String(Item.secret), lastStep: Number(Item.last_step ?? 0) } : undefined;
}

/** Which of these users have two-factor authentication configured. */
export async function usersWithTwoFactor(tenant: string, users: readonly string[]): Promise<Set<string>> {
  if (users.length <= 2) {
    const items = await getItems(users.map((user) => keys.twoFactorUser(tenant, user)));
    return new Set(users.filter((_, i) => items[i] !== undefined));
  }
  // A page of users is a range of names: one Query over their configurations costs by the bytes of
  // the (few, small) configurations found, where a read per user costs a read unit each.
  const sorted = [...users].sort();
  const first = keys.twoFactorUser(tenant, sorted[0] ?? "");
  const prefix = keys.twoFactorUser(tenant, "").sk;
  const found = await allItems({
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :last",
    ExpressionAttributeValues: {
      ":pk": first.pk,
      ":first": first.sk,
      ":last": keys.twoFactorUser(tenant, sorted.at(-1) ?? "").sk,
    },
    ProjectionExpression: "sk",
  });
  const configured = new Set(found.map((item) => String(item.sk).slice(prefix.length)));
  return new Set(users.filter((user) => configured.has(user)));
}

/**
 * Configures a user's secret, its code's step already used (the code that proved the setup cannot
 * be replayed at a sign-in). True when it replaced an earlier configuration.
 */
export async function configureTwoFactor(
  tenant: string,
  user: string,
  secret: string,
  usedStep: number,
): Promise<boolean> {
  const Item = {
    ...keys.twoFactorUser(tenant, user),
    type: "tfa-user",
    tenant,
    user,
    secret,
    last_step: usedStep,
    configured: nowSeconds(),
  };
  const put = (replacing: boolean) =>
    writeAudited(
      "dynamodb:PutItem",
      [
        {
          Put: {
            TableName: tableName(),
            Item,
            ...(replacing ? {} : { ConditionExpression: "attribute_not_exists(pk)" }),
          },
        },
      ],
      { target: `two-factor/${user}`, user, detail: replacing ? "reconfigured" : "configured" },
      tenant,
    );
  // A transaction cannot return the item it replaced: a first configuration is tried as one.
  if (await conditionHeld(put(false))) return false;
  await put(true);
  return true;
}

/**
 * Records that a code of `step` was used to sign in, only if no code of that step or a later one
 * was: a code cannot be replayed (WHM does not check this). False when it was already used.
 */
export async function useTwoFactorStep(tenant: string, user: string, step: number): Promise<boolean> {
  return conditionHeld(
    call(
      "dynamodb:UpdateItem",
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.twoFactorUser(tenant, user),
        UpdateExpression: "SET last_step = :step",
        ConditionExpression:
          "attribute_exists(pk) AND (attribute_not_exists(last_step) OR last_step < :step)",
        ExpressionAttributeValues: { ":step": step },
      }),
    ),
  );
}

export async function removeTwoFactor(tenant: string, user: string): Promise<void> {
  await writeAudited(
    "dynamodb:DeleteItem",
    [{ Delete: { TableName: tableName(), Key: keys.twoFactorUser(tenant, user) } }],
    { target: `two-factor/${user}`, user, detail: "removed" },
    tenant,
  );
}
