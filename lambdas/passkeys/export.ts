import { schema } from "../runtime/schema.js";
import type { Passkey } from "../stores/passkeys.js";

/** A passkey as the functions list it: never its public key. */
export const passkeySchema = schema.object({
  user: schema.string(),
  name: schema.string(),
  credential_id: schema.string("The WebAuthn credential id (base64url): what remove_passkey takes."),
  created: schema.integer(),
  last_used: schema.nullable(schema.integer("When it last signed in; null if never.")),
  device_type: schema.string("multiDevice (a synced passkey) or singleDevice (bound to one authenticator)."),
  backed_up: schema.integer("1 when the authenticator reports the passkey backed up."),
});

export function exportPasskey(passkey: Passkey) {
  return {
    user: passkey.username,
    name: passkey.name,
    credential_id: passkey.credentialId,
    created: passkey.created,
    last_used: passkey.lastUsed ?? null,
    device_type: passkey.deviceType,
    backed_up: passkey.backedUp ? 1 : 0,
  };
}
