import {
  checkRedirectUris,
  clientSchema,
  exportClient,
  newClientId,
  newClientSecret,
} from "../fleet/clients.js";
import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { sha256 } from "../stores/hash.js";
import { putRelyingParty } from "../stores/relying-parties.js";

/**
 * Beyond WHM: registers one of the tenant's servers as a client of the tenant's OpenID Connect
 * provider (docs/FLEET-SIGN-IN.md), with the redirect URIs its WHM advertises
 * (get_provider_client_configurations on the server), matched exactly. Answers the client id and
 * the client secret — shown this once, stored hashed. Root only.
 */
export const definition = defineFunction({
  name: "register_openid_connect_client",
  perlModule: "(beyond WHM)",
  summary: "Register a server as a client of the tenant's OpenID Connect provider",
  acl: "all",
  params: {
    name: {
      description: "A label for the server, e.g. its host name.",
      required: true,
      nonEmpty: true,
      maxLength: 128,
      example: "srv1.example.com",
    },
    redirect_uri: {
      description: "A redirect URI as the server advertises it (repeat as redirect_uri-1, ...).",
      repeated: true,
      maxLength: 2000,
      example: "https://srv1.example.com:2087/openid_connect_callback/whmcs",
    },
    post_logout_redirect_uri: {
      description: "Where the browser may return after signing out (repeatable).",
      repeated: true,
      maxLength: 2000,
    },
    server: {
      description:
        "The server's name as its directory pushes give it: its cPanel accounts may then sign in to its cPanel and Webmail.",
      maxLength: 253,
      example: "srv1",
    },
    public_client: {
      description: "1 for a client that keeps no secret (it must use PKCE).",
      type: "boolean",
    },
  },
  returns: schema.object({
    client: clientSchema,
    client_secret: schema.string("Shown once; absent for a public client."),
  }),
  async run({ principal, tenant }, args) {
    if (!args.redirect_uri.length)
      throw errors.missingParameter("redirect_uri", "(beyond WHM)::register_openid_connect_client");
    checkRedirectUris([...args.redirect_uri, ...args.post_logout_redirect_uri]);
    const secret = args.public_client ? undefined : newClientSecret();
    const party = {
      clientId: newClientId(),
      name: args.name,
      server: args.server,
      redirectUris: [...new Set(args.redirect_uri)],
      postLogoutRedirectUris: [...new Set(args.post_logout_redirect_uri)],
      secretHash: secret && sha256(secret),
    };
    const registered = await putRelyingParty(principal.tenant, party);
    if (!registered) throw new Error("client id collision");
    const { hostname } = await tenant.record();
    return {
      client: exportClient(registered, hostname),
      ...(secret ? { client_secret: secret } : {}),
    };
  },
});

export const handler = lambdaHandler(definition);
