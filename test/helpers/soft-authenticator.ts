import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";

/**
 * A WebAuthn authenticator in software, for HTTP-level tests: it answers registration and sign-in
 * options as a platform authenticator would (packed as `none` attestation, ES256, user verified),
 * and can be told to lie about its origin or RP id to test the server's refusals. Chromium's
 * virtual authenticator (test/web) is the real one.
 */

/** The smallest CBOR encoder the attestation object needs: maps, byte and text strings, integers. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string")
    return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map)
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`cannot encode ${typeof value}`);
}

const b64url = (buffer: Buffer) => buffer.toString("base64url");
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();

/** A credential the authenticator holds. */
export interface SoftCredential {
  readonly id: Buffer;
  readonly rpId: string;
  readonly userHandle: string;
  readonly privateKey: KeyObject;
  counter: number;
}

const FLAGS = { up: 0x01, uv: 0x04, at: 0x40 };

/** The client data a browser at `origin` would sign for this ceremony. */
const clientData = (type: string, challenge: string, origin: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

/** A PublicKeyCredential as the browser serializes it (its toJSON()). */
const answer = (credential: SoftCredential, clientDataJSON: Buffer, response: Record<string, unknown>) =>
  JSON.stringify({
    id: b64url(credential.id),
    rawId: b64url(credential.id),
    type: "public-key",
    response: { clientDataJSON: b64url(clientDataJSON), ...response },
    clientExtensionResults: {},
  });

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  /** Answers registration options (the server's JSON) as the browser at `origin` would post it. */
  register(
    options: { challenge: string; rp: { id: string }; user: { id: string } },
    origin: string,
    lie: { rpId?: string } = {},
  ): string {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const rpId = lie.rpId ?? options.rp.id;
    const credential: SoftCredential = {
      id: randomBytes(16),
      rpId,
      userHandle: options.user.id,
      privateKey,
      counter: 0,
    };
    const jwk = createPublicKey(privateKey).export({ format: "jwk" });
    const cose = new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(String(jwk.x), "base64url")],
      [-3, Buffer.from(String(jwk.y), "base64url")],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAGS.up | FLAGS.uv | FLAGS.at]),
      Buffer.alloc(4),
      Buffer.alloc(16),
      idLength,
      credential.id,
      cbor(cose),
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    this.credentials.push(credential);
    return answer(credential, clientData("webauthn.create", options.challenge, origin), {
      attestationObject: b64url(attestationObject),
      transports: ["internal"],
    });
  }

  /** Answers sign-in options with `credential` (by default the first held) from `origin`. */
  signIn(
    options: { challenge: string; rpId?: string },
    origin: string,
    credential: SoftCredential | undefined = this.credentials[0],
    lie: { rpId?: string } = {},
  ): string {
    if (!credential) throw new Error("no credential");
    credential.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([
      sha256(lie.rpId ?? options.rpId ?? credential.rpId),
      Buffer.from([FLAGS.up | FLAGS.uv]),
      counter,
    ]);
    const clientDataJSON = clientData("webauthn.get", options.challenge, origin);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return answer(credential, clientDataJSON, {
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle: credential.userHandle,
    });
  }
}

/** The options a passkey page embeds (its form's `data-passkey`). */
export function embeddedOptions<
  T = { challenge: string; rp: { id: string }; user: { id: string }; rpId?: string },
>(html: string): T {
  const match = /data-passkey="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error(`no passkey form in ${html.slice(0, 300)}`);
  return JSON.parse(
    match[1]
      .replaceAll("&quot;", '"')
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&"),
  ) as T;
}
