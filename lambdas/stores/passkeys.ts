import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { writeAudited } from "./audit.js";
import { call, conditionHeld, getItem, keys, nowSeconds, tableName, tenantItems } from "./dynamo.js";

/**
 * A user's passkey: a WebAuthn credential registered at the tenant's host name (the relying
 * party id), its public key, the signature counter last seen and the authenticator's backup flags.
 * `username` is also what a session started with it depends on (stores/sessions.ts): removing the
 * passkey ends those sessions.
 */
export interface Passkey {
  readonly credentialId: string;
  readonly username: string;
  readonly name: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: readonly string[];
  /** `multiDevice` (synced, may be backed up) or `singleDevice` (bound to one authenticator). */
  readonly deviceType: "singleDevice" | "multiDevice";
  readonly backedUp: boolean;
  readonly created: number;
  readonly lastUsed?: number;
}

const PREFIX = "PASSKEY#";

/** The `provider` of a sign-in proven by a passkey alone (a name no identity provider has). */
export const PASSKEY_SIGN_IN = "passkey";

function fromItem(item: Record<string, unknown>): Passkey {
  return {
    credentialId: String(item.credential_id),
    username: String(item.username),
    name: String(item.name),
    publicKey: String(item.public_key),
    counter: Number(item.counter ?? 0),
    transports: (item.transports as string[] | undefined) ?? [],
    deviceType: item.device_type === "multiDevice" ? "multiDevice" : "singleDevice",
    backedUp: item.backed_up === true,
    created: Number(item.created),
    lastUsed: item.last_used === undefined ? undefined : Number(item.last_used),
  };
}

export async function getPasskey(tenant: string, credentialId: string): Promise<Passkey | undefined> {
  const item = await getItem(keys.passkey(tenant, credentialId));
  return item ? fromItem(item) : undefined;
}

/** The tenant's passkeys, or one user's (read consistently: a passkey just added is listed). */
export async function listPasskeys(tenant: string, user?: string): Promise<Passkey[]> {
  const all = (await tenantItems(tenant, PREFIX, true)).map(fromItem);
  return user === undefined ? all : all.filter((passkey) => passkey.username === user);
}

/** Stores a new passkey; false when its credential id is registered already (to anyone). */
export function putPasskey(tenant: string, passkey: Omit<Passkey, "created" | "lastUsed">): Promise<boolean> {
  return conditionHeld(
    writeAudited(
      "dynamodb:PutItem",
      [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.passkey(tenant, passkey.credentialId),
              type: "passkey",
              tenant,
              credential_id: passkey.credentialId,
              username: passkey.username,
              name: passkey.name,
              public_key: passkey.publicKey,
              counter: passkey.counter,
              transports: passkey.transports.length ? [...passkey.transports] : undefined,
              device_type: passkey.deviceType,
              backed_up: passkey.backedUp,
              created: nowSeconds(),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
      { target: passkey.username, user: passkey.username, detail: `passkey added: ${passkey.name}` },
      tenant,
    ),
  );
}

/** Removes a user's passkey; false when the user has no passkey of that id. */
export function removePasskey(tenant: string, user: string, credentialId: string): Promise<boolean> {
  return conditionHeld(
    writeAudited(
      "dynamodb:DeleteItem",
      [
        {
          Delete: {
            TableName: tableName(),
            Key: keys.passkey(tenant, credentialId),
            ConditionExpression: "username = :user",
            ExpressionAttributeValues: { ":user": user },
          },
        },
      ],
      { target: user, user, detail: "passkey removed" },
      tenant,
    ),
  );
}

/**
 * Records a use: the new signature counter and backup state, only if the counter is still the
 * one the assertion was checked against (two uses racing with one assertion: one wins) and the
 * passkey still exists for that user. False otherwise.
 */
export function recordPasskeyUse(
  tenant: string,
  passkey: Passkey,
  use: { readonly counter: number; readonly backedUp: boolean },
): Promise<boolean> {
  return conditionHeld(
    call(
      "dynamodb:UpdateItem",
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.passkey(tenant, passkey.credentialId),
        UpdateExpression: "SET #counter = :counter, backed_up = :backedUp, last_used = :now",
        ConditionExpression: "username = :user AND #counter = :seen",
        ExpressionAttributeNames: { "#counter": "counter" },
        ExpressionAttributeValues: {
          ":counter": use.counter,
          ":backedUp": use.backedUp,
          ":now": nowSeconds(),
          ":user": passkey.username,
          ":seen": passkey.counter,
        },
      }),
    ),
  );
}
