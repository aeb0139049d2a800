import type { Service } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { defaultDisplay } from "../providers/display.js";
import {
  configurationsParam,
  providerIdParam,
  requireProvider,
  serviceNameParam,
} from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { keys } from "../stores/dynamo.js";
import { getProviderSettings, setDisplay } from "../stores/provider-settings.js";

const HEX_COLOR = /^[0-9a-fA-F]{3,6}$/;
const MAX_VALUE = 65_536;

/**
 * Changes how a provider's login button looks on one service. Only existing display keys can be
 * set; `color` and `textcolor` take hex colors without `#`. The other keys keep their values.
 */
export const definition = defineFunction({
  name: "set_provider_display_configurations",
  perlModule: "Whostmgr::API::1::Authentication",
  summary: "Update identity provider display configuration",
  acl: "all",
  params: {
    service_name: serviceNameParam,
    provider_id: providerIdParam,
    configurations: { ...configurationsParam, example: '{"label":"Log in with our ID","color":"FF6C2C"}' },
  },
  returns: schema.empty(),
  reads: ({ tenant }, args) => [keys.provider(tenant, requireProvider(args.provider_id).id)],
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    const service = args.service_name as Service;
    const changes = args.configurations;
    if (changes === null || typeof changes !== "object" || Array.isArray(changes))
      throw errors.notAHash("configurations");
    const current = {
      ...((await getProviderSettings(tenant.id, provider.id)).display[service] ?? defaultDisplay(provider)),
    };
    for (const [key, value] of Object.entries(changes as Record<string, unknown>)) {
      if (!Object.hasOwn(current, key)) throw errors.unknownDisplayKey(provider.id, key);
      if (typeof value !== "string" && typeof value !== "number") throw errors.configurationNotString(key);
      const text = String(value);
      if (text.length > MAX_VALUE) throw errors.tooLong(key, MAX_VALUE);
      if ((key === "color" || key === "textcolor") && !HEX_COLOR.test(text)) throw errors.displayColor(key);
      current[key] = text;
    }
    await setDisplay(tenant.id, provider.id, service, current);
    return {};
  },
});

export const handler = lambdaHandler(definition);
