/**
 * `npm start`: the whole service on 127.0.0.1 with no AWS account. State is kept under .local/
 * (override with WHM_DATA_DIR); PORT picks the port (default 2087); WHM_ROOT_TOKEN fixes the token.
 */
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CATALOG } from "../lambdas/catalog.js";
import { logger } from "../lambdas/runtime/logger.js";
import { LOCAL_PORTAL_REDIRECT_URI, LOCAL_TENANT, startLocalStack } from "../local/stack.js";

// One line per call is for CloudWatch; on a terminal only warnings and errors are worth showing.
if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel("WARN");
const dataDir = resolve(process.env.WHM_DATA_DIR ?? ".local");
const port = Number(process.env.PORT ?? 2087);
const stack = await startLocalStack({
  dataDir,
  persistent: true,
  port,
  rootToken: process.env.WHM_ROOT_TOKEN || undefined,
  signIn: true,
  demoDirectory: true,
  demoRelyingPartyPort: Number(process.env.RP_DEMO_PORT ?? 2099),
}).catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `npm start: port ${port} on 127.0.0.1 is in use (is npm start running already?); set PORT to use another.`
      : `npm start: ${error.message}`,
  );
  process.exit(1);
});

// Where the other local commands (portal-code, admin --local) find this running stack.
await writeFile(
  join(dataDir, "stack.json"),
  JSON.stringify({
    url: stack.url,
    dynamoEndpoint: stack.dynamo.endpoint,
    table: process.env.TABLE_NAME,
    secretsFile: process.env.SECRETS_FILE,
    portal: {
      authorizationEndpoint: stack.portal.authorizationEndpoint,
      clientId: stack.portal.client.clientId,
      redirectUri: LOCAL_PORTAL_REDIRECT_URI,
    },
  }),
  { mode: 0o600 },
);

// Pages that sign in find the tenant by host name: a browser must use localhost, not the address.
const browserUrl = stack.url.replace("127.0.0.1", LOCAL_TENANT.hostname);

console.log(`whm-serverless is running (local stage)

  WHM API 1      ${stack.url}/json-api/FUNCTION  and  ${stack.url}/xml-api/FUNCTION
  API Shell      ${browserUrl}/api-shell/   (browser pages answer on the tenant's host name, ${LOCAL_TENANT.hostname})
  tenant         ${LOCAL_TENANT.id} (hostname ${LOCAL_TENANT.hostname})
  directory      demo accounts res1, res2 (resellers), bob, carol, dave, erin (local/demo-directory.ts, loaded on the first start)
  root token     ${stack.rootToken}   (saved in ${dataDir}/root-token, mode 0600)
  DynamoDB Local ${stack.dynamo.endpoint}   (data in ${dataDir}/dynamodb)
  portal         ${stack.portal.issuer}   (stand-in cPanel Customer Portal, OAuth 2.0)
  functions      ${CATALOG.length}: ${CATALOG.map((entry) => entry.definition.name).join(", ")}

Try:
  curl -H "Authorization: whm root:${stack.rootToken}" "${stack.url}/json-api/get_provider_client_configurations?api.version=1&provider_id=cpanelid&service_name=cpaneld"
  npm run portal-code     # prints a portal OAuth2 code for ticket_validate_oauth2_code (redirect_uri=${LOCAL_PORTAL_REDIRECT_URI})

Sign in to WHM with the stand-in identity provider (${stack.signIn?.provider}):
  test user subject: ${stack.signIn?.testSubject}
  curl -H "Authorization: whm root:${stack.rootToken}" "${stack.url}/json-api/link_user_authn_provider?api.version=1&username=root&provider_id=${stack.signIn?.provider}&subject_unique_identifier=${stack.signIn?.testSubject}&preferred_username=${stack.signIn?.testSubject}"
  then open ${stack.signIn?.startUrl}

Sign a server in through the tenant's OpenID Connect provider (docs/FLEET-SIGN-IN.md):
  discovery      ${browserUrl}/.well-known/openid-configuration
  demo server    client ${stack.signIn?.demoRelyingParty?.clientId}, redirect URI ${stack.signIn?.demoRelyingParty?.redirectUri}
  npm run rp-demo     # then open ${stack.signIn?.demoRelyingParty?.redirectUri.replace("/callback", "/")} (after linking the test user as above)

Ctrl-C stops everything.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
