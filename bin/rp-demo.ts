/**
 * `npm run rp-demo`: a tiny relying party of the local tenant's OpenID Connect provider, as a
 * tenant's WHM server would be one (openid-client, code flow with PKCE). It listens on 127.0.0.1
 * at the redirect URI `npm start` registered for it (RP_DEMO_PORT, default 2099), prints the URL to
 * open, and after the sign-in prints the ID token's claims and the userinfo answer.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import * as oidc from "openid-client";
import { DEMO_RP_FILE, type DemoRelyingParty } from "../local/demo-relying-party.js";

const dataDir = resolve(process.env.WHM_DATA_DIR ?? ".local");
const demo = JSON.parse(
  await readFile(join(dataDir, DEMO_RP_FILE), "utf8").catch(() => {
    console.error("npm run rp-demo: start the service first (npm start), which registers this demo.");
    process.exit(1);
  }),
) as DemoRelyingParty;
const redirect = new URL(demo.redirectUri);
const config = await oidc.discovery(new URL(demo.issuer), demo.clientId, demo.clientSecret, undefined, {
  execute: [oidc.allowInsecureRequests],
});
const pending = new Map<string, { verifier: string; nonce: string }>();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", redirect.origin);
  try {
    if (url.pathname === "/") {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = randomBytes(16).toString("base64url");
      const nonce = oidc.randomNonce();
      pending.set(state, { verifier, nonce });
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: demo.redirectUri,
        scope: "openid profile email",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (url.pathname === "/callback") {
      const expected = pending.get(url.searchParams.get("state") ?? "");
      if (!expected) throw new Error("unknown state: start at /");
      pending.delete(url.searchParams.get("state") ?? "");
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: expected.verifier,
        expectedState: url.searchParams.get("state") ?? "",
        expectedNonce: expected.nonce,
      });
      const claims = tokens.claims();
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub ?? "");
      const report = JSON.stringify({ id_token_claims: claims, userinfo }, null, 2);
      console.log(`signed in:\n${report}`);
      res.writeHead(200, { "content-type": "application/json" }).end(report);
      return;
    }
    res.writeHead(404).end();
  } catch (error) {
    console.error(`rp-demo: ${(error as Error).message}`);
    res.writeHead(400, { "content-type": "text/plain" }).end((error as Error).message);
  }
});
server.listen(Number(redirect.port), "127.0.0.1", () => {
  console.log(`rp-demo: a relying party of ${demo.issuer} (client ${demo.clientId})
  open ${redirect.origin}/ and sign in as the stand-in test user (linked to root, see npm start's banner)`);
});
