import { currentKeyId, signWithCurrentKey } from "../stores/signing-keys.js";

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A JWS in compact form (RFC 7515), RS256, signed by the current key and naming it (`kid`). */
export async function signedJwt(claims: Record<string, unknown>): Promise<string> {
  const input = `${part({ alg: "RS256", typ: "JWT", kid: currentKeyId() })}.${part(claims)}`;
  return `${input}.${(await signWithCurrentKey(Buffer.from(input))).toString("base64url")}`;
}

/** The claims of a JWS without checking its signature: only to name a client (end-session's `id_token_hint`). */
export function unverifiedClaims(jwt: string): Record<string, unknown> | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}
