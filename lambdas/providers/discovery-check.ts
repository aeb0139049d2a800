import type { ClientConfiguration } from "../stores/secrets/index.js";
import type { ProviderFacts } from "./provider.js";

const REQUIRED_METADATA = ["issuer", "authorization_endpoint", "token_endpoint"] as const;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Whether a provider works: it is configured with every field it declares, and its OpenID discovery
 * document (when it has one) answers 200 with the metadata a login needs, within the timeout.
 * Returns the failure in words, or undefined when the provider is healthy.
 */
export async function providerFailure(
  provider: ProviderFacts,
  configuration: ClientConfiguration | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  if (!configuration) return `The provider “${provider.displayName}” is not configured.`;
  const missing = Object.keys(provider.configFields).filter((field) => !configuration[field]);
  if (missing.length) return `The provider’s configuration lacks: ${missing.join(", ")}.`;
  if (!provider.discovery) return undefined;
  const url =
    "url" in provider.discovery ? provider.discovery.url : (configuration[provider.discovery.field] ?? "");
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return `The discovery URL “${url}” is not a valid URL.`;
  }
  // Plain HTTP only to loopback (local stand-ins); real providers must use HTTPS.
  if (target.protocol !== "https:" && !(target.protocol === "http:" && LOOPBACK.test(target.hostname))) {
    return `The discovery URL “${url}” must use HTTPS.`;
  }
  let response: Response;
  try {
    response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return timedOut
      ? `The discovery document at “${url}” did not answer within ${timeoutMs} ms.`
      : `The discovery document at “${url}” could not be fetched.`;
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return `The discovery document at “${url}” answered HTTP ${response.status}.`;
  }
  let metadata: Record<string, unknown>;
  try {
    metadata = (await response.json()) as Record<string, unknown>;
  } catch {
    return `The discovery document at “${url}” is not JSON.`;
  }
  const absent = REQUIRED_METADATA.filter((key) => typeof metadata?.[key] !== "string");
  if (absent.length) return `The discovery document at “${url}” lacks ${absent.join(", ")}.`;
  return undefined;
}
