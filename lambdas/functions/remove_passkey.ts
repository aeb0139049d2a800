import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { removePasskey } from "../stores/passkeys.js";

/**
 * Beyond WHM: removes a user's passkey. It signs in no more, and every session it started ends at
 * once (their sign-in rests on it). Root only: each user removes their own at /cpsessNNNNNNNNNN/passkeys.
 */
export const definition = defineFunction({
  name: "remove_passkey",
  perlModule: "(beyond WHM)",
  summary: "Remove a user's passkey",
  acl: "all",
  params: {
    user: {
      description: "The passkey's user.",
      required: true,
      nonEmpty: true,
      maxLength: 64,
      example: "root",
    },
    credential_id: {
      description: "The passkey's credential id, as list_passkeys gives it.",
      required: true,
      nonEmpty: true,
      maxLength: 1400,
      example: "CREDENTIAL_ID",
    },
  },
  returns: schema.empty(),
  async run({ principal }, args) {
    if (!(await removePasskey(principal.tenant, args.user, args.credential_id)))
      throw errors.passkeyNotFound(args.user, args.credential_id);
    return {};
  },
});

export const handler = lambdaHandler(definition);
