/**
 * `npm run portal-code`: runs the stand-in portal's authorization flow (started by `npm start`)
 * and prints a fresh OAuth2 code and its redirect URI, for trying ticket_validate_oauth2_code.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { obtainPortalCode } from "../local/portal.js";

const dataDir = resolve(process.env.WHM_DATA_DIR ?? ".local");
const portal = JSON.parse(
  await readFile(join(dataDir, "portal.json"), "utf8").catch(() => {
    console.error("No running local stack found: start it with `npm start` first.");
    process.exit(1);
  }),
) as { authorizationEndpoint: string; clientId: string; redirectUri: string };
const code = await obtainPortalCode(portal.authorizationEndpoint, portal.clientId, portal.redirectUri);
console.log(`code=${code}\nredirect_uri=${portal.redirectUri}`);
