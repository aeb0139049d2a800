import { validateClientConfiguration } from "../providers/client-configuration.js";
import { providerIdParam, requireProvider, serviceNameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { recordEvent } from "../stores/audit.js";
import { withLock } from "../stores/locks.js";
import { secretWriter } from "../stores/secrets/index.js";

/**
 * Sets a provider's client configuration (client_id, client_secret, ...) from a JSON object.
 * Every field the provider declares is required and no other key is accepted; the values are
 * stored in the tenant's secret, never in the table, under a lock so concurrent setters all land.
 */
export const definition = defineFunction({
  name: "set_provider_client_configurations",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Update identity provider client configuration",
  acl: "all",
  params: {
    service_name: serviceNameParam,
    provider_id: providerIdParam,
    configurations: {
      description:
        'The provider\'s configuration fields as a JSON object, e.g. {"client_id":"...","client_secret":"..."}.',
      required: true,
      type: "json",
      maxLength: 16_384,
      example: '{"client_id":"victoria","client_secret":"secret"}',
    },
  },
  returns: schema.empty(),
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    const configuration = validateClientConfiguration(provider, args.configurations);
    const store = secretWriter();
    // One secret holds every provider of the tenant: concurrent setters must not overwrite each other.
    await withLock(`secrets#${tenant.id}`, async () => {
      const secrets = (await store.get(tenant.id, { fresh: true })) ?? { providers: {} };
      secrets.providers[provider.id] = configuration;
      await store.put(tenant.id, secrets);
    });
    // Secrets Manager cannot join a DynamoDB transaction: the event follows the stored secret.
    await recordEvent({
      target: provider.id,
      detail: `client configuration set: ${Object.keys(configuration).join(", ")}`,
    });
    return {};
  },
});

export const handler = lambdaHandler(definition);
