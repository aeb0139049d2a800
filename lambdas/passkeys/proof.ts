import type { Tenant } from "../kernel/domain.js";
import { Refused } from "../sign-in/admission.js";
import { getPasskey, recordPasskeyUse } from "../stores/passkeys.js";
import { type PasskeyAnswer, PasskeyRefused, verifiedAssertion } from "./ceremonies.js";

/**
 * What a passkey's answer proves at the tenant's host: whose passkey it is and how
 * it keeps its key (`amr`). As a second factor it must be `user`'s; alone it must name its user
 * and verify them. The signature counter and backup state it reports are stored, only if no
 * other use of the passkey came between. Refused otherwise, with nothing changed.
 */
export async function passkeyProof(
  tenant: Tenant,
  answer: PasskeyAnswer,
  user?: string,
): Promise<{ user: string; credentialId: string; amr: "hwk" | "swk" }> {
  const passkey = answer.id ? await getPasskey(tenant.id, answer.id) : undefined;
  if (!passkey || (user !== undefined && passkey.username !== user)) throw new Refused("passkey_unknown");
  const use = await verifiedAssertion(tenant, answer, passkey, user === undefined).catch((error: unknown) => {
    throw error instanceof PasskeyRefused ? new Refused("passkey_not_accepted") : error;
  });
  if (!(await recordPasskeyUse(tenant.id, passkey, use))) throw new Refused("passkey_not_accepted");
  return { user: passkey.username, credentialId: passkey.credentialId, amr: use.amr };
}
