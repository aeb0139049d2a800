import { clientIdParam } from "../fleet/clients.js";
import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { removeRelyingParty } from "../stores/relying-parties.js";

/**
 * Beyond WHM: removes a registered server: its sign-ins stop at once (its codes can no longer be
 * exchanged, its requests are refused with a page). Root only.
 */
export const definition = defineFunction({
  name: "remove_openid_connect_client",
  perlModule: "(beyond WHM)",
  summary: "Remove a server from the tenant's OpenID Connect provider",
  acl: "all",
  params: { client_id: clientIdParam },
  returns: schema.empty(),
  async run({ principal }, args) {
    if (!(await removeRelyingParty(principal.tenant, args.client_id)))
      throw errors.clientNotFound(args.client_id);
    return {};
  },
});

export const handler = lambdaHandler(definition);
