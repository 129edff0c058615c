import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Authenticated encryption (AES-256-GCM) for secrets kept at rest: platform access tokens.
// Format: "v1:" + base64(iv | tag | ciphertext). The version prefix lets the key or algorithm
// change later without guessing what a stored value is.

const VERSION = "v1:";

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError("SecretBox needs a 32-byte key");
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
  }

  open(sealed: string): string {
    if (!sealed.startsWith(VERSION)) throw new Error("Not a sealed secret (missing v1: prefix)");
    const raw = Buffer.from(sealed.slice(VERSION.length), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }

  static isSealed(value: string): boolean {
    return value.startsWith(VERSION);
  }
}
