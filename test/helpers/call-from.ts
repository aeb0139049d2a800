import { request } from "node:http";

/** A raw HTTP call from a chosen loopback source address (failure counters and allow-lists key on it). */
export function callFrom(
  url: string,
  options: { localAddress: string; headers?: Record<string, string>; method?: string; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { localAddress: options.localAddress, headers: options.headers, method: options.method ?? "GET" },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
