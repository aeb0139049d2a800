import { constants, generateKeyPairSync, type KeyObject, privateEncrypt } from "node:crypto";
import { startAwsJsonServer } from "./aws-json-server.js";

/** DER of the DigestInfo of a SHA-256 digest (RFC 8017 §9.2): what RSASSA-PKCS1-v1_5 signs. */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

/**
 * Enough of the AWS KMS wire protocol (JSON 1.1) for the ID-token signing keys: `Sign` (an RSA
 * key, RSASSA_PKCS1_V1_5_SHA_256 over a DIGEST) and `GetPublicKey`, each key made on first use
 * for any key id. The deployed-artifact test puts it behind the recording proxy, so the bundles'
 * real KMS client talks to it as to KMS. The service never uses it.
 */
export interface FakeKms {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startFakeKms(): Promise<FakeKms> {
  const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
  const keyOf = (id: string) => {
    let key = keys.get(id);
    if (!key) {
      key = generateKeyPairSync("rsa", { modulusLength: 2048 });
      keys.set(id, key);
    }
    return key;
  };
  return startAwsJsonServer((operation, input) => {
    const keyId = input.KeyId ?? "";
    if (operation === "Sign") {
      if (input.MessageType !== "DIGEST" || input.SigningAlgorithm !== "RSASSA_PKCS1_V1_5_SHA_256")
        return {
          status: 400,
          payload: { __type: "ValidationException", message: "unsupported signing request" },
        };
      const digest = Buffer.from(input.Message ?? "", "base64");
      const signature = privateEncrypt(
        { key: keyOf(keyId).privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      );
      return {
        status: 200,
        payload: {
          KeyId: keyId,
          Signature: signature.toString("base64"),
          SigningAlgorithm: input.SigningAlgorithm,
        },
      };
    }
    if (operation === "GetPublicKey")
      return {
        status: 200,
        payload: {
          KeyId: keyId,
          PublicKey: keyOf(keyId).publicKey.export({ format: "der", type: "spki" }).toString("base64"),
          KeySpec: "RSA_2048",
          KeyUsage: "SIGN_VERIFY",
          SigningAlgorithms: ["RSASSA_PKCS1_V1_5_SHA_256"],
        },
      };
    return {
      status: 400,
      payload: { __type: "UnsupportedOperationException", message: `unsupported: ${operation}` },
    };
  });
}
