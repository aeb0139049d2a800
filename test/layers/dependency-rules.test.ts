import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, describe, it } from "node:test";

/**
 * The layer rules (.dependency-cruiser.cjs) run on small trees shaped like lambdas/: each test
 * writes one, runs the same command `npm run check` runs, and reads its verdict.
 */
const repo = resolve(import.meta.dirname, "../..");
const depcruise = join(repo, "node_modules/.bin/depcruise");
const trees: string[] = [];
after(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const tree = mkdtempSync(join(tmpdir(), "layers-"));
  trees.push(tree);
  copyFileSync(join(repo, ".dependency-cruiser.cjs"), join(tree, ".dependency-cruiser.cjs"));
  copyFileSync(join(repo, "tsconfig.json"), join(tree, "tsconfig.json"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  }
  const run = spawnSync(
    depcruise,
    ["--config", ".dependency-cruiser.cjs", "--output-type", "err-long", "lambdas"],
    {
      cwd: tree,
      encoding: "utf8",
      // The suite's NODE_OPTIONS name its loopback guard by a path relative to the repository.
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

const kernel = { "lambdas/kernel/errors.ts": "export const text = 'x';\n" };

describe("layer rules", () => {
  it("pass imports that go down the layers", () => {
    const { status, output } = cruise({
      ...kernel,
      "lambdas/stores/tokens.ts": "import { text } from '../kernel/errors.js';\nexport const t = text;\n",
      "lambdas/runtime/auth.ts": "import { t } from '../stores/tokens.js';\nexport const a = t;\n",
      "lambdas/functions/api_token_list.ts": "import { a } from '../runtime/auth.js';\nexport const f = a;\n",
    });
    assert.equal(status, 0, output);
  });

  it("fail a store importing the runtime, naming both files", () => {
    const { status, output } = cruise({
      "lambdas/runtime/ttl-cache.ts": "export const cache = 1;\n",
      "lambdas/stores/tenants.ts":
        "import { cache } from '../runtime/ttl-cache.js';\nexport const t = cache;\n",
    });
    assert.notEqual(status, 0);
    assert.match(
      output,
      /stores-imports-upward: lambdas\/stores\/tenants\.ts → lambdas\/runtime\/ttl-cache\.ts/,
    );
  });

  it("fail the kernel importing a store, even for a type", () => {
    const { status, output } = cruise({
      "lambdas/stores/read-ahead.ts": "export interface ItemKey { pk: string }\n",
      "lambdas/kernel/domain.ts":
        "import type { ItemKey } from '../stores/read-ahead.js';\nexport type Key = ItemKey;\n",
    });
    assert.notEqual(status, 0);
    assert.match(
      output,
      /kernel-imports-upward: lambdas\/kernel\/domain\.ts → lambdas\/stores\/read-ahead\.ts/,
    );
  });

  it("fail a family importing an entry point", () => {
    const { status, output } = cruise({
      "lambdas/web/html-page.ts": "export const page = 1;\n",
      "lambdas/sign-in/pages.ts": "import { page } from '../web/html-page.js';\nexport const p = page;\n",
    });
    assert.notEqual(status, 0);
    assert.match(
      output,
      /families-imports-upward: lambdas\/sign-in\/pages\.ts → lambdas\/web\/html-page\.ts/,
    );
  });

  it("fail a cycle between two families", () => {
    const { status, output } = cruise({
      "lambdas/tokens/a.ts": "import { b } from '../accounts/b.js';\nexport const a = () => b;\n",
      "lambdas/accounts/b.ts": "import { a } from '../tokens/a.js';\nexport const b = () => a;\n",
    });
    assert.notEqual(status, 0);
    assert.match(
      output,
      /no-cycle: lambdas\/(tokens\/a|accounts\/b)\.ts → [\s\S]*lambdas\/(accounts\/b|tokens\/a)\.ts/,
    );
  });

  it("fail a function importing another function", () => {
    const { status, output } = cruise({
      "lambdas/functions/api_token_list.ts": "export const list = 1;\n",
      "lambdas/functions/api_token_revoke.ts":
        "import { list } from './api_token_list.js';\nexport const r = list;\n",
    });
    assert.notEqual(status, 0);
    assert.match(
      output,
      /function-imports-function: lambdas\/functions\/api_token_revoke\.ts → lambdas\/functions\/api_token_list\.ts/,
    );
  });

  it("fail handler code importing the local stack", () => {
    const { status, output } = cruise({
      "local/stand-in.ts": "export const standIn = 1;\n",
      "lambdas/runtime/handler.ts":
        "import { standIn } from '../../local/stand-in.js';\nexport const h = standIn;\n",
    });
    assert.notEqual(status, 0);
    assert.match(output, /handler-code-imports-tooling/);
  });
});
