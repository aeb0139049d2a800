/**
 * A small builder for the JSON Schemas (2020-12, as OpenAPI 3.1 uses) that describe what each
 * function returns in `data`; the OpenAPI document is generated from them.
 */
export type Schema = { readonly [key: string]: unknown };

export const schema = {
  string: (description?: string): Schema => ({ type: "string", ...(description ? { description } : {}) }),
  integer: (description?: string): Schema => ({ type: "integer", ...(description ? { description } : {}) }),
  /** WHM's booleans: the numbers 1 and 0. */
  flag: (description?: string): Schema => ({
    type: "integer",
    enum: [0, 1],
    ...(description ? { description } : {}),
  }),
  nullable: (inner: Schema): Schema => ({ ...inner, type: [inner.type, "null"] }),
  array: (items: Schema, description?: string): Schema => ({
    type: "array",
    items,
    ...(description ? { description } : {}),
  }),
  object: (properties: Record<string, Schema>, description?: string): Schema => ({
    type: "object",
    properties,
    ...(description ? { description } : {}),
  }),
  /** An object keyed by names the data chooses (e.g. token names). */
  map: (values: Schema, description?: string): Schema => ({
    type: "object",
    additionalProperties: values,
    ...(description ? { description } : {}),
  }),
  empty: (): Schema => ({ type: "object", properties: {}, additionalProperties: false }),
};
