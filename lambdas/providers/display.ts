import type { DisplayConfiguration } from "../kernel/domain.js";
import { schema } from "../runtime/schema.js";
import type { ProviderFacts } from "./provider.js";

/** The provider's default display configuration (OpenIdConnectBase.pm `_DISPLAY_CONFIG`). */
export function defaultDisplay(provider: ProviderFacts): DisplayConfiguration {
  return {
    label: `Log in via ${provider.displayName}`,
    link: `/openid_connect/${provider.id}`,
    color: provider.color,
    textcolor: provider.textColor,
    ...(provider.icon ? { icon: provider.icon } : {}),
    icon_type: provider.iconType,
    display_name: provider.displayName,
    provider_name: provider.id,
    documentation_url: provider.documentationUrl,
  };
}

/** The fields of a display configuration, for the OpenAPI document. */
export const displayProperties = {
  label: schema.string("The button's text."),
  color: schema.string("Button color, hex RRGGBB without #."),
  textcolor: schema.string("Text color, hex RRGGBB without #."),
  icon: schema.string("Base64 of the button icon."),
  icon_type: schema.string("The icon's MIME type."),
  display_name: schema.string(),
  provider_name: schema.string(),
  documentation_url: schema.string(),
};
