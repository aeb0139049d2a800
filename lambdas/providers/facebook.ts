import type { ProviderFacts } from "./provider.js";

/** Facebook (Cpanel/Security/Authn/Provider/Facebook.pm): OAuth 2.0 only, no discovery document. */
export const facebook: ProviderFacts = {
  id: "facebook",
  displayName: "Facebook",
  perlNamespace: "Cpanel::Security::Authn::Provider::Facebook",
  discovery: undefined,
  documentationUrl: "https://developers.facebook.com/docs/facebook-login/",
  color: "3B5998",
  textColor: "FFFFFF",
  icon: [
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxNTYuODkx",
    "IiBoZWlnaHQ9IjMwMi4xMSIgdmlld0JveD0iMCAwIDExNy42Njc5NyAyMjYuNTgyMjEiPjxw",
    "YXRoIGQ9Ik0zNC43OCAyMjYuNTgyVjEyMy4yM0gwVjgyLjk1aDM0Ljc4VjUzLjI0QzM0Ljc4",
    "IDE4Ljc3IDU1LjgzNyAwIDg2LjU4NyAwYzE0LjczIDAgMjcuMzkgMS4wOTggMzEuMDgyIDEu",
    "NTg2djM2LjAyN2wtMjEuMzI4LjAwOGMtMTYuNzI3IDAtMTkuOTY1IDcuOTUtMTkuOTY1IDE5",
    "LjYxdjI1LjcyaDM5Ljg4N2wtNS4xOTIgNDAuMjhINzYuMzc1djEwMy4zNTIiIGZpbGw9IiNm",
    "ZmYiLz48L3N2Zz4=",
  ].join(""),
  iconType: "image/svg+xml",
  configFields: {
    client_id: { label: "App ID", description: "The ID of the Facebook Application", displayOrder: 0 },
    client_secret: {
      label: "App Secret",
      description: "The Secret of the Facebook Application",
      displayOrder: 1,
    },
  },
};
