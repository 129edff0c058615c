import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { retryDelayMs } from "~/jobs/backoff";

describe("retryDelayMs", () => {
  test("doubles from the base", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  test("never decreases and never passes the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (attempt) => {
        const delay = retryDelayMs(attempt);
        return delay <= 15 * 60_000 && delay >= retryDelayMs(Math.max(1, attempt - 1));
      }),
    );
  });

  test("rejects attempt numbers below 1", () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });
});
