import { clientIdParam, newClientSecret } from "../fleet/clients.js";
import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { sha256 } from "../stores/hash.js";
import { getRelyingParty, rotateRelyingPartySecret } from "../stores/relying-parties.js";

/**
 * Beyond WHM: gives a registered server a new client secret (shown this once, stored hashed); the
 * old one stops working at once, so set the new one in the server's provider configuration
 * right after. Root only.
 */
export const definition = defineFunction({
  name: "rotate_openid_connect_client_secret",
  perlModule: "(beyond WHM)",
  summary: "Replace a registered server's client secret",
  acl: "all",
  params: { client_id: clientIdParam },
  returns: schema.object({ client_id: schema.string(), client_secret: schema.string("Shown once.") }),
  async run({ principal }, args) {
    const party = await getRelyingParty(principal.tenant, args.client_id);
    if (!party) throw errors.clientNotFound(args.client_id);
    if (!party.secretHash) throw errors.publicClientHasNoSecret(args.client_id);
    const secret = newClientSecret();
    if (!(await rotateRelyingPartySecret(principal.tenant, args.client_id, sha256(secret))))
      throw errors.clientNotFound(args.client_id);
    return { client_id: args.client_id, client_secret: secret };
  },
});

export const handler = lambdaHandler(definition);
