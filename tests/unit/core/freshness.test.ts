import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isNewerThanStored } from "~/core/sync/freshness";

const at = (iso: string) => new Date(iso);

describe("isNewerThanStored", () => {
  test("anything applies to an empty store", () => {
    expect(isNewerThanStored(at("2025-01-01T00:00:00Z"), null)).toBe(true);
  });

  test("only a strictly newer version applies", () => {
    const stored = { sourceUpdatedAt: at("2025-01-02T00:00:00Z") };
    expect(isNewerThanStored(at("2025-01-03T00:00:00Z"), stored)).toBe(true);
    expect(isNewerThanStored(at("2025-01-02T00:00:00Z"), stored)).toBe(false);
    expect(isNewerThanStored(at("2025-01-01T00:00:00Z"), stored)).toBe(false);
  });

  test("a stub without a source version takes the first real one", () => {
    expect(isNewerThanStored(at("2020-01-01T00:00:00Z"), { sourceUpdatedAt: null })).toBe(true);
  });

  test("a deletion wins over versions up to its own time", () => {
    const stored = { sourceUpdatedAt: at("2025-01-01T00:00:00Z"), deletedAt: at("2025-01-05T00:00:00Z") };
    expect(isNewerThanStored(at("2025-01-04T00:00:00Z"), stored)).toBe(false);
    expect(isNewerThanStored(at("2025-01-06T00:00:00Z"), stored)).toBe(true);
  });

  test("applying deliveries in any order ends at the newest version", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 30 }), (times) => {
        let stored: { sourceUpdatedAt: Date } | null = null;
        for (const time of times) {
          const incoming = new Date(time);
          if (isNewerThanStored(incoming, stored)) stored = { sourceUpdatedAt: incoming };
        }
        return stored!.sourceUpdatedAt.getTime() === Math.max(...times);
      }),
    );
  });
});
