import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { uuidV7 } from "~/db/uuid-v7";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("uuidV7", () => {
  test("RFC 9562 version 7 with the given milliseconds in its first 48 bits, for any time a 48-bit stamp holds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (now) => {
        const id = uuidV7(now);
        expect(id).toMatch(V7);
        expect(millisecondsOf(id)).toBe(now);
      }),
    );
  });

  test("distinct across many draws of random bytes, and random in every bit it does not fix", () => {
    const now = Date.now();
    const ids = Array.from({ length: 20_000 }, () => uuidV7(now));
    expect(new Set(ids).size).toBe(ids.length);
    // Each free hex digit takes all 16 values (the variant digit its 4) over 20,000 keys.
    const digits = (position: number) => new Set(ids.map((id) => id.replaceAll("-", "")[position])).size;
    for (const position of [13, 14, 15, 17, 18, 19, 31]) expect(digits(position)).toBe(16);
    expect(digits(16)).toBe(4);
  });

  test("keys made in a later millisecond sort after those of an earlier one", () => {
    const earlier = Array.from({ length: 100 }, () => uuidV7(1_764_633_600_000));
    const later = Array.from({ length: 100 }, () => uuidV7(1_764_633_600_001));
    expect(later.every((id) => earlier.every((before) => id > before))).toBe(true);
    expect(millisecondsOf(uuidV7())).toBeGreaterThanOrEqual(Date.now() - 1_000);
  });
});
