import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { call, conditionHeld, keys, nowSeconds, tableName } from "./dynamo.js";
import type { LinkGrant } from "./links.js";

/**
 * A tenant server's authorization request (fleet sign-in, lambdas/fleet/) that a sign-in at the
 * hosted login page answers once the user is known: checked when it came, carried to the end.
 */
export interface FleetAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly service: "cpaneld" | "webmaild" | "whostmgrd";
  readonly scope: string;
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
}

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
  readonly link?: {
    readonly user: string;
    readonly sessionKey: string;
    readonly cpSecurityToken: string;
    /** What the link inherits from the session (never more than it holds, no longer than its credential). */
    readonly grant: LinkGrant;
  };
  /** The server's authorization request this sign-in answers, if a server sent the browser. */
  readonly fleet?: FleetAuthorization;
}

/** A sign-in whose identity was proven and whose user must still give a security code. */
export interface CodeRequired {
  readonly kind: "code";
  readonly tenant: string;
  readonly provider: string;
  readonly subject: string;
  readonly user: string;
  readonly browser: string;
  /** The grant of the link signed in with, when it was made from a session. */
  readonly grant?: LinkGrant;
  readonly fleet?: FleetAuthorization;
}

/**
 * A passkey challenge handed out (by its hash): single use, short-lived, for one browser (its
 * sign-in cookie's hash, or the registering session's key) and one purpose.
 */
export interface PasskeyChallenge {
  readonly kind: "passkey";
  readonly tenant: string;
  readonly purpose: "register" | "sign-in" | "second-factor";
  readonly browser: string;
  /** Who registers, or whose passkey the second factor must be. */
  readonly user?: string;
  /** The server's authorization request a passkey sign-in answers, if a server sent the browser. */
  readonly fleet?: FleetAuthorization;
}

export type SignInRecord = AuthorizationInProgress | CodeRequired | PasskeyChallenge;

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

/** Why a sign-in step could not be taken: there is none (used, expired, never made), or it is another browser's. */
export type NotTaken = "none" | "other-browser";

/**
 * Takes a sign-in step for the browser whose cookie hashes to `browser`: deleted as it is read, so
 * a second return with the same secret finds nothing (single use). Another browser's attempt
 * leaves it in place for its own browser; an expired one is taken too, and not returned.
 */
export async function takeSignIn(secretHash: string, browser: string): Promise<SignInRecord | NotTaken> {
  let old: Record<string, unknown> | undefined;
  const taken = await conditionHeld(
    call(
      "dynamodb:DeleteItem",
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.signIn(secretHash),
        ConditionExpression: "attribute_not_exists(pk) OR #record.#browser = :browser",
        ExpressionAttributeNames: { "#record": "record", "#browser": "browser" },
        ExpressionAttributeValues: { ":browser": browser },
        ReturnValues: "ALL_OLD",
      }),
    ).then((output) => {
      old = output.Attributes;
    }),
  );
  if (!taken) return "other-browser";
  if (!old || Number(old.expires) <= nowSeconds()) return "none";
  return old.record as SignInRecord;
}
