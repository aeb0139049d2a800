import { clientConfigurationReads, clientConfigurations } from "../providers/configured.js";
import { providerIdParam, requireProvider, serviceNameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";

/** Lists the fields an operator fills in for a provider, with their labels, help and current values. */
export const definition = defineFunction({
  name: "get_provider_configuration_fields",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Return identity provider configuration fields",
  acl: "all",
  params: { service_name: serviceNameParam, provider_id: providerIdParam },
  listKey: "configuration_fields",
  returns: schema.object({
    configuration_fields: schema.array(
      schema.object({
        field_id: schema.string(),
        label: schema.string(),
        description: schema.string(),
        value: schema.nullable(schema.string()),
        display_order: schema.integer(),
      }),
    ),
  }),
  reads: ({ tenant }) => clientConfigurationReads(tenant),
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    const current = (await clientConfigurations(tenant.id))[provider.id] ?? {};
    const configuration_fields = Object.entries(provider.configFields).map(([field_id, field]) => ({
      field_id,
      label: field.label,
      description: field.description,
      value: current[field_id] ?? null,
      display_order: field.displayOrder,
    }));
    return { configuration_fields };
  },
});

export const handler = lambdaHandler(definition);
