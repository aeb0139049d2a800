import { CLIENT_ID_AND_SECRET, type ProviderFacts } from "./provider.js";

/** Google (Cpanel/Security/Authn/Provider/Google.pm). */
export const google: ProviderFacts = {
  id: "google",
  displayName: "Google",
  perlNamespace: "Cpanel::Security::Authn::Provider::Google",
  discovery: { url: "https://accounts.google.com/.well-known/openid-configuration" },
  documentationUrl: "https://developers.google.com/identity/protocols/OpenIDConnect",
  color: "dd4b39",
  textColor: "FFFFFF",
  icon: [
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIyMiIgaGVp",
    "Z2h0PSIxNCIgdmlld0JveD0iMCAwIDIyIDE0Ij48ZyBmaWxsPSIjZmZmIiBmaWxsLXJ1bGU9",
    "ImV2ZW5vZGQiPjxwYXRoIGQ9Ik03IDZ2Mi40aDMuOTdjLS4xNiAxLjAzLTEuMiAzLjAyLTMu",
    "OTcgMy4wMi0yLjM5IDAtNC4zNC0xLjk4LTQuMzQtNC40MlM0LjYxIDIuNTggNyAyLjU4YzEu",
    "MzYgMCAyLjI3LjU4IDIuNzkgMS4wOGwxLjktMS44M0MxMC40Ny42OSA4Ljg5IDAgNyAwIDMu",
    "MTMgMCAwIDMuMTMgMCA3czMuMTMgNyA3IDdjNC4wNCAwIDYuNzItMi44NCA2LjcyLTYuODQg",
    "MC0uNDYtLjA1LS44MS0uMTEtMS4xNkg3ek0yMiA2aC0yVjRoLTJ2MmgtMnYyaDJ2MmgyVjho",
    "MiIvPjwvZz48L3N2Zz4=",
  ].join(""),
  iconType: "image/svg+xml",
  configFields: CLIENT_ID_AND_SECRET,
};
