import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import type { CommandIO, MetadataBearer } from "@smithy/types";
import { countAwsCalls } from "../kernel/aws-calls.js";
import { traced } from "../kernel/tracer.js";
import type { KmsAccess } from "./aws-access.js";
import { awsClientConfig } from "./aws-client-config.js";

/** A public signing key as the JWKS publishes it (RFC 7517): RSA, for RS256 signatures. */
export interface PublicJwk {
  readonly kty: string;
  readonly n: string;
  readonly e: string;
  readonly kid: string;
  readonly use: "sig";
  readonly alg: "RS256";
}

/** A key's id: its RFC 7638 thumbprint, so the same key always has the same id. */
function thumbprint(key: KeyObject): string {
  const { e, kty, n } = key.export({ format: "jwk" });
  return createHash("sha256").update(JSON.stringify({ e, kty, n })).digest("base64url");
}

const jwkOf = (key: KeyObject, kid: string): PublicJwk => {
  const { kty = "RSA", n = "", e = "" } = key.export({ format: "jwk" });
  return { kty, n, e, kid, use: "sig", alg: "RS256" };
};

/*
 * The tenant providers' ID-token signing keys. Deployed: RSA keys that never leave AWS KMS
 * (OIDC_SIGNING_KEY_ARNS; the first signs, every one is published until its tokens expired, see
 * docs/OPERATIONS.md). Locally: one RSA key in a 0600 file of the data directory
 * (OIDC_SIGNING_KEY_FILE), made on first use. Signing and publishing are separate functions, so
 * a bundle that only publishes names (and its role holds) no kms:Sign.
 */

const kmsKeyArns = () => process.env.OIDC_SIGNING_KEY_ARNS?.split(",").filter(Boolean) ?? [];

let local: { privateKey: KeyObject; publicKey: KeyObject; kid: string } | undefined;

function localKey() {
  if (local) return local;
  const file = process.env.OIDC_SIGNING_KEY_FILE;
  if (!file) throw new Error("neither OIDC_SIGNING_KEY_ARNS nor OIDC_SIGNING_KEY_FILE is set");
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  local = { privateKey, publicKey, kid: thumbprint(publicKey) };
  return local;
}

let client: KMSClient | undefined;

function kms<I extends object, O extends MetadataBearer>(_access: KmsAccess, command: CommandIO<I, O>) {
  client ??= countAwsCalls(traced(new KMSClient(awsClientConfig(process.env.KMS_ENDPOINT))), "KMS");
  return client.send(command as never) as Promise<O>;
}

/** A KMS key's id, from its ARN: what the JWKS names it by. */
const keyIdOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** The id of the key that signs now. */
export function currentKeyId(): string {
  const [current] = kmsKeyArns();
  return current ? keyIdOf(current) : localKey().kid;
}

/** The RS256 signature of `data` by the current key (KMS signs the SHA-256 digest). */
export async function signWithCurrentKey(data: Buffer): Promise<Buffer> {
  const [current] = kmsKeyArns();
  if (!current) return sign("sha256", data, localKey().privateKey);
  const { Signature } = await kms(
    "kms:Sign on signing-keys",
    new SignCommand({
      KeyId: current,
      Message: createHash("sha256").update(data).digest(),
      MessageType: "DIGEST",
      SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256",
    }),
  );
  if (!Signature) throw new Error("KMS returned no signature");
  return Buffer.from(Signature);
}

/** Public keys do not change: one GetPublicKey per key and container. */
let published: Promise<PublicJwk[]> | undefined;

/** Every key the JWKS publishes, the signing one first. */
export function publishedKeys(): Promise<PublicJwk[]> {
  const arns = kmsKeyArns();
  if (!arns.length) {
    const { publicKey, kid } = localKey();
    return Promise.resolve([jwkOf(publicKey, kid)]);
  }
  published ??= Promise.all(
    arns.map(async (arn) => {
      const { PublicKey } = await kms(
        "kms:GetPublicKey on signing-keys",
        new GetPublicKeyCommand({ KeyId: arn }),
      );
      if (!PublicKey) throw new Error("KMS returned no public key");
      return jwkOf(
        createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" }),
        keyIdOf(arn),
      );
    }),
  ).catch((error: unknown) => {
    published = undefined;
    throw error;
  });
  return published;
}
