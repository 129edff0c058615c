import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PairTable } from "~/core/recommendations/pair-table";

describe("PairTable", () => {
  it("names a pair by its two indices in either order", () => {
    const table = new PairTable();
    const slot = table.findOrAdd(7, 3);
    table.set(slot, 1.5, 2);
    expect(table.find(3, 7)).toBe(slot);
    expect(table.findOrAdd(3, 7)).toBe(slot);
    expect([table.lower(slot), table.higher(slot), table.weight(slot), table.count(slot)]).toEqual([3, 7, 1.5, 2]);
    expect(table.find(3, 8)).toBe(-1);
    expect(table.size).toBe(1);
  });

  it("a removed pair is gone, and comes back with zeros", () => {
    const table = new PairTable();
    const slot = table.findOrAdd(1, 2);
    table.set(slot, 4, 4);
    table.remove(slot);
    table.remove(slot);
    expect(table.size).toBe(0);
    expect(table.find(1, 2)).toBe(-1);
    const again = table.findOrAdd(2, 1);
    expect([table.weight(again), table.count(again)]).toEqual([0, 0]);
  });

  it("scales every weight", () => {
    const table = new PairTable();
    table.set(table.findOrAdd(0, 1), 8, 1);
    table.set(table.findOrAdd(0, 2), 2, 1);
    table.scale(0.5);
    expect([...table.slots()].map((slot) => table.weight(slot)).sort()).toEqual([1, 4]);
  });

  it("behaves as a map of pairs through any adds and removes, growing and reusing tombstones", () => {
    const operation = fc.record({ remove: fc.boolean(), first: fc.nat({ max: 60 }), second: fc.nat({ max: 60 }), weight: fc.double({ noNaN: true }) });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 3_000 }), (operations) => {
        const table = new PairTable();
        const model = new Map<string, number>();
        for (const { remove, first, second, weight } of operations) {
          const key = `${Math.min(first, second)}|${Math.max(first, second)}`;
          if (remove) {
            const slot = table.find(first, second);
            expect(slot >= 0).toBe(model.has(key));
            if (slot >= 0) table.remove(slot);
            model.delete(key);
          } else {
            table.set(table.findOrAdd(first, second), weight, 1);
            model.set(key, weight);
          }
        }
        expect(table.size).toBe(model.size);
        const entries = new Map([...table.slots()].map((slot) => [`${table.lower(slot)}|${table.higher(slot)}`, table.weight(slot)]));
        expect(entries).toEqual(model);
      }),
      { numRuns: 50 },
    );
  });
});
