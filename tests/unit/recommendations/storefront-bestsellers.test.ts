import { describe, expect, test } from "vitest";
import { cachedBestsellers, type BestsellerLookup, type ShopBestsellers } from "~/core/recommendations/storefront-bestsellers.server";
import type { Db } from "~/db/prisma.server";

// The bestsellers the storefront route keeps per shop for a while: one read per shop and period,
// shared by concurrent requests, read again once the period is over or after a failure.

const db = {} as Db;
const answer = (name: string): ShopBestsellers => ({ shop: [{ productId: name, weight: 1 }], byCollection: new Map() });

function counting(fail = false) {
  const reads: string[] = [];
  const load: BestsellerLookup = async (_db, shopId) => {
    reads.push(shopId);
    if (fail && reads.length === 1) throw new Error("database down");
    return answer(`${shopId}-${reads.length}`);
  };
  return { reads, load };
}

describe("cachedBestsellers", () => {
  test("one read per shop within the period, shared by concurrent requests; a new read after it", async () => {
    let now = 0;
    const { reads, load } = counting();
    const lookup = cachedBestsellers(60_000, () => now, load);
    const [first, second] = await Promise.all([lookup(db, "s1"), lookup(db, "s1")]);
    expect(first).toBe(second);
    await lookup(db, "s2");
    now = 59_999;
    expect((await lookup(db, "s1")).shop[0]?.productId).toBe("s1-1");
    now = 60_000;
    expect((await lookup(db, "s1")).shop[0]?.productId).toBe("s1-3");
    expect(reads).toEqual(["s1", "s2", "s1"]);
  });

  test("a failed read is not kept", async () => {
    const { reads, load } = counting(true);
    const lookup = cachedBestsellers(60_000, () => 0, load);
    await expect(lookup(db, "s1")).rejects.toThrow("database down");
    expect((await lookup(db, "s1")).shop[0]?.productId).toBe("s1-2");
    expect(reads).toHaveLength(2);
  });
});
