import { clientSchema, exportClient } from "../fleet/clients.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listRelyingParties } from "../stores/relying-parties.js";

/** Beyond WHM: the servers registered as clients of the tenant's OpenID Connect provider, never a secret. Root only. */
export const definition = defineFunction({
  name: "list_openid_connect_clients",
  perlModule: "(beyond WHM)",
  summary: "List the servers registered with the tenant's OpenID Connect provider",
  acl: "all",
  params: {},
  listKey: "clients",
  returns: schema.object({ clients: schema.array(clientSchema) }),
  async run({ principal, tenant }) {
    const [parties, { hostname }] = await Promise.all([
      listRelyingParties(principal.tenant),
      tenant.record(),
    ]);
    return { clients: parties.map((party) => exportClient(party, hostname)) };
  },
});

export const handler = lambdaHandler(definition);
