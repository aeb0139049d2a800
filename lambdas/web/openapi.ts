import { CATALOG } from "../catalog.js";
import type { FunctionDefinition, ParamSpec, Params } from "../runtime/define.js";
import { NOT_SERVED, notServedReason } from "../runtime/not-served.js";
import type { Schema } from "../runtime/schema.js";

const JSON_TYPES: Record<NonNullable<ParamSpec["type"]>, Schema> = {
  string: { type: "string" },
  integer: { type: "integer" },
  boolean: { type: "integer", enum: [0, 1] },
  json: { type: "string", contentMediaType: "application/json" },
};

function paramSchema(spec: ParamSpec): Schema {
  return {
    ...JSON_TYPES[spec.type ?? "string"],
    ...(spec.enum ? { enum: [...spec.enum] } : {}),
    ...(spec.maxLength ? { maxLength: spec.maxLength } : {}),
    ...(spec.nonEmpty ? { minLength: 1 } : {}),
  };
}

function describe(name: string, spec: ParamSpec): string {
  return spec.repeated
    ? `${spec.description} Repeat as ${name}-1, ${name}-2, ... for more than one.`
    : spec.description;
}

/** The `api.*` output options, for functions that return a record list (README "Output options"). */
const OUTPUT_OPTIONS: Array<[string, string, Schema]> = [
  [
    "api.columns.enable",
    "1 keeps only the fields named by api.columns.a, api.columns.b, ...",
    { type: "integer", enum: [0, 1] },
  ],
  ["api.columns.a", "A field to keep.", { type: "string" }],
  ["api.filter.enable", "1 applies the filters a, b, ...", { type: "integer", enum: [0, 1] }],
  ["api.filter.a.field", "The field filter a tests (* for any field).", { type: "string" }],
  ["api.filter.a.arg0", "The value filter a compares with.", { type: "string" }],
  [
    "api.filter.a.type",
    "How filter a compares (default contains).",
    {
      type: "string",
      enum: [
        "contains",
        "begins",
        "eq",
        "==",
        "lt",
        "lt_equal",
        "lt_handle_unlimited",
        "gt",
        "gt_equal",
        "gt_handle_unlimited",
      ],
    },
  ],
  ["api.sort.enable", "1 applies the sort keys a, b, ...", { type: "integer", enum: [0, 1] }],
  ["api.sort.a.field", "The field of the primary sort key.", { type: "string" }],
  [
    "api.sort.a.method",
    "How to compare (default lexicographic).",
    { type: "string", enum: ["lexicographic", "numeric", "numeric_zero_as_max", "ipv4"] },
  ],
  ["api.sort.a.reverse", "1 sorts in reverse.", { type: "integer", enum: [0, 1] }],
  ["api.chunk.enable", "1 returns one page of records.", { type: "integer", enum: [0, 1] }],
  ["api.chunk.size", "Records per page (default 100).", { type: "integer", minimum: 1 }],
  ["api.chunk.start", "The 1-based record to start from.", { type: "integer", minimum: 1 }],
  [
    "api.chunk.select",
    "The 1-based page to return (ignored when api.chunk.start is given).",
    { type: "integer", minimum: 1 },
  ],
  [
    "api.chunk.after",
    "The `metadata.chunk.next` of a previous answer: reads the list's next page (lists longer than one page).",
    { type: "string" },
  ],
];

function operation(definition: FunctionDefinition<Params>, format: "json" | "xml"): Record<string, unknown> {
  const parameters = [
    {
      name: "api.version",
      in: "query",
      description: definition.api0
        ? "1. Without it, WHM and this service answer API 0's shape (`acct`, `status`, `statusmsg`)."
        : "1 (the only version served; a call without it is served as version 1).",
      schema: { type: "integer", enum: [1] },
    },
    ...Object.entries(definition.params).map(([name, spec]) => ({
      name,
      in: "query",
      required: Boolean(spec.required),
      description: describe(name, spec),
      schema: paramSchema(spec),
      ...(spec.example !== undefined ? { example: spec.example } : {}),
    })),
    ...(definition.listKey
      ? OUTPUT_OPTIONS.map(([name, description, schema]) => ({ name, in: "query", description, schema }))
      : []),
  ];
  const envelope = {
    type: "object",
    required: ["metadata"],
    properties: {
      metadata: { $ref: "#/components/schemas/Metadata" },
      ...(definition.returns ? { data: definition.returns } : {}),
    },
  };
  return {
    operationId: format === "json" ? definition.name : `${definition.name}_xml`,
    summary: definition.summary,
    description: `WHM API 1 \`${definition.name}\`. Requires the \`${definition.acl}\` ACL.${definition.listKey ? ` Output options act on \`data.${definition.listKey}\`.` : ""}`,
    tags: [format === "json" ? "JSON" : "XML"],
    "x-whm-acl": definition.acl,
    ...(definition.listKey ? { "x-whm-records": definition.listKey } : {}),
    parameters,
    responses: {
      "200": {
        description: "The WHM envelope: metadata.result is 1 on success, 0 with a reason on failure.",
        content:
          format === "json"
            ? { "application/json": { schema: envelope } }
            : {
                "text/xml": {
                  schema: {
                    type: "string",
                    description: "<result><data>…</data><metadata>…</metadata></result>",
                  },
                },
              },
      },
      "403": {
        description:
          'Missing or wrong credentials, or a source locked out after too many failures: cpsrvd\'s own body, {"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}.',
      },
      "429": {
        description: "The account's request rate limit: an envelope with result 0.",
      },
    },
  };
}

/** The OpenAPI 3.1 description of every catalog function: generated, so it cannot drift from the catalog. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { definition } of CATALOG) {
    paths[`/json-api/${definition.name}`] = { get: operation(definition, "json") };
    paths[`/xml-api/${definition.name}`] = { get: operation(definition, "xml") };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "whm-serverless: WHM API 1",
      version: "1",
      description:
        "cPanel's WHM API 1 (identity and authentication functions) served by whm-serverless. Every function also answers a form-encoded POST with the same arguments, and under a /cpsessNNNNNNNNNN/ prefix for browser sessions.",
    },
    security: [{ whm: [] }, { session: [] }],
    tags: [
      { name: "JSON", description: "/json-api/FUNCTION" },
      { name: "XML", description: "/xml-api/FUNCTION" },
    ],
    paths,
    // WHM functions known and not served, with why (their calls answer this reason).
    "x-whm-not-served": Object.fromEntries(
      [...NOT_SERVED.keys()].map((name) => [name, notServedReason(name)]),
    ),
    components: {
      securitySchemes: {
        whm: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "`whm USER:TOKEN` with an API token.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "whostmgrsession",
          description: "A create_user_session session, under its /cpsessNNNNNNNNNN/ path prefix.",
        },
      },
      schemas: {
        Metadata: {
          type: "object",
          required: ["version", "reason", "result", "command"],
          properties: {
            version: { type: "integer", enum: [1] },
            reason: { type: "string", description: "OK, or why the call failed." },
            result: { type: "integer", enum: [0, 1] },
            command: { type: "string" },
          },
          additionalProperties: true,
        },
      },
    },
  };
}
