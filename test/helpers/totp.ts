import { Secret, TOTP } from "otpauth";

/** The code an authenticator app shows for a secret at a time (SHA-1, 6 digits, 30 s). */
export function codeAt(secret: string, now = Date.now()): string {
  return new TOTP({
    secret: Secret.fromBase32(secret.toUpperCase()),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  }).generate({
    timestamp: now,
  });
}
