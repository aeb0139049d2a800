/**
 * `npm run portal-code`: runs the stand-in portal's authorization flow (started by `npm start`)
 * and prints a fresh OAuth2 code and its redirect URI, for trying ticket_validate_oauth2_code.
 */
import { obtainPortalCode } from "../local/portal.js";
import { readRunningStack } from "../local/running-stack.js";

try {
  const { portal } = await readRunningStack();
  const code = await obtainPortalCode(
    portal.authorizationEndpoint,
    portal.clientId,
    portal.redirectUri,
  ).catch(() => {
    throw new Error(
      `the stand-in portal (${portal.authorizationEndpoint}) does not answer: is npm start running?`,
    );
  });
  console.log(`code=${code}\nredirect_uri=${portal.redirectUri}`);
} catch (error) {
  console.error(`portal-code: ${(error as Error).message}`);
  process.exit(1);
}
