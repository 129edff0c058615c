import { z } from "zod";

// A shop's settings for cross-sell recommendations ("frequently bought together"): how fast old
// orders fade, how much evidence a pair needs, how many products a block shows, which fallbacks
// fill a short list, and whether a signed-in shopper sees what they already bought.

export const recommendationSettingsSchema = z.object({
  /**
   * After this many days an order counts half as much. Seasonal catalogues want a short half-life,
   * slow-moving ones a long one. At least a day: shorter would make the weights swing within one
   * day's orders and force the reference time forward often (./decay.ts).
   */
  halfLifeDays: z.number().min(1).max(3650),
  /**
   * A pair is recommended only when it was bought together in at least this many orders, counted
   * with decay (an order one half-life old counts 0.5). Guards against lift's bias to rare pairs:
   * two products bought once, together, have the highest possible lift.
   */
  minSupportWeight: z.number().min(0).max(1_000_000),
  /** Products shown per block, and automatic pairs stored per product. */
  k: z.number().int().min(1).max(50),
  fallbacks: z.object({
    /** Fill a short list with the bestsellers of the product's collections. */
    collection: z.boolean(),
    /** Then with the shop's bestsellers. */
    shop: z.boolean(),
  }),
  /** A signed-in shopper is not offered products they already bought (consumables may want them). */
  excludeAlreadyBought: z.boolean(),
});

export type RecommendationSettings = z.infer<typeof recommendationSettingsSchema>;

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = {
  // A quarter: last season's habits still count half, last year's a sixteenth.
  halfLifeDays: 90,
  // Three recent orders together: one or two could be the same shopper's coincidence.
  minSupportWeight: 3,
  // The usual "frequently bought together" block shows three or four products.
  k: 4,
  fallbacks: { collection: true, shop: true },
  excludeAlreadyBought: true,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function halfLifeMs(settings: Pick<RecommendationSettings, "halfLifeDays">): number {
  return settings.halfLifeDays * DAY_MS;
}
