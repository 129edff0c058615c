import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { chunk, distinct, firstPerKey, groupBy, lastPerKey, newestPerKey } from "~/core/sync/batch";
import { isNewerThanStored } from "~/core/sync/freshness";

interface Version {
  id: string;
  at: Date;
  tag: string;
}

const v = (id: string, iso: string, tag = `${id}@${iso}`): Version => ({ id, at: new Date(iso), tag });
const newest = (items: Version[]) => newestPerKey(items, (item) => item.id, (item) => item.at);

describe("newestPerKey", () => {
  test("keeps the newest version of each key, keys in order of first appearance", () => {
    const items = [v("b", "2025-01-01"), v("a", "2025-01-03"), v("b", "2025-01-05"), v("a", "2025-01-02")];
    expect(newest(items).map((item) => item.tag)).toEqual(["b@2025-01-05", "a@2025-01-03"]);
  });

  test("of two copies with the same version the first is kept", () => {
    const items = [v("a", "2025-01-01", "first"), v("a", "2025-01-01", "second")];
    expect(newest(items).map((item) => item.tag)).toEqual(["first"]);
  });

  test("empty in, empty out", () => {
    expect(newest([])).toEqual([]);
  });

  test("ends where applying the items one at a time with the freshness rule ends", () => {
    const version = fc.record({
      id: fc.constantFrom("a", "b", "c"),
      day: fc.integer({ min: 1, max: 5 }),
      tag: fc.string(),
    });
    fc.assert(
      fc.property(fc.array(version, { maxLength: 20 }), (raw) => {
        const items = raw.map((item) => ({ id: item.id, at: new Date(Date.UTC(2025, 0, item.day)), tag: item.tag }));
        const store = new Map<string, Version>();
        for (const item of items) {
          const stored = store.get(item.id);
          if (isNewerThanStored(item.at, stored ? { sourceUpdatedAt: stored.at } : null)) store.set(item.id, item);
        }
        expect(new Map(newest(items).map((item) => [item.id, item]))).toEqual(store);
      }),
    );
  });
});

describe("firstPerKey and lastPerKey", () => {
  const items = [
    { key: "x", n: 1 },
    { key: "y", n: 2 },
    { key: "x", n: 3 },
  ];

  test("firstPerKey keeps the first copy", () => {
    expect(firstPerKey(items, (item) => item.key)).toEqual([items[0], items[1]]);
  });

  test("lastPerKey keeps the last copy, in order of first appearance", () => {
    expect(lastPerKey(items, (item) => item.key)).toEqual([items[2], items[1]]);
  });
});

describe("chunk", () => {
  test("splits into pieces of at most the size, in order, without losing an item", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const pieces = chunk(items, size);
        expect(pieces.flat()).toEqual(items);
        expect(pieces.every((piece) => piece.length >= 1 && piece.length <= size)).toBe(true);
        expect(pieces.slice(0, -1).every((piece) => piece.length === size)).toBe(true);
      }),
    );
  });

  test("no items, no chunks", () => {
    expect(chunk([], 3)).toEqual([]);
  });

  test("refuses a size that is not a positive integer", () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});

describe("distinct", () => {
  test("drops repeats, null and undefined, keeping first-seen order", () => {
    expect(distinct(["b", null, "a", undefined, "b"])).toEqual(["b", "a"]);
  });
});

describe("groupBy", () => {
  test("groups by key, keys in order of first appearance, items in their order", () => {
    const items = [v("b", "2025-01-01"), v("a", "2025-01-02"), v("b", "2025-01-03")];
    expect(groupBy(items, (item) => item.id).map((group) => group.map((item) => item.tag))).toEqual([
      ["b@2025-01-01", "b@2025-01-03"],
      ["a@2025-01-02"],
    ]);
  });

  test("keys may be objects, compared by identity", () => {
    const [one, two] = [{ name: "one" }, { name: "one" }];
    expect(groupBy([one, two, one], (item) => item)).toEqual([[one, one], [two]]);
  });
});
