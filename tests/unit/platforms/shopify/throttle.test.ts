import { describe, expect, test } from "vitest";
import { exponentialBackoffMs, throttleDelayMs } from "~/platforms/shopify/throttle";

const bucket = { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 };

describe("throttleDelayMs", () => {
  test("waits until the bucket holds the requested cost again, plus a margin", () => {
    // 150 points missing at 100 points/s: 1.5 s.
    expect(throttleDelayMs({ requestedQueryCost: 200, throttleStatus: { ...bucket, currentlyAvailable: 50 } }, 1)).toBe(1500 + 250);
    expect(throttleDelayMs({ requestedQueryCost: 200, throttleStatus: { ...bucket, restoreRate: 1000 } }, 1)).toBe(200 + 250);
  });

  test("no wait beyond the margin when the bucket already holds enough", () => {
    expect(throttleDelayMs({ requestedQueryCost: 10, throttleStatus: { ...bucket, currentlyAvailable: 500 } }, 1)).toBe(250);
  });

  test("an unknown cost waits for the whole bucket; a cost above the bucket for the bucket", () => {
    expect(throttleDelayMs({ throttleStatus: { ...bucket, currentlyAvailable: 1900 } }, 1)).toBe(1000 + 250);
    expect(throttleDelayMs({ requestedQueryCost: 5000, throttleStatus: { ...bucket, currentlyAvailable: 1900 } }, 1)).toBe(1000 + 250);
  });

  test("a repeated refusal grows the margin; the wait never exceeds the cap", () => {
    const info = { requestedQueryCost: 100, throttleStatus: bucket };
    expect(throttleDelayMs(info, 2)).toBe(1000 + 500);
    expect(throttleDelayMs(info, 3)).toBe(1000 + 1000);
    expect(throttleDelayMs({ requestedQueryCost: 2000, throttleStatus: { ...bucket, restoreRate: 1 } }, 1)).toBe(60_000);
    expect(throttleDelayMs(info, 1, { maxMs: 800 })).toBe(800);
  });

  test("Retry-After wins when given", () => {
    expect(throttleDelayMs({ retryAfterSeconds: 2, throttleStatus: bucket, requestedQueryCost: 100 }, 1)).toBe(2000);
    expect(throttleDelayMs({ retryAfterSeconds: 0.25 }, 3)).toBe(250);
  });

  test("without usable bucket data it falls back to exponential backoff", () => {
    expect(throttleDelayMs({}, 1)).toBe(1000);
    expect(throttleDelayMs({}, 3)).toBe(4000);
    expect(throttleDelayMs({ throttleStatus: { ...bucket, restoreRate: 0 } }, 2)).toBe(2000);
    expect(throttleDelayMs({ throttleStatus: { ...bucket, currentlyAvailable: Number.NaN } }, 1)).toBe(1000);
  });
});

describe("exponentialBackoffMs", () => {
  test("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4].map((attempt) => exponentialBackoffMs(attempt))).toEqual([1000, 2000, 4000, 8000]);
    expect(exponentialBackoffMs(40)).toBe(60_000);
    expect(exponentialBackoffMs(2, { baseMs: 10, maxMs: 15 })).toBe(15);
  });

  test("rejects attempts below one", () => {
    expect(() => exponentialBackoffMs(0)).toThrow(RangeError);
    expect(() => exponentialBackoffMs(1.5)).toThrow(RangeError);
  });
});
