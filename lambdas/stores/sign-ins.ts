import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { call, keys, nowSeconds, tableName } from "./dynamo.js";

/** A sign-in sent to the provider: what its return must match (`state` is the record's key). */
export interface AuthorizationInProgress {
  readonly kind: "authorize";
  readonly tenant: string;
  readonly provider: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** The hash of the value in the browser's sign-in cookie: a return from another browser is refused. */
  readonly browser: string;
  /** Self-service linking: the signed-in user and session the identity is linked for. */
  readonly link?: { readonly user: string; readonly sessionKey: string; readonly cpSecurityToken: string };
}

/** A sign-in whose identity was proven and whose user must still give a security code. */
export interface CodeRequired {
  readonly kind: "code";
  readonly tenant: string;
  readonly provider: string;
  readonly subject: string;
  readonly user: string;
  readonly browser: string;
}

export type SignInRecord = AuthorizationInProgress | CodeRequired;

/** Keeps a sign-in step for `seconds` under the hash of its secret (state or code-step secret). */
export async function putSignIn(secretHash: string, record: SignInRecord, seconds: number): Promise<void> {
  await call(
    "dynamodb:PutItem",
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.signIn(secretHash),
        type: "sign-in",
        tenant: record.tenant,
        record,
        expires: nowSeconds() + seconds,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

/**
 * Takes a sign-in step: deleted as it is read, so a second return with the same secret finds
 * nothing (single use); an expired one is taken too, and not returned.
 */
export async function takeSignIn(secretHash: string): Promise<SignInRecord | undefined> {
  const { Attributes } = await call(
    "dynamodb:DeleteItem",
    new DeleteCommand({ TableName: tableName(), Key: keys.signIn(secretHash), ReturnValues: "ALL_OLD" }),
  );
  if (!Attributes || Number(Attributes.expires) <= nowSeconds()) return undefined;
  return Attributes.record as SignInRecord;
}
