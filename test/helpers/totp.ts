import { totpOf } from "../../lambdas/two-factor/totp.js";

/** The code an authenticator app shows for a secret at a time. */
export function codeAt(secret: string, now = Date.now()): string {
  return totpOf(secret).generate({ timestamp: now });
}
