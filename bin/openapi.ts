/** `npm run openapi`: writes docs/openapi.json from the function catalog. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openApiDocument } from "../lambdas/web/openapi.js";

const file = join(import.meta.dirname, "..", "docs", "openapi.json");
await writeFile(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file}`);
