/**
 * `npm run portal-code`: runs the stand-in portal's authorization flow (started by `npm start`)
 * and prints a fresh OAuth2 code and its redirect URI, for trying ticket_validate_oauth2_code.
 */
import { obtainPortalCode } from "../local/portal.js";
import { readRunningStack } from "../local/running-stack.js";

const { portal } = await readRunningStack();
const code = await obtainPortalCode(portal.authorizationEndpoint, portal.clientId, portal.redirectUri);
console.log(`code=${code}\nredirect_uri=${portal.redirectUri}`);
