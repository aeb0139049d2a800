import { exportPasskey, passkeySchema } from "../passkeys/export.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listPasskeys } from "../stores/passkeys.js";

/**
 * Beyond WHM: the passkeys users registered at the tenant's host (docs/PASSKEYS.md), all users'
 * or one's; never a public key. Root only: each user lists their own at /cpsessNNNNNNNNNN/passkeys.
 */
export const definition = defineFunction({
  name: "list_passkeys",
  perlModule: "(beyond WHM)",
  summary: "List users' passkeys",
  acl: "all",
  params: {
    user: { description: "Only this user's passkeys.", maxLength: 64, example: "root" },
  },
  listKey: "passkeys",
  returns: schema.object({ passkeys: schema.array(passkeySchema) }),
  async run({ principal }, args) {
    return { passkeys: (await listPasskeys(principal.tenant, args.user)).map(exportPasskey) };
  },
});

export const handler = lambdaHandler(definition);
