/** The `whmapi1` command line (see cli/whmapi1.ts for its arguments and configuration). */
import { main, UsageError } from "../cli/whmapi1.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`whmapi1: ${error.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 3;
  },
);
