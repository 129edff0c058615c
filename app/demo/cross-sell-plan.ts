import type { OrderPlan } from "./model";
import type { Random } from "./random";
import { DAY } from "./shop-time";

// The demo shop's cross-sell block, in its history: installed a few months before the history
// ends, it put some of the later orders' lines into the cart — most often a product's named
// companion (the dripper's filter papers), now and then another item of the basket. Those lines
// carry the block's line item property in their webhooks, as a real shop's orders would; what the
// block showed and what was added but not bought become its daily counters (./demo-recommendations).

/** How long before the history's end the block went live. */
export const CROSS_SELL_BLOCK_DAYS = 120;

const COMPANION_FROM_BLOCK = 0.45;
const OTHER_FROM_BLOCK = 0.04;

/**
 * Marks the lines of orders placed since the block went live that came from it: a later line of
 * an order whose first product's block offered it. Draws from its own random stream, so the rest
 * of the history does not change.
 */
export function markCrossSellLines(rng: Random, end: number, orders: readonly OrderPlan[]): void {
  const since = end - CROSS_SELL_BLOCK_DAYS * DAY;
  for (const order of orders) {
    const [first, ...later] = order.lines;
    if (order.createdAt < since || !first) continue;
    const companions = new Set(first.product.companions.map(([handle]) => handle));
    for (const line of later) {
      if (rng.chance(companions.has(line.product.handle) ? COMPANION_FROM_BLOCK : OTHER_FROM_BLOCK)) line.recommendedFrom = first.product;
    }
  }
}
