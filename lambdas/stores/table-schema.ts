/** The single table's key schema, shared by the CDK stack and the local DynamoDB bootstrap. */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds after which DynamoDB's TTL may delete an item (reads also ignore it). */
  ttlAttribute: "expires",
} as const;
