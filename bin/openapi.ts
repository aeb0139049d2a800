/** `npm run openapi`: writes the OpenAPI document the API Shell serves (lambdas/web/shell/openapi.json) from the function catalog. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openApiDocument } from "../lambdas/web/openapi.js";

const file = join(import.meta.dirname, "..", "lambdas", "web", "shell", "openapi.json");
await writeFile(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file}`);
