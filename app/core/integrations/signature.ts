import { createHmac, timingSafeEqual } from "node:crypto";

// How an outbound event is signed, and how a receiver checks it (the recipe in the README):
// HMAC-SHA256 with the endpoint's secret over `${timestamp}.${body}`, hex, where the timestamp is
// X-CRM-Timestamp (Unix seconds) and the body the exact bytes received. Signing the timestamp
// with the body lets a receiver refuse old requests replayed by someone who saw one.

export const SIGNATURE_HEADERS = {
  topic: "X-CRM-Topic",
  eventId: "X-CRM-Event-Id",
  timestamp: "X-CRM-Timestamp",
  signature: "X-CRM-Signature",
} as const;

/** How far a receiver should let the timestamp be from its own clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signBody(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The headers of one POST of `body`. */
export function signedHeaders(secret: string, event: { topic: string; eventId: string }, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "Content-Type": "application/json",
    [SIGNATURE_HEADERS.topic]: event.topic,
    [SIGNATURE_HEADERS.eventId]: event.eventId,
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.signature]: signBody(secret, timestamp, body),
  };
}

/**
 * The receiver's check: the signature matches the body and timestamp (compared in constant time),
 * and the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifySignature(
  secret: string,
  request: { timestamp: string | null; signature: string | null; body: string },
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (!request.timestamp || !request.signature || !/^\d+$/.test(request.timestamp) || !/^[0-9a-f]{64}$/.test(request.signature)) return false;
  const timestamp = Number(request.timestamp);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, timestamp, request.body), "hex");
  return timingSafeEqual(expected, Buffer.from(request.signature, "hex"));
}
