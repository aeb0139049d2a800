import { errors } from "../kernel/errors.js";
import { recordEvent } from "../stores/audit.js";
import { recordTwoFactorFailure, twoFactorKey, twoFactorLockedFor } from "../stores/auth-failures.js";
import { stepOfCode } from "./totp.js";

/**
 * Checks a security code against `secret` for a user, as WHM does (±1 step) and beyond it: a user
 * with too many wrong codes in the window is refused before any check, and a wrong code is
 * counted. Returns the code's time step.
 */
/** The items checkCode reads by key (runtime/define.ts `reads`): the user's wrong-code counter. */
export const checkCodeReads = (tenant: string, user: string) => [twoFactorKey(tenant, user)];

export async function checkCode(tenant: string, user: string, secret: string, code: string): Promise<number> {
  const locked = await twoFactorLockedFor(tenant, user);
  if (locked) throw errors.tfaTooManyCodes(locked);
  const step = stepOfCode(secret, code);
  if (step === undefined) {
    if (await recordTwoFactorFailure(tenant, user))
      await recordEvent(
        { target: user, user, outcome: "refused", detail: "locked out: too many invalid security codes" },
        tenant,
      );
    throw errors.tfaCodeInvalid();
  }
  return step;
}
