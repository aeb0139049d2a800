/**
 * `npm run operator-policy`: writes ops/operator-policy.json, the least-privilege IAM policy of a
 * stage's operator. Its data part is derived like a function's role: the accesses the admin
 * command's bundle names (lib/grants.ts), so it cannot drift from what the command does.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { operatorPolicy } from "../lib/operator-policy.js";

const file = join(import.meta.dirname, "..", "ops", "operator-policy.json");
await writeFile(file, `${JSON.stringify(operatorPolicy(), null, 2)}\n`);
console.log(`wrote ${file}`);
