import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Authenticated encryption (AES-256-GCM) for secrets kept at rest: platform access tokens.
// Format: "v1:" + base64(iv | tag | ciphertext). The version prefix lets the key or algorithm
// change later without guessing what a stored value is.
//
// Key rotation: the box seals with its current key and opens with the current or a previous one
// (GCM's tag tells a wrong key); values still sealed with a previous key are sealed anew at start
// (see stored-secrets.server.ts), after which the previous key can go.

const VERSION = "v1:";

export class SecretBox {
  private readonly keys: readonly Buffer[];

  constructor(key: Buffer, previousKeys: readonly Buffer[] = []) {
    this.keys = [key, ...previousKeys];
    if (this.keys.some((candidate) => candidate.length !== 32)) throw new RangeError("SecretBox needs 32-byte keys");
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys[0]!, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
  }

  open(sealed: string): string {
    return this.openWithKey(sealed).plaintext;
  }

  /** The plaintext, and whether it was sealed with the current key (false: a previous one). */
  openWithKey(sealed: string): { plaintext: string; current: boolean } {
    if (!sealed.startsWith(VERSION)) throw new Error("Not a sealed secret (missing v1: prefix)");
    const raw = Buffer.from(sealed.slice(VERSION.length), "base64");
    for (const [index, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plaintext = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
        return { plaintext, current: index === 0 };
      } catch {
        // Not this key (or tampered): the next one, if any.
      }
    }
    throw new Error("The sealed secret opens with none of the keys (a different CRM_ENCRYPTION_KEY, or tampered)");
  }

  static isSealed(value: string): boolean {
    return value.startsWith(VERSION);
  }
}
