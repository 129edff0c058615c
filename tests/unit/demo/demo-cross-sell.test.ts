import { describe, expect, it } from "vitest";
import { demoBlockEvents, type WindowLine } from "~/demo/demo-cross-sell.server";

const at = (day: string) => new Date(`${day}T10:00:00Z`);
const line = (orderId: string, day: string, productId: string | null, recommendedFrom: string | null = null): WindowLine => ({
  orderId,
  processedAt: at(day),
  productId,
  recommendedFrom,
});

describe("the demo block's counters", () => {
  const lines = [
    // Order 1: the dripper, its filters added from the dripper's block.
    line("o1", "2026-11-02", "dripper"),
    line("o1", "2026-11-02", "filters", "dripper"),
    // Order 2: the dripper alone; the block was seen, nothing bought from it.
    line("o2", "2026-11-02", "dripper"),
    // Order 3: a product without a list, nothing from a block.
    line("o3", "2026-11-03", "tea"),
    // Order 4: a custom item first: no block.
    line("o4", "2026-11-03", null),
    line("o4", "2026-11-03", "tea"),
  ];
  const shown = new Map([["dripper", ["filters", "scale", "kettle", "beans", "mug"]]]);
  const days = demoBlockEvents(lines, shown);

  it("counts an add-to-cart for every line bought from a block, on the order's day, and never more than seen", () => {
    const events = [...days.values()].flat();
    const adds = events.filter((event) => event.type === "add_to_cart");
    expect(adds.filter((event) => event.targetProductId === "filters").length).toBeGreaterThanOrEqual(1);
    expect(days.get("2026-11-02")?.some((event) => event.type === "add_to_cart" && event.productId === "dripper" && event.targetProductId === "filters")).toBe(true);
    for (const add of adds) {
      const seen = events.filter((event) => event.type === "impression" && event.productId === add.productId && event.targetProductId === add.targetProductId).length;
      expect(seen).toBeGreaterThan(adds.filter((other) => other.productId === add.productId && other.targetProductId === add.targetProductId).length);
    }
  });

  it("shows at most four products of the block, never the product itself, and only for products with a block", () => {
    const events = [...days.values()].flat();
    expect(new Set(events.map((event) => event.productId))).toEqual(new Set(["dripper"]));
    const targets = new Set(events.map((event) => event.targetProductId));
    expect(targets.size).toBeLessThanOrEqual(4);
    expect(targets.has("dripper")).toBe(false);
    expect(days.has("2026-11-03")).toBe(false);
  });

  it("is the same on every start", () => {
    expect(demoBlockEvents(lines, shown)).toEqual(days);
  });
});
