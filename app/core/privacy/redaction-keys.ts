import { createHmac, randomBytes } from "node:crypto";

// What a redaction keeps of a person: keyed hashes of the values that identified them (the
// platform's customer id, the normalized e-mail), so that a later delivery naming them can be
// recognised without the store holding the value. The key is random per shop and lives in the
// shop's row: a hash copied out of the database names no one, and a customer id (a number a few
// billion wide) cannot be found by trying them all without it.

export type RedactedSubjectKind = "CUSTOMER" | "EMAIL";

/** A new shop's redaction key: 32 random bytes, hex. */
export function newRedactionKey(): string {
  return randomBytes(32).toString("hex");
}

/** HMAC-SHA256 of the value, under the shop's key, separated by kind. */
export function subjectHash(key: string, kind: RedactedSubjectKind, value: string): string {
  return createHmac("sha256", Buffer.from(key, "hex")).update(`${kind}\u0000${value}`).digest("hex");
}

/**
 * The platform id a redacted customer row carries instead of the platform's own: it keeps the
 * row unique and lets later orders of the person link to it, and says nothing about who it was.
 */
export function redactedPlatformId(hash: string): string {
  return `redacted:${hash.slice(0, 32)}`;
}

export function isRedactedPlatformId(platformId: string | null): boolean {
  return platformId?.startsWith("redacted:") ?? false;
}

/** What a stored webhook body that held a redacted person's data is replaced with. */
export const REDACTED_BODY = '{"redacted":true}';
