import { writeAudited } from "./audit.js";
import { conditionHeld, getItem, keys, nowSeconds, tableName, tenantItems } from "./dynamo.js";

/**
 * A server of the tenant that signs its users in through the tenant's OpenID Connect provider:
 * its client id, the redirect URIs its WHM advertises (matched exactly), and the hash of its
 * client secret (none for a public client, which must use PKCE).
 */
export interface RelyingParty {
  readonly clientId: string;
  readonly name: string;
  /** The server's name as its directory pushes give it: its cPanel accounts may sign in to it. */
  readonly server?: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** SHA-256 of the client secret; absent for a public client. */
  readonly secretHash?: string;
  readonly created: number;
  readonly secretRotated?: number;
}

const PREFIX = "RP#";

function fromItem(item: Record<string, unknown>): RelyingParty {
  return {
    clientId: String(item.client_id),
    name: String(item.name),
    server: item.server as string | undefined,
    redirectUris: (item.redirect_uris as string[] | undefined) ?? [],
    postLogoutRedirectUris: (item.post_logout_redirect_uris as string[] | undefined) ?? [],
    secretHash: item.secret_hash as string | undefined,
    created: Number(item.created),
    secretRotated: item.secret_rotated as number | undefined,
  };
}

export async function getRelyingParty(tenant: string, clientId: string): Promise<RelyingParty | undefined> {
  const item = await getItem(keys.relyingParty(tenant, clientId));
  return item ? fromItem(item) : undefined;
}

export async function listRelyingParties(tenant: string): Promise<RelyingParty[]> {
  return (await tenantItems(tenant, PREFIX, true)).map(fromItem);
}

/** Registers a relying party: the party as stored, or undefined when its client id is taken. */
export async function putRelyingParty(
  tenant: string,
  party: Omit<RelyingParty, "created">,
): Promise<RelyingParty | undefined> {
  const created = nowSeconds();
  const put = await conditionHeld(
    writeAudited(
      "dynamodb:PutItem",
      [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.relyingParty(tenant, party.clientId),
              type: "relying-party",
              tenant,
              client_id: party.clientId,
              name: party.name,
              server: party.server,
              redirect_uris: [...party.redirectUris],
              post_logout_redirect_uris: party.postLogoutRedirectUris.length
                ? [...party.postLogoutRedirectUris]
                : undefined,
              secret_hash: party.secretHash,
              created,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
      { target: party.clientId, detail: `relying party registered: ${party.name}` },
      tenant,
    ),
  );
  return put ? { ...party, created } : undefined;
}

/** Replaces a confidential client's secret hash; false when there is no such confidential client. */
export function rotateRelyingPartySecret(
  tenant: string,
  clientId: string,
  secretHash: string,
): Promise<boolean> {
  return conditionHeld(
    writeAudited(
      "dynamodb:UpdateItem",
      [
        {
          Update: {
            TableName: tableName(),
            Key: keys.relyingParty(tenant, clientId),
            UpdateExpression: "SET secret_hash = :hash, secret_rotated = :now",
            ConditionExpression: "attribute_exists(secret_hash)",
            ExpressionAttributeValues: { ":hash": secretHash, ":now": nowSeconds() },
          },
        },
      ],
      { target: clientId, detail: "client secret rotated" },
      tenant,
    ),
  );
}

/** Removes a relying party; false when there was none. */
export function removeRelyingParty(tenant: string, clientId: string): Promise<boolean> {
  return conditionHeld(
    writeAudited(
      "dynamodb:DeleteItem",
      [
        {
          Delete: {
            TableName: tableName(),
            Key: keys.relyingParty(tenant, clientId),
            ConditionExpression: "attribute_exists(pk)",
          },
        },
      ],
      { target: clientId, detail: "relying party removed" },
      tenant,
    ),
  );
}
