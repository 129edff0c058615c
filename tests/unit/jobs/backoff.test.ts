import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { attemptsSpanning, retryDelayMs } from "~/jobs/backoff";

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

describe("attemptsSpanning", () => {
  const spanOf = (attempts: number) => Array.from({ length: attempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);

  test("Shopify's 48-hour retry window takes about 200 attempts: 17 minutes of doubling, then every 15 minutes", () => {
    const attempts = attemptsSpanning(48 * 3_600_000);
    expect(spanOf(attempts)).toBeGreaterThanOrEqual(48 * 3_600_000);
    expect(spanOf(attempts - 1)).toBeLessThan(48 * 3_600_000);
    expect(attempts).toBe(202);
  });

  test("is the fewest attempts that span any window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 * 24 * 3_600_000 }), (windowMs) => {
        const attempts = attemptsSpanning(windowMs);
        return spanOf(attempts) >= windowMs && spanOf(attempts - 1) < windowMs;
      }),
    );
  });
});
