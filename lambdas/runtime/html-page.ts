import { createHash } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** One look for every browser-facing page; allowed by its hash, so the policy still forbids inline code. */
const STYLE =
  "body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#eef1f4;color:#1d2b36}" +
  "main{max-width:30rem;margin:12vh auto;padding:2rem 2.25rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0003}" +
  "h1{margin:0 0 .75rem;font-size:1.3rem}p{margin:.5rem 0}label{display:block;margin:1rem 0 .25rem}" +
  "input{font:inherit;padding:.4rem .6rem;width:10rem;letter-spacing:.2em}" +
  "a.action,button{display:inline-block;margin-top:1rem;padding:.5rem 1.1rem;border:0;border-radius:4px;background:#1a6fb0;color:#fff;font:inherit;text-decoration:none;cursor:pointer}";

const sourceOf = (code: string) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`;

/**
 * The content security policy of a page; `formAction` lets a page's own form post back, `script`
 * is the page's one script of our own, allowed by its hash (no other script runs).
 */
function pagePolicy(formAction = false, script?: string): string {
  const scripts = script ? ` script-src ${sourceOf(script)};` : "";
  return `default-src 'none'; style-src ${sourceOf(STYLE)};${scripts}${formAction ? " form-action 'self';" : ""} frame-ancestors 'none'`;
}

/** Text made safe inside HTML and its quoted attributes. */
export const htmlEscaped = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export interface PageContent {
  readonly title: string;
  /** Sentences of our own: never anything taken from the request. */
  readonly text: string;
  /** cpsrvd's message code for the outcome, kept for scripts and support, not shown. */
  readonly code?: string;
  /** Where to go next: a path of this service, with its label. */
  readonly next?: { readonly href: string; readonly label: string };
  /** Markup of our own under the text (the security-code form). */
  readonly form?: string;
  /** A script of our own the page runs (the passkey ceremony): never anything from the request. */
  readonly script?: string;
}

/** A page's markup: the title as heading, the text, what comes next. */
function pageBody(content: PageContent): string {
  const code = content.code ? ` data-code="${content.code}"` : "";
  const next = content.next
    ? `\n<p><a class="action" href="${content.next.href}">${content.next.label}</a></p>`
    : "";
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${content.title} · whm-serverless</title><style>${STYLE}</style>
<main${code}><h1>${content.title}</h1>
<p>${content.text}</p>${content.form ?? ""}${next}
</main>${content.script ? `<script>${content.script}</script>` : ""}</html>`;
}

/** An HTML answer for the browser-facing routes (login, logout, sign-in): no framing, no script but our own. */
export function htmlPage(
  status: number,
  content: PageContent,
  headers: Record<string, string> = {},
  cookies?: string[],
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": pagePolicy(content.form !== undefined, content.script),
      ...headers,
    },
    cookies,
    body: pageBody(content),
  };
}
