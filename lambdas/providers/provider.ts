/** One configuration field an operator fills in for a provider (client_id, client_secret, ...). */
export interface ConfigField {
  readonly label: string;
  readonly description: string;
  readonly displayOrder: number;
}

/** The facts of a built-in identity provider (from Cpanel/Security/Authn/Provider/*.pm). */
export interface ProviderFacts {
  readonly id: string;
  readonly displayName: string;
  /** The module that implements it in cPanel, reported by disable_failing_authentication_providers. */
  readonly perlNamespace: string;
  /**
   * Where its OpenID discovery document is: a fixed URL, the client configuration field holding it
   * (WHMCS), or none for OAuth 2.0-only providers (Facebook, Slack).
   */
  readonly discovery: { readonly url: string } | { readonly field: string } | undefined;
  readonly documentationUrl: string;
  readonly color: string;
  readonly textColor: string;
  /** Base64 of the button icon; empty for none. */
  readonly icon: string;
  readonly iconType: string;
  readonly configFields: Readonly<Record<string, ConfigField>>;
}

/** The client_id/client_secret pair most OpenID Connect providers take (OpenIdConnectBase's defaults). */
export const CLIENT_ID_AND_SECRET: Readonly<Record<string, ConfigField>> = {
  client_id: { label: "Client ID", description: "The ID of the Client", displayOrder: 0 },
  client_secret: { label: "Client Secret", description: "The Secret of the Client", displayOrder: 1 },
};
