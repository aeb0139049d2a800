import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { errors } from "./errors.js";

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
}

/** Longest value accepted for any one argument; over it the call is refused, never truncated. */
export const MAX_VALUE_LENGTH = 65_536;
/** Most argument names one call may carry, function arguments and `api.*` options counted together. */
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

function formBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  const type = headerOf(event, "content-type") ?? "application/x-www-form-urlencoded";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
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

/** Turns an API Gateway HTTP API (payload 2.0) event into a WHM request; throws WhmError on bad input. */
export function parseEvent(event: APIGatewayProxyEventV2): WhmRequest {
  const route = parsePath(event.rawPath) ?? { functionName: "", format: "json" as Format };
  const args = new Map<string, string[]>();
  const options = new Map<string, string>();
  for (const source of [event.rawQueryString ?? "", formBody(event)]) {
    for (const [name, value] of new URLSearchParams(source)) {
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
      if (args.size + options.size > MAX_ARGUMENTS) throw errors.tooManyArguments(MAX_ARGUMENTS);
    }
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
  };
}
