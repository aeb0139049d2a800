import { ALLOWED_SERVICES } from "../kernel/domain.js";
import { clientConfigurationReads, clientConfigurations } from "../providers/configured.js";
import { defaultDisplay, displayProperties } from "../providers/display.js";
import { PROVIDERS } from "../providers/registry.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listProviderSettings } from "../stores/provider-settings.js";

/**
 * Lists the installed identity providers: each one's default button display, its login link per
 * service (`SERVICE_link`), whether it is configured, and where it is enabled (`SERVICE_enabled`).
 */
export const definition = defineFunction({
  name: "get_available_authentication_providers",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Return available identity providers",
  acl: "all",
  params: {},
  listKey: "providers",
  returns: schema.object({
    providers: schema.array(
      schema.object({
        ...displayProperties,
        id: schema.string(),
        configured: schema.flag(),
        cpaneld_link: schema.string(),
        whostmgrd_link: schema.string(),
        webmaild_link: schema.string(),
        cpaneld_enabled: schema.flag(),
        whostmgrd_enabled: schema.flag(),
        webmaild_enabled: schema.flag(),
      }),
    ),
  }),
  reads: ({ tenant }) => clientConfigurationReads(tenant),
  async run({ tenant }) {
    const [configurations, settings] = await Promise.all([
      clientConfigurations(tenant.id),
      listProviderSettings(tenant.id),
    ]);
    const providers = [...PROVIDERS.values()].map((provider) => {
      const { link, ...display } = defaultDisplay(provider);
      const entry: Record<string, unknown> = {
        ...display,
        id: provider.id,
        configured: configurations[provider.id] ? 1 : 0,
      };
      for (const service of ALLOWED_SERVICES) {
        entry[`${service}_link`] = link;
        entry[`${service}_enabled`] = settings.get(provider.id)?.enabled[service] ? 1 : 0;
      }
      return entry;
    });
    return { providers };
  },
});

export const handler = lambdaHandler(definition);
