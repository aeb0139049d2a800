import { request as httpRequest } from "node:http";

/**
 * A scripted browser: follows redirects by hand and keeps each origin's cookies (name=value, with
 * Max-Age=0 removing one), so a sign-in can be followed hop by hop over plain HTTP on loopback.
 */
export class RedirectClient {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  dropCookie(url: string, name: string): void {
    this.jars.get(new URL(url).host)?.delete(name);
  }

  /** One request with the origin's cookies; Set-Cookie answers go into the jar. */
  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    const response = await fetch(url, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
      body: init.body,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at <= 0) continue;
      if (/;\s*max-age=0/i.test(line)) jar.delete(pair.slice(0, at));
      else jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    return {
      status: response.status,
      location: location ? new URL(location, url).toString() : undefined,
      contentSecurityPolicy: response.headers.get("content-security-policy") ?? "",
      text: await response.text(),
    };
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stop` says so. */
  async follow(url: string, stop: (next: string) => boolean = () => false) {
    let next = url;
    for (let hop = 0; hop < 15; hop++) {
      if (stop(next)) return { status: 0, url: next, text: "" };
      const answer = await this.request(next);
      if (!answer.location) return { status: answer.status, url: next, text: answer.text };
      next = answer.location;
    }
    throw new Error("too many redirects");
  }
}

/** A GET on loopback with a chosen Host header (fetch cannot set it): as if asked on that host name. */
export function getWithHost(
  url: string,
  host: string,
  cookie = "",
): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: { host, cookie },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
