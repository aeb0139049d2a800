import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";

/** RFC 4648 base32, the alphabet of WHM's secrets (Cpanel/Security/Authn/TwoFactorAuth/Google.pm). */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PERIOD = 30;

/** A new secret as WHM makes one: 16 random base32 characters (80 bits). */
export function generateSecret(): string {
  let secret = "";
  for (let i = 0; i < 16; i++) secret += BASE32[randomInt(BASE32.length)];
  return secret;
}

/** WHM's test of a secret: base32 characters only (either case), and at least one. */
export function isValidSecret(secret: string | undefined): secret is string {
  return secret !== undefined && /^[A-Za-z2-7]+$/.test(secret);
}

/** Cpanel::Encoder::URI::uri_encode_str: everything but RFC 3986's unreserved characters. */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Base.pm `otpauth_str`: `otpauth://totp/ISSUER:USER?secret=SECRET&issuer=ISSUER`. */
export function otpauthString(issuer: string, account: string, secret: string): string {
  return `otpauth://totp/${uriEncode(issuer)}:${uriEncode(account)}?secret=${secret}&issuer=${uriEncode(issuer)}`;
}

/** WHM's TOTP for a secret: SHA-1, 6 digits, 30-second steps (Google.pm `generate_code`). */
export function totpOf(secret: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secret.toUpperCase()),
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
  });
}

/**
 * The 30-second time step a code was made for, when it is right for the secret at `now`: SHA-1,
 * 6 digits, the current step or one either side (WHM's 90-second window). Undefined otherwise.
 */
export function stepOfCode(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
}
