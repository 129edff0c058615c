import { createHmac, timingSafeEqual } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIGNATURE_HEADERS, signBody, signedHeaders, verifySignature } from "~/core/integrations/signature";

const SECRET = "whsec_0123456789abcdef";
const NOW = new Date("2026-12-04T12:00:00Z");
const BODY = '{"id":"d1","topic":"loyalty.points_earned","occurredAt":"2026-12-04T11:59:00.000Z","data":{"points":120}}';

/** The receiver's recipe as the README gives it, written without the app's code. */
function receiverAccepts(secret: string, headers: Record<string, string>, rawBody: string, nowSeconds: number): boolean {
  const timestamp = headers["X-CRM-Timestamp"]!;
  const signature = headers["X-CRM-Signature"]!;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("signed outbound events", () => {
  it("sends the topic, the event id, the time in Unix seconds and the hex HMAC of `${timestamp}.${body}`", () => {
    const headers = signedHeaders(SECRET, { topic: "loyalty.points_earned", eventId: "d1" }, BODY, NOW);
    expect(headers).toEqual({
      "Content-Type": "application/json",
      "X-CRM-Topic": "loyalty.points_earned",
      "X-CRM-Event-Id": "d1",
      "X-CRM-Timestamp": "1796385600",
      "X-CRM-Signature": createHmac("sha256", SECRET).update(`1796385600.${BODY}`).digest("hex"),
    });
    expect(headers[SIGNATURE_HEADERS.signature]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is accepted by the README's recipe and by verifySignature, for any body and secret", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ unit: "binary" }), fc.integer({ min: 0, max: 4_000_000_000 }), (secret, body, seconds) => {
        const now = new Date(seconds * 1000);
        const headers = signedHeaders(secret, { topic: "test", eventId: "e" }, body, now);
        expect(receiverAccepts(secret, headers, body, seconds)).toBe(true);
        expect(verifySignature(secret, { timestamp: headers["X-CRM-Timestamp"]!, signature: headers["X-CRM-Signature"]!, body }, now)).toBe(true);
      }),
    );
  });

  const valid = () => {
    const headers = signedHeaders(SECRET, { topic: "test", eventId: "e" }, BODY, NOW);
    return { timestamp: headers["X-CRM-Timestamp"]!, signature: headers["X-CRM-Signature"]!, body: BODY };
  };

  it.each([
    ["a changed body", { body: BODY.replace("120", "121") }],
    ["a body with a trailing newline", { body: `${BODY}\n` }],
    ["another timestamp", { timestamp: "1796385601" }],
    ["an upper-case signature", { signature: valid().signature.toUpperCase() }],
    ["a short signature", { signature: valid().signature.slice(2) }],
    ["no signature", { signature: null }],
    ["no timestamp", { timestamp: null }],
    ["a timestamp that is not a number", { timestamp: "soon" }],
  ])("refuses %s", (_name, change) => {
    expect(verifySignature(SECRET, { ...valid(), ...change }, NOW)).toBe(false);
  });

  it("refuses another secret", () => {
    expect(verifySignature("another", valid(), NOW)).toBe(false);
  });

  it("accepts a timestamp within the tolerance and refuses one beyond it (a replay)", () => {
    expect(verifySignature(SECRET, valid(), new Date(NOW.getTime() + 300_000))).toBe(true);
    expect(verifySignature(SECRET, valid(), new Date(NOW.getTime() - 300_000))).toBe(true);
    expect(verifySignature(SECRET, valid(), new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(verifySignature(SECRET, valid(), new Date(NOW.getTime() + 3_600_000), 7_200)).toBe(true);
  });

  it("signs the exact text: the same JSON spelled otherwise is another signature", () => {
    expect(signBody(SECRET, 1, '{"a":1}')).not.toBe(signBody(SECRET, 1, '{ "a": 1 }'));
  });
});
