import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { Random, WeightedTable, hashString } from "~/demo/random";

const seed = fc.integer({ min: 0, max: 0xffffffff });

describe("Random", () => {
  it("repeats its sequence for the same seed and diverges for another", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const a = new Random(s);
        const b = new Random(s);
        const c = new Random((s + 1) >>> 0);
        const xs = Array.from({ length: 16 }, () => a.uint32());
        expect(Array.from({ length: 16 }, () => b.uint32())).toEqual(xs);
        expect(Array.from({ length: 16 }, () => c.uint32())).not.toEqual(xs);
      }),
    );
  });

  it("keeps next() in [0, 1) and int() within its inclusive bounds", () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (s, min, width) => {
        const rng = new Random(s);
        for (let i = 0; i < 50; i++) {
          const x = rng.next();
          expect(x >= 0 && x < 1).toBe(true);
          const n = rng.int(min, min + width);
          expect(Number.isInteger(n) && n >= min && n <= min + width).toBe(true);
        }
      }),
    );
  });

  it("rejects empty ranges and lists", () => {
    const rng = new Random(1);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weightedIndex([0, 0])).toThrow(RangeError);
  });

  it("never draws a zero weight", () => {
    fc.assert(
      fc.property(seed, fc.array(fc.constantFrom(0, 0.5, 1, 3), { minLength: 1, maxLength: 12 }), (s, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const rng = new Random(s);
        for (let i = 0; i < 40; i++) expect(weights[rng.weightedIndex(weights)]).toBeGreaterThan(0);
      }),
    );
  });

  it("draws in proportion to weight", () => {
    const rng = new Random(42);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.weightedIndex([1, 2, 7])]! += 1;
    expect(counts[0]! / 30_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.7, 1);
  });

  it("shuffles into a permutation", () => {
    fc.assert(
      fc.property(seed, fc.array(fc.integer(), { maxLength: 50 }), (s, items) => {
        const shuffled = new Random(s).shuffle(items.slice());
        expect(shuffled.slice().sort((a, b) => a - b)).toEqual(items.slice().sort((a, b) => a - b));
      }),
    );
  });

  it("gives roughly standard normals", () => {
    const rng = new Random(7);
    const xs = Array.from({ length: 20_000 }, () => rng.gaussian());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("forks streams that depend on the label and the parent seed only", () => {
    const a = new Random(5).fork("orders");
    const b = new Random(5).fork("orders");
    const parent = new Random(5);
    parent.uint32();
    const afterUse = parent.fork("orders");
    const other = new Random(5).fork("customers");
    const first = a.uint32();
    expect(b.uint32()).toBe(first);
    expect(afterUse.uint32()).toBe(first);
    expect(other.uint32()).not.toBe(first);
  });

  it("hashes labels stably", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
  });
});

describe("WeightedTable", () => {
  it("agrees with the weights and skips zero weights", () => {
    const rng = new Random(3);
    const table = new WeightedTable(["a", "b", "c"], [1, 0, 3]);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[table.draw(rng)]! += 1;
    expect(counts.b).toBe(0);
    expect(counts.c! / counts.a!).toBeGreaterThan(2.6);
    expect(counts.c! / counts.a!).toBeLessThan(3.4);
  });
});
