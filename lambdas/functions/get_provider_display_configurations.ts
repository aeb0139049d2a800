import { ALLOWED_SERVICES } from "../kernel/domain.js";
import { defaultDisplay, displayProperties } from "../providers/display.js";
import { providerIdParam, requireProvider } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { keys } from "../stores/dynamo.js";
import { getProviderSettings } from "../stores/provider-settings.js";

/** Returns how a provider's login button looks on each service (custom settings, else the defaults). */
export const definition = defineFunction({
  name: "get_provider_display_configurations",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Return identity provider display configuration",
  acl: "all",
  params: { provider_id: providerIdParam },
  listKey: "configurations",
  returns: schema.object({
    configurations: schema.array(
      schema.object({ ...displayProperties, link: schema.string(), service: schema.string() }),
    ),
  }),
  reads: ({ tenant }, args) => [keys.provider(tenant, requireProvider(args.provider_id).id)],
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    const { display } = await getProviderSettings(tenant.id, provider.id);
    const configurations = ALLOWED_SERVICES.map((service) => ({
      ...(display[service] ?? defaultDisplay(provider)),
      service,
    }));
    return { configurations };
  },
});

export const handler = lambdaHandler(definition);
