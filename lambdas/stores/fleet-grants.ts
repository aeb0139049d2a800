import { DeleteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { writeAudited } from "./audit.js";
import { call, conditionHeld, getItem, isLive, keys, nowSeconds, tableName } from "./dynamo.js";

/** Who an authorization code or access token of the tenant's provider stands for. */
export interface FleetGrant {
  readonly tenant: string;
  readonly clientId: string;
  readonly user: string;
  readonly subject: string;
  readonly scope: string;
  /** The account's contact address, for the `email` scope. */
  readonly email?: string;
}

/** An authorization code: bound to its client, redirect URI and PKCE challenge (RFC 6749 §4.1.3, RFC 7636). */
export interface AuthorizationCode extends FleetGrant {
  readonly redirectUri: string;
  readonly codeChallenge?: string;
  readonly nonce?: string;
  /** When the user authenticated (epoch seconds) and how (RFC 8176 values). */
  readonly authTime: number;
  readonly amr: readonly string[];
  readonly expires: number;
  /** Set once redeemed: when, and the hash of the access token it gave. */
  readonly usedAt?: number;
  readonly accessTokenHash?: string;
}

/** Keeps a new code for `seconds` under its hash, with the sign-in's audit event. */
export async function putAuthorizationCode(
  codeHash: string,
  code: Omit<AuthorizationCode, "expires" | "usedAt" | "accessTokenHash">,
  seconds: number,
): Promise<void> {
  await writeAudited(
    "dynamodb:PutItem",
    [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.fleetCode(codeHash),
            type: "fleet-code",
            tenant: code.tenant,
            client_id: code.clientId,
            user: code.user,
            subject: code.subject,
            scope: code.scope,
            email: code.email,
            redirect_uri: code.redirectUri,
            code_challenge: code.codeChallenge,
            nonce: code.nonce,
            auth_time: code.authTime,
            amr: [...code.amr],
            expires: nowSeconds() + seconds,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ],
    { actor: code.user, target: code.clientId, user: code.user, detail: "signed in to a relying party" },
    code.tenant,
  );
}

/** Who a code's or an access token's item stands for. */
function grantOf(item: Record<string, unknown>): FleetGrant {
  return {
    tenant: String(item.tenant),
    clientId: String(item.client_id),
    user: String(item.user),
    subject: String(item.subject),
    scope: String(item.scope),
    email: item.email as string | undefined,
  };
}

/** A code as stored, used or not; undefined when unknown or past its expiry. */
export async function getAuthorizationCode(codeHash: string): Promise<AuthorizationCode | undefined> {
  const Item = await getItem(keys.fleetCode(codeHash));
  if (!Item || !isLive(Item)) return undefined;
  return {
    ...grantOf(Item),
    redirectUri: String(Item.redirect_uri),
    codeChallenge: Item.code_challenge as string | undefined,
    nonce: Item.nonce as string | undefined,
    authTime: Number(Item.auth_time),
    amr: (Item.amr as string[] | undefined) ?? [],
    expires: Number(Item.expires),
    usedAt: Item.used_at as number | undefined,
    accessTokenHash: Item.access_token as string | undefined,
  };
}

/**
 * Redeems a code for an access token, once: the code is marked used (naming the token) and the
 * token written in one transaction. False when the code was redeemed already (or expired) meanwhile.
 */
export function redeemAuthorizationCode(
  codeHash: string,
  accessTokenHash: string,
  grant: FleetGrant,
  tokenSeconds: number,
): Promise<boolean> {
  const now = nowSeconds();
  return conditionHeld(
    call(
      ["dynamodb:UpdateItem", "dynamodb:PutItem"],
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.fleetCode(codeHash),
              UpdateExpression: "SET used_at = :now, access_token = :token",
              ConditionExpression:
                "attribute_exists(pk) AND attribute_not_exists(used_at) AND expires > :now",
              ExpressionAttributeValues: { ":now": now, ":token": accessTokenHash },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.fleetToken(accessTokenHash),
                type: "fleet-token",
                tenant: grant.tenant,
                client_id: grant.clientId,
                user: grant.user,
                subject: grant.subject,
                scope: grant.scope,
                email: grant.email,
                code: codeHash,
                expires: now + tokenSeconds,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    ),
  );
}

/** A replayed code revokes what it gave (RFC 6749 §4.1.2): its access token is deleted. */
export async function revokeAccessToken(accessTokenHash: string): Promise<void> {
  await call(
    "dynamodb:DeleteItem",
    new DeleteCommand({ TableName: tableName(), Key: keys.fleetToken(accessTokenHash) }),
  );
}

/** The grant behind a live access token. */
export async function getAccessToken(accessTokenHash: string): Promise<FleetGrant | undefined> {
  const Item = await getItem(keys.fleetToken(accessTokenHash));
  return Item && isLive(Item) ? grantOf(Item) : undefined;
}
