import { RedirectClient } from "./redirect-client.js";
import { embeddedOptions, type SoftAuthenticator } from "./soft-authenticator.js";

/**
 * A scripted browser signed in to WHM at `origin` (the tenant's host) with root's token: the
 * login URL of create_user_session, opened at that host so the session cookie is the host's.
 */
export async function signedInBrowser(
  origin: string,
  apiUrl: string,
  token: string,
  user = "root",
): Promise<{ client: RedirectClient; prefix: string }> {
  const response = await fetch(
    `${apiUrl}/json-api/create_user_session?api.version=1&user=${user}&service=whostmgrd`,
    { headers: { authorization: `whm root:${token}` } },
  );
  const { data } = (await response.json()) as { data: { url: string; cp_security_token: string } };
  const login = new URL(data.url);
  const client = new RedirectClient();
  await client.request(`${origin}${login.pathname}${login.search}`);
  return { client, prefix: data.cp_security_token };
}

/** Adds a passkey made by `authenticator` through the session's passkeys page; the page's answer. */
export async function addPasskey(
  session: { client: RedirectClient; prefix: string },
  origin: string,
  authenticator: SoftAuthenticator,
  options: { name?: string; claimedOrigin?: string; rpId?: string } = {},
) {
  const page = await session.client.request(`${origin}${session.prefix}/passkeys`);
  const credential = authenticator.register(embeddedOptions(page.text), options.claimedOrigin ?? origin, {
    rpId: options.rpId,
  });
  return session.client.request(`${origin}${session.prefix}/passkeys`, {
    method: "POST",
    body: new URLSearchParams({ name: options.name ?? "Test key", credential }),
  });
}
