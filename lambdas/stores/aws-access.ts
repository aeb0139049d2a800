/**
 * The IAM action an AWS call needs, written where the call is made (`call(access, command)`), as a
 * string literal: esbuild keeps in a function's bundle only the calls the function can reach, and
 * the CDK stack grants its role exactly the accesses named in the bundle (lib/grants.ts). So a
 * role cannot drift from the code it runs, and no list of grants is kept by hand.
 *
 * - `dynamodb:Action` on the table; `dynamodb:Action on PREFIX#` only on partitions whose key
 *   starts with PREFIX# (authentication writes only its failure counters and session activity);
 * - `secretsmanager:Action on tenant-secrets` on the stage's tenant secrets,
 *   `secretsmanager:Action on portal-secret` on the support portal's client secret;
 * - `kms:Action on signing-keys` on the stage's ID-token signing keys.
 */
export type TableAccess = `dynamodb:${TableAction}` | `dynamodb:${TableAction} on ${string}#`;

export type TableAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "Scan"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "ConditionCheckItem"
  | "BatchWriteItem"
  | "DescribeTable"
  | "ListTagsOfResource";

export type SecretAccess = `secretsmanager:${SecretAction} on ${"tenant-secrets" | "portal-secret"}`;

export type SecretAction =
  | "GetSecretValue"
  | "PutSecretValue"
  | "CreateSecret"
  | "TagResource"
  | "DeleteSecret";

export type KmsAccess = `kms:${"Sign" | "GetPublicKey"} on signing-keys`;

export type Access = TableAccess | SecretAccess | KmsAccess;

/** How lib/grants.ts finds the accesses in a bundle: the literals above, and nothing else. */
export const ACCESS_LITERAL = /"((?:dynamodb|secretsmanager|kms):[A-Za-z]+(?: on [A-Za-z-]+#?)?)"/g;
