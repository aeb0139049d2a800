import { clientConfigurationReads, clientConfigurations } from "../providers/configured.js";
import { providerIdParam, requireProvider, serviceNameParam } from "../providers/params.js";
import { defaultRedirectUris } from "../providers/service-ports.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";

/**
 * Returns a provider's client configuration. With nothing configured yet it still returns the
 * default redirect URIs, so that an operator can register them at the provider.
 */
export const definition = defineFunction({
  name: "get_provider_client_configurations",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Return identity provider client configuration",
  acl: "all",
  params: { service_name: serviceNameParam, provider_id: providerIdParam },
  returns: schema.object({
    client_configurations: schema.object({
      client_id: schema.string(),
      client_secret: schema.string(),
      redirect_uris: schema.array(schema.string(), "One callback URL per service."),
    }),
  }),
  reads: ({ tenant }) => clientConfigurationReads(tenant),
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    const stored = (await clientConfigurations(tenant.id))[provider.id];
    const redirect_uris = defaultRedirectUris((await tenant.record()).hostname, provider.id);
    return { client_configurations: stored ? { ...stored, redirect_uris } : { redirect_uris } };
  },
});

export const handler = lambdaHandler(definition);
