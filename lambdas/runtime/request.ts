import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { errors, WhmError } from "../kernel/errors.js";

export type Format = "json" | "xml";

/** One WHM API call as the runtime sees it, whatever carried it (API Gateway or the local gateway). */
export interface WhmRequest {
  readonly functionName: string;
  readonly format: Format;
  /** The 10 digits of a `/cpsessNNNNNNNNNN/` prefix, when the call came through one. */
  readonly cpsess?: string;
  /** Function arguments: every name not starting with `api.`, each with all its values in order. */
  readonly args: ReadonlyMap<string, readonly string[]>;
  /** Request options: names starting with `api.` (`api.version`, `api.filter.*`, ...). */
  readonly options: ReadonlyMap<string, string>;
  readonly authorization?: string;
  readonly cookies: ReadonlyMap<string, string>;
  readonly secure: boolean;
  readonly host?: string;
  readonly origin?: string;
  readonly referer?: string;
  /** The caller's address as API Gateway saw it. */
  readonly sourceIp: string;
  /**
   * Why the arguments could not be read (a malformed body, too many or too long values): answered
   * only once the caller is authenticated, as cpsrvd answers an unauthenticated call 403 first.
   */
  readonly invalid?: WhmError;
}

/** Longest value accepted for any one argument; over it the call is refused, never truncated. */
export const MAX_VALUE_LENGTH = 65_536;
/** Most argument values one call may carry, function arguments and `api.*` options counted together. */
export const MAX_ARGUMENTS = 1_000;
/** Option-name segments that would reach an object's prototype machinery if used as keys. */
const PROTOTYPE_SEGMENT = /(?:^|\.)(?:__proto__|prototype|constructor)(?:\.|$)/;

const PATH = /^\/(?:cpsess(\d{10})\/)?(json|xml)-api\/([^/]*)\/?$/;

export function parsePath(
  rawPath: string,
): { functionName: string; format: Format; cpsess?: string } | undefined {
  const match = PATH.exec(rawPath);
  if (!match) return undefined;
  const [, cpsess, format, functionName = ""] = match;
  return { functionName: decodeSegment(functionName), format: format as Format, cpsess };
}

/** A path segment percent-decoded, or as it came when its escapes are malformed. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A JSON body's member as form values: scalars as text, lists as repeated values, objects as JSON. */
function jsonValues(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value))
    return value.flatMap((item) => (Array.isArray(item) ? [JSON.stringify(item)] : jsonValues(item)));
  if (typeof value === "object") return [JSON.stringify(value)];
  if (typeof value === "boolean") return [value ? "1" : "0"];
  return [String(value)];
}

/**
 * The body's arguments as cpsrvd reads them (Cpanel/Form.pm, Cpanel/JSONAPI.pm): a JSON object
 * when the type is `application/json`, the fields of `multipart/form-data` (not its files), and
 * otherwise form encoding whatever the type says (`cPanel::PublicAPI` sends
 * `application/octet-stream`, others `text/plain` or nothing).
 */
async function bodyPairs(event: APIGatewayProxyEventV2): Promise<Array<[string, string]>> {
  if (!event.body) return [];
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  const type = (headerOf(event, "content-type") ?? "").toLowerCase();
  const mediaType = type.split(";")[0]?.trim();
  if (mediaType === "application/json") {
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8") || "{}");
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw errors.invalidJsonBody();
      return Object.entries(parsed).flatMap(([name, value]) =>
        jsonValues(value).map((text): [string, string] => [name, text]),
      );
    } catch {
      // A body nested deeper than the stack allows (RangeError) is no more valid than a broken one.
      throw errors.invalidJsonBody();
    }
  }
  if (mediaType === "multipart/form-data") {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { "content-type": type } }).formData();
    } catch {
      throw errors.invalidMultipartBody();
    }
    const fields: Array<[string, string]> = [];
    form.forEach((value, name) => {
      if (typeof value === "string") fields.push([name, value]);
    });
    return fields;
  }
  return [...new URLSearchParams(raw.toString("utf8"))];
}

function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? event.headers?.[name.toLowerCase()];
}

function parseCookies(event: APIGatewayProxyEventV2): Map<string, string> {
  const jar = new Map<string, string>();
  const pieces = event.cookies ?? headerOf(event, "cookie")?.split(";") ?? [];
  for (const piece of pieces) {
    const at = piece.indexOf("=");
    if (at > 0) jar.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  return jar;
}

/**
 * The call's arguments and options from the query string and the body together, query first, as
 * cpsrvd combines them; throws WhmError on bad input.
 */
async function readArguments(
  event: APIGatewayProxyEventV2,
  args: Map<string, string[]>,
  options: Map<string, string>,
): Promise<void> {
  const pairs = [...new URLSearchParams(event.rawQueryString ?? ""), ...(await bodyPairs(event))];
  // Values are counted, not names: a name repeated 3,000 times is 3,000 arguments.
  if (pairs.length > MAX_ARGUMENTS) throw errors.tooManyArguments(MAX_ARGUMENTS);
  for (const [name, value] of pairs) {
    if (value.length > MAX_VALUE_LENGTH || name.length > MAX_VALUE_LENGTH) {
      throw errors.tooLong(name.slice(0, 64), MAX_VALUE_LENGTH);
    }
    if (name.startsWith("api.")) {
      if (PROTOTYPE_SEGMENT.test(name)) throw errors.invalidArgumentName(name.slice(0, 64));
      if (!options.has(name)) options.set(name, value);
    } else {
      const values = args.get(name);
      if (values) values.push(value);
      else args.set(name, [value]);
    }
  }
}

/**
 * Turns an API Gateway HTTP API (payload 2.0) event into a WHM request. Bad arguments do not
 * throw: they are kept in `invalid`, for the caller to answer once authentication has run.
 */
export async function parseEvent(event: APIGatewayProxyEventV2): Promise<WhmRequest> {
  const route = parsePath(event.rawPath) ?? { functionName: "", format: "json" as Format };
  const args = new Map<string, string[]>();
  const options = new Map<string, string>();
  let invalid: WhmError | undefined;
  try {
    await readArguments(event, args, options);
  } catch (error) {
    if (!(error instanceof WhmError)) throw error;
    invalid = error;
    args.clear();
    options.clear();
  }
  const proto = headerOf(event, "x-forwarded-proto");
  return {
    ...route,
    args,
    options,
    authorization: headerOf(event, "authorization"),
    cookies: parseCookies(event),
    secure: proto ? proto === "https" : true,
    host: headerOf(event, "host"),
    origin: headerOf(event, "origin"),
    referer: headerOf(event, "referer"),
    sourceIp: event.requestContext?.http?.sourceIp ?? "unknown",
    ...(invalid ? { invalid } : {}),
  };
}
