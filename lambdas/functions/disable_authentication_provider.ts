import type { Service } from "../kernel/domain.js";
import { providerIdParam, requireProvider, serviceNameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { setEnabled } from "../stores/provider-settings.js";

/** Disables a provider's login on a service. */
export const definition = defineFunction({
  name: "disable_authentication_provider",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Disable identity provider",
  acl: "all",
  params: { service_name: serviceNameParam, provider_id: providerIdParam },
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    await setEnabled(tenant.id, provider.id, args.service_name as Service, false);
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
