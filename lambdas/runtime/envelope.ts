import type { Data } from "./define.js";

export interface Metadata {
  version: 1;
  reason: string;
  result: 0 | 1;
  command: string;
  [extra: string]: unknown;
}

export interface Envelope {
  metadata: Metadata;
  data?: Data;
}

/** The WHM API 1 answer: `metadata` always, `data` only when the function returned some. */
export function success(
  command: string,
  data: Data | undefined,
  extra: Record<string, unknown> = {},
): Envelope {
  const envelope: Envelope = { metadata: { version: 1, reason: "OK", result: 1, command, ...extra } };
  if (data !== undefined) envelope.data = data;
  return envelope;
}

export function failure(command: string, reason: string, data?: Data): Envelope {
  const envelope: Envelope = { metadata: { version: 1, reason, result: 0, command } };
  if (data !== undefined) envelope.data = data;
  return envelope;
}
