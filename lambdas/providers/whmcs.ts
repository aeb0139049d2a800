import { CLIENT_ID_AND_SECRET, type ProviderFacts } from "./provider.js";

/** WHMCS (Cpanel/Security/Authn/Provider/WHMCS.pm): each installation names its own discovery URL. */
export const whmcs: ProviderFacts = {
  id: "whmcs",
  displayName: "WHMCS",
  perlNamespace: "Cpanel::Security::Authn::Provider::WHMCS",
  discovery: { field: "well_known_config_uri" },
  documentationUrl: "http://docs.whmcs.com/WHMCS_OpenID_and_cPanel_Setup_Guide",
  color: "00455e",
  textColor: "FFFFFF",
  // WHMCS's button icon is a large SVG; this registry keeps the button text-only (see docs/DECISIONS.md).
  icon: "",
  iconType: "image/svg+xml",
  configFields: {
    ...CLIENT_ID_AND_SECRET,
    well_known_config_uri: {
      label: "Well Known Config URI",
      description: "The URI to the well known configuration for the Open ID Connect Provider",
      displayOrder: 2,
    },
  },
};
