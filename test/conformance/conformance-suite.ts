import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CATALOG } from "../../lambdas/catalog.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { seedDirectory } from "../helpers/whm-accounts.js";
import { CASES, normalize } from "./cases.js";

/** Golden answers: `UPDATE_GOLDEN=1 npm run test:unit` rewrites them after a deliberate change. */
const GOLDEN = join(import.meta.dirname, "golden");
const update = process.env.UPDATE_GOLDEN === "1";

/** Replays every case, in order, on a fresh stack (later cases rely on earlier writes) in one format. */
export function conformanceSuite(format: "json" | "xml"): void {
  describe(`conformance (${format}): every catalog function answers word for word as recorded`, () => {
    let stack: TestStack;
    let narrow: string;
    before(async () => {
      stack = await startTestStack();
      await seedDirectory("local");
      narrow = (
        await createToken({ tenant: "local", user: "root", name: "narrow", acls: ["manage-api-tokens"] })
      ).token;
    });
    after(() => stack.stop());

    it("holds a success and an error case for every catalog function", () => {
      for (const { definition } of CATALOG) {
        const cases = CASES.filter((c) => c.fn === definition.name);
        assert.ok(
          cases.some((c) => c.name.startsWith("ok")),
          `${definition.name} has no success case`,
        );
        assert.ok(
          cases.some((c) => !c.name.startsWith("ok")),
          `${definition.name} has no error case`,
        );
      }
    });

    it(`answers all ${CASES.length} cases as recorded`, async () => {
      for (const testCase of CASES) {
        const params = typeof testCase.params === "function" ? await testCase.params(stack) : testCase.params;
        const { status, text } = await stack.call(testCase.fn, params, {
          format,
          token: testCase.narrow ? narrow : undefined,
        });
        const actual = `${status}\n${normalize(text)}\n`;
        const file = join(GOLDEN, `${testCase.fn}.${testCase.name}.${format}.golden`);
        if (update) await writeFile(file, actual);
        assert.equal(actual, await readFile(file, "utf8"), `${testCase.fn} ${testCase.name} (${format})`);
      }
    });
  });
}
