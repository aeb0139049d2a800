import type { Service } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { clientConfigurationReads, clientConfigurations } from "../providers/configured.js";
import { providerIdParam, requireProvider, serviceNameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { setEnabled } from "../stores/provider-settings.js";

/** Enables a provider's login on a service. The provider must be configured first. */
export const definition = defineFunction({
  name: "enable_authentication_provider",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Enable identity provider",
  acl: "all",
  params: { service_name: serviceNameParam, provider_id: providerIdParam },
  reads: ({ tenant }) => clientConfigurationReads(tenant),
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    if (!(await clientConfigurations(tenant.id))[provider.id])
      throw errors.providerNotConfigured(provider.displayName);
    await setEnabled(tenant.id, provider.id, args.service_name as Service, true);
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
