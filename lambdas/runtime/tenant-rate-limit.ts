/**
 * Per-tenant request rate limit, a token bucket per tenant in each container. API Gateway's
 * throttle is one bucket for the whole stage; this keeps one tenant from using all of it. The
 * bound is per container: with N warm containers a tenant gets at most N times the rate (the
 * stage throttle caps the total). Set per stage (cdk.json `tenantThrottle`); unset or 0 turns it off.
 */
const buckets = new Map<string, { tokens: number; at: number }>();

const limit = () => ({
  rate: Number(process.env.TENANT_RATE_LIMIT ?? 0),
  burst: Number(process.env.TENANT_BURST_LIMIT ?? 100),
});

/** Takes one request from the tenant's bucket; false when the bucket is empty. */
export function takeTenantRequest(tenant: string, now = Date.now()): boolean {
  const { rate, burst } = limit();
  if (rate <= 0) return true;
  const bucket = buckets.get(tenant) ?? { tokens: burst, at: now };
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  bucket.at = now;
  buckets.set(tenant, bucket);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
