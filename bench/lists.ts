import { keys, writeAll } from "../lambdas/stores/dynamo.js";
import { sha256 } from "../lambdas/stores/hash.js";
import { createTenantWithRootToken } from "../lambdas/stores/tenants.js";
import { countConsumedCapacity, unitsOf } from "./measure.js";
import { type Warm, warm } from "./warm.js";

export interface ListScale {
  readonly fn: string;
  readonly items: number;
  /** Read capacity units one call consumed (DynamoDB's ReturnConsumedCapacity), authentication included. */
  readonly readUnits: number;
  readonly responseBytes: number;
  readonly records: number;
  readonly warm: Warm;
}

/** `count` API tokens of root (listing items as api_token_create writes them) and as many links. */
async function seed(tenant: string, count: number): Promise<void> {
  const created = Math.floor(Date.now() / 1000);
  const requests = [];
  for (let i = 0; i < count; i++) {
    const name = `token${String(i).padStart(6, "0")}`;
    requests.push({
      PutRequest: {
        Item: {
          ...keys.tokenListing(tenant, "root", name),
          type: "api-token",
          tenant,
          user: "root",
          name,
          acls: ["list-accts"],
          created,
          tokenHash: sha256(`${tenant}${name}`),
        },
      },
    });
    const subject = `subject-${String(i).padStart(6, "0")}`;
    requests.push({
      PutRequest: {
        Item: {
          ...keys.link(tenant, "google", subject),
          type: "link",
          tenant,
          username: `user${i}`,
          provider: "google",
          subject,
          preferred_username: `user${i}@example.com`,
          link_time: created,
        },
      },
    });
  }
  await writeAll(requests);
}

/**
 * Warm calls of the list functions in tenants holding `sizes` tokens and links each: read units,
 * latency and response size per call, as the list grows.
 */
export async function listScaling(
  url: string,
  sizes: readonly number[],
  count: number,
): Promise<ListScale[]> {
  countConsumedCapacity();
  const results: ListScale[] = [];
  for (const size of sizes) {
    const tenant = `bench-lists-${size}`;
    const token = await createTenantWithRootToken({ id: tenant, hostname: `${tenant}.example` });
    await seed(tenant, size);
    for (const fn of ["api_token_list", "get_users_authn_linked_accounts"]) {
      let bytes = 0;
      let records = 0;
      const call = async () => {
        const response = await fetch(`${url}/json-api/${fn}?api.version=1`, {
          headers: { authorization: `whm root:${token}` },
        });
        const text = await response.text();
        const body = JSON.parse(text) as { metadata: { result: number }; data?: Record<string, object> };
        bytes = text.length;
        records = Object.keys(Object.values(body.data ?? {})[0] ?? {}).length;
        return { result: body.metadata.result };
      };
      const readUnits = (await unitsOf(call)).read;
      results.push({
        fn,
        items: size,
        readUnits,
        responseBytes: bytes,
        records,
        warm: await warm(call, { warmup: 3, count, concurrency: 2 }),
      });
    }
  }
  return results;
}
