import { htmlEscaped } from "../runtime/html-page.js";

/**
 * The passkey step of a page: a form whose submit asks the browser's authenticator (WebAuthn),
 * with the server's options in `data-passkey`, then posts the answer as `credential`. The one
 * script of the sign-in pages; the page's policy allows it by its hash.
 */
export const PASSKEY_SCRIPT = `for (const form of document.querySelectorAll("form[data-passkey]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector("[role=status]");
    try {
      const options = JSON.parse(form.dataset.passkey);
      const credential = form.dataset.mode === "create"
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
      form.elements.credential.value = JSON.stringify(credential);
      form.submit();
    } catch {
      status.textContent = "No passkey was used. Try again, or sign in another way.";
    }
  });
}`;

/** A passkey form posting to `action`: `create` registers, `get` signs in; `fields` go along. */
export function passkeyForm(
  action: string,
  options: object,
  mode: "create" | "get",
  label: string,
  fields: Record<string, string> = {},
  extra = "",
): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${htmlEscaped(value)}">`)
    .join("");
  return `<form method="post" action="${htmlEscaped(action)}" data-mode="${mode}" data-passkey="${htmlEscaped(JSON.stringify(options))}">
${extra}<input type="hidden" name="credential" value="">${hidden}
<p><button type="submit">${label}</button></p><p role="status"></p>
</form>`;
}
