import { clientConfigurations } from "../providers/configured.js";
import { providerFailure } from "../providers/discovery-check.js";
import { PROVIDERS } from "../providers/registry.js";
import { defineFunction } from "../runtime/define.js";
import { ALLOWED_SERVICES } from "../runtime/errors.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listProviderSettings, setEnabled } from "../stores/provider-settings.js";

/** How long each provider's discovery document may take to answer. */
const CHECK_TIMEOUT_MS = Number(process.env.PROVIDER_CHECK_TIMEOUT_MS ?? 3000);

/**
 * Checks every enabled provider for real (its configuration and its OpenID discovery document),
 * disables the failing ones on every service where they were enabled, and reports them.
 */
export const definition = defineFunction({
  name: "disable_failing_authentication_providers",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Disable failing identity providers",
  acl: "all",
  needs: { table: "write", secrets: "read", outbound: true },
  params: {},
  listKey: "payload",
  returns: schema.object({
    payload: schema.array(
      schema.object({
        provider_name: schema.string(),
        provider_namespace: schema.string(),
        provider_failure: schema.string(),
        disabled_services: schema.array(schema.string()),
        failures_to_disable: schema.array(
          schema.object({ service_name: schema.string(), failure: schema.string() }),
        ),
      }),
    ),
  }),
  async run({ tenant }) {
    const [configurations, settings] = await Promise.all([
      clientConfigurations(tenant.id),
      listProviderSettings(tenant.id),
    ]);
    const enabled = [...settings].flatMap(([id, setting]) => {
      const provider = PROVIDERS.get(id);
      const services = ALLOWED_SERVICES.filter((service) => setting.enabled[service]);
      return provider && services.length ? [{ provider, services }] : [];
    });
    const checks = await Promise.all(
      enabled.map(async ({ provider, services }) => ({
        provider,
        services,
        failure: await providerFailure(provider, configurations[provider.id], CHECK_TIMEOUT_MS),
      })),
    );
    const payload = [];
    for (const { provider, services, failure } of checks) {
      if (!failure) continue;
      for (const service of services) await setEnabled(tenant.id, provider.id, service, false);
      payload.push({
        provider_name: provider.id,
        provider_namespace: provider.perlNamespace,
        provider_failure: failure,
        disabled_services: services,
        failures_to_disable: [],
      });
    }
    return { payload };
  },
});

export const handler = lambdaHandler(definition);
