import { XMLBuilder } from "fast-xml-parser";
import type { Envelope } from "./envelope.js";
import type { Format } from "./request.js";

export const CONTENT_TYPES: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

// Characters XML 1.0 cannot carry even escaped; WHM's data never needs them, so they become U+FFFD.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const NOT_NAME_CHAR = /[^A-Za-z0-9_.-]/g;

function xmlName(key: string): string {
  const name = key.replace(NOT_NAME_CHAR, "_");
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/**
 * Shapes a value as WHM's XML writer does: lists repeat their element (an empty list leaves
 * nothing), booleans are 1/0, null is an empty element, text is cleaned of characters XML forbids.
 */
function toXmlTree(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return value.replace(NOT_XML_CHAR, "\uFFFD");
  if (Array.isArray(value)) return value.map(toXmlTree);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[xmlName(key)] = toXmlTree(child);
    return out;
  }
  return value;
}

const xml = new XMLBuilder({ processEntities: true, suppressEmptyNode: false, format: false });

/**
 * cpsrvd's own answer when it refuses a request before any API runs (an API 2 style
 * `cpanelresult`, as WHM sends it for bad credentials).
 */
export function renderCpanelResult(error: string, format: Format): string {
  const cpanelresult = {
    apiversion: "2",
    error,
    data: { reason: error, result: "0" },
    type: "text",
  };
  if (format === "json") return JSON.stringify({ cpanelresult });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({ cpanelresult: toXmlTree(cpanelresult) })}`;
}

export function render(envelope: Envelope, format: Format): string {
  if (format === "json") return JSON.stringify(envelope);
  // WHM's XML puts <data> before <metadata>.
  const tree =
    envelope.data === undefined
      ? { metadata: envelope.metadata }
      : { data: envelope.data, metadata: envelope.metadata };
  const body = xml.build({ result: toXmlTree(tree) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

/**
 * A WHM API 0 answer (XMLUI, what WHM serves when a call has no `api.version`): the function's hash
 * as it is in JSON; in XML, its keys under an element named after the function.
 */
export function renderApi0(functionName: string, answer: Record<string, unknown>, format: Format): string {
  if (format === "json") return JSON.stringify(answer);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({ [xmlName(functionName)]: toXmlTree(answer) })}`;
}
