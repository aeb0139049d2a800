import type { ProviderFacts } from "./provider.js";

/** How a provider's login button looks on a service (WHM's display configuration). */
export type DisplayConfiguration = Record<string, string>;

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
