import type { Service } from "../kernel/domain.js";
import { SERVICE_PORTS } from "../providers/service-ports.js";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const MAX_LENGTH = 2000;

/**
 * Why a redirect URI cannot be registered, or undefined when it can: an absolute HTTPS URL (plain
 * HTTP only on loopback, for a relying party under development, RFC 8252 §7.3) without user
 * information, fragment or wildcard. It is then matched exactly, character for character.
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`;
  if (uri.includes("*")) return "contains a wildcard";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not an absolute URL";
  }
  if (url.hash || uri.includes("#")) return "has a fragment";
  if (url.username || url.password) return "has user information";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return undefined;
  return "is not an HTTPS URL";
}

/**
 * The service a redirect URI returns to, by its port as cpsrvd's are (2083 cPanel, 2096 Webmail);
 * any other is WHM's (2087, or a WHM behind a proxy on 443).
 */
export function serviceOfRedirectUri(uri: string): Service {
  const port = Number(new URL(uri).port);
  if (port === SERVICE_PORTS.cpaneld) return "cpaneld";
  if (port === SERVICE_PORTS.webmaild) return "webmaild";
  return "whostmgrd";
}
