import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { CATALOG } from "../../lambdas/catalog.js";
import { openApiDocument } from "../../lambdas/web/openapi.js";

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by a standard validator", async () => {
    const result = await new Validator().validate(openApiDocument());
    assert.equal(result.valid, true, JSON.stringify(result.errors));
  });

  it("describes every catalog function, its parameters, ACL and answer", () => {
    const paths = openApiDocument().paths as Record<string, { get: Record<string, any> }>;
    for (const { definition } of CATALOG) {
      const get = paths[`/json-api/${definition.name}`]?.get;
      assert.ok(get, definition.name);
      assert.ok(paths[`/xml-api/${definition.name}`], `${definition.name} (xml)`);
      assert.equal(get["x-whm-acl"], definition.acl);
      for (const [name, spec] of Object.entries(definition.params)) {
        const parameter: { required?: boolean } | undefined = get.parameters.find(
          (p: { name: string }) => p.name === name,
        );
        assert.equal(parameter?.required, Boolean(spec.required), `${definition.name} ${name}`);
      }
      const data = get.responses["200"].content["application/json"].schema.properties.data;
      assert.equal(Boolean(data), Boolean(definition.returns), `${definition.name} answer schema`);
    }
  });

  it("lambdas/web/shell/openapi.json is the generated document (run `npm run openapi` after changing the catalog)", async () => {
    const committed = JSON.parse(
      await readFile(
        join(import.meta.dirname, "..", "..", "lambdas", "web", "shell", "openapi.json"),
        "utf8",
      ),
    );
    assert.deepEqual(committed, openApiDocument());
  });
});
