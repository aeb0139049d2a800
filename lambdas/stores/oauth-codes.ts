import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { call, conditionHeld, keys, nowSeconds, tableName } from "./dynamo.js";
import { sha256 } from "./hash.js";

/** How long a used code is remembered; portal codes live minutes, so a day is ample. */
const REMEMBER_SECONDS = 24 * 3600;

/**
 * Marks an OAuth2 authorization code as used. A conditional put makes this atomic: of any number
 * of concurrent calls with the same code, exactly one gets `true`.
 */
export async function claimCode(code: string, tenant: string): Promise<boolean> {
  const now = nowSeconds();
  return conditionHeld(
    call(
      "dynamodb:PutItem",
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.oauthCode(sha256(code)),
          type: "oauth-code",
          tenant,
          expires: now + REMEMBER_SECONDS,
        },
        // An expired record may linger until TTL deletion runs; it no longer counts as used.
        ConditionExpression: "attribute_not_exists(pk) OR expires < :now",
        ExpressionAttributeValues: { ":now": now },
      }),
    ),
  );
}
