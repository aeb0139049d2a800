import { ALLOWED_SERVICES } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { PROVIDERS } from "../providers/registry.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listProviderSettings, setEnabled } from "../stores/provider-settings.js";

/**
 * Disables, on every service where it is enabled, each provider that cannot be used at all, and
 * reports them. The reference checks exactly one thing (Cpanel/Security/Authn/OpenIdConnect.pm
 * `disable_failing_providers`): that the provider's module still loads. Here that is a provider
 * id enabled in the tenant's settings that the registry no longer has. Nothing is fetched.
 */
export const definition = defineFunction({
  name: "disable_failing_authentication_providers",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Disable failing identity providers",
  acl: "all",
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
    const payload = [];
    for (const [id, setting] of await listProviderSettings(tenant.id)) {
      const services = ALLOWED_SERVICES.filter((service) => setting.enabled[service]);
      if (PROVIDERS.has(id) || !services.length) continue;
      const namespace = `Cpanel::Security::Authn::Provider::${id}`;
      for (const service of services) await setEnabled(tenant.id, id, service, false);
      payload.push({
        provider_name: id,
        provider_namespace: namespace,
        provider_failure: errors.providerModuleMissing(namespace).reason.replace(/^API failure: /, ""),
        disabled_services: services,
        failures_to_disable: [],
      });
    }
    return { payload };
  },
});

export const handler = lambdaHandler(definition);
