// Points an order earns under one version of a shop's earning rules. The eligible value comes
// from the order's facts (~/core/facts/eligible-amount.ts: merchandise after discounts, less what
// was refunded); the rules decide what else counts and how it is weighted.

export type Rounding = "down" | "nearest" | "up";

export interface EarnRules {
  /** The version an entry records, so a clawback can find the rule that earned it. */
  version: number;
  /** Points per whole unit of the shop's currency (1 € → `pointsPerUnit` points). */
  pointsPerUnit: number;
  rounding: Rounding;
  /** Shipping earns points too. */
  includeShipping: boolean;
  /** Per product (platform id): a multiplier; 0 excludes it. Checked before collections. */
  productMultipliers: Readonly<Record<string, number>>;
  /** Per collection (platform id): a multiplier; 0 excludes; the highest of a product's collections counts. */
  collectionMultipliers: Readonly<Record<string, number>>;
}

export interface EarningLine {
  productId: string | null;
  /** The product's collections (platform ids), as the store knows them. */
  collectionIds: readonly string[];
  /** The line's amount after its discounts, minor units. */
  amountMinor: bigint;
}

export interface EarningOrder {
  /** ~/core/facts/eligible-amount.ts */
  eligibleMinor: bigint;
  shippingMinor: bigint;
  lines: readonly EarningLine[];
  /** Minor units per whole currency unit (100 for EUR, 1 for JPY). */
  minorPerUnit: number;
}

/** The multiplier a line earns with: its product's, else its best collection's, else 1. */
export function lineMultiplier(rules: EarnRules, line: EarningLine): number {
  if (line.productId !== null && Object.hasOwn(rules.productMultipliers, line.productId)) {
    return rules.productMultipliers[line.productId]!;
  }
  const collections = line.collectionIds.filter((id) => Object.hasOwn(rules.collectionMultipliers, id));
  if (collections.length === 0) return 1;
  return Math.max(...collections.map((id) => rules.collectionMultipliers[id]!));
}

function round(value: number, rounding: Rounding): number {
  // A hair of tolerance: 0.1 + 0.2 style float error must not cost or give a point.
  const nudged = Math.round(value * 1e9) / 1e9;
  if (rounding === "down") return Math.floor(nudged);
  if (rounding === "up") return Math.ceil(nudged);
  return Math.round(nudged);
}

/**
 * The weighted value (minor units, fractional) the order earns on: the eligible value shared out
 * over the lines by their amounts, each share times its line's multiplier, plus shipping when it
 * counts. Lines without amounts (all free) share the eligible value equally.
 */
export function weightedValueMinor(rules: EarnRules, order: EarningOrder): number {
  const eligible = Number(order.eligibleMinor);
  const lineTotal = order.lines.reduce((sum, line) => sum + Number(line.amountMinor > 0n ? line.amountMinor : 0n), 0);
  let weighted = order.lines.length === 0 ? eligible : 0;
  for (const line of order.lines) {
    const share = lineTotal > 0 ? (Number(line.amountMinor > 0n ? line.amountMinor : 0n) / lineTotal) * eligible : eligible / order.lines.length;
    weighted += share * lineMultiplier(rules, line);
  }
  return weighted + (rules.includeShipping ? Number(order.shippingMinor) : 0);
}

/** Base points of an order (before a tier's multiplier), rounded as the shop chose. */
export function basePoints(rules: EarnRules, order: EarningOrder): number {
  if (order.eligibleMinor <= 0n) return 0;
  return Math.max(0, round((weightedValueMinor(rules, order) / order.minorPerUnit) * rules.pointsPerUnit, rules.rounding));
}

/** The extra points a tier's multiplier adds to base points (1.5× on 33 → 16 more, rounded down). */
export function tierBonusPoints(base: number, tierMultiplier: number): number {
  return Math.max(0, Math.floor(base * tierMultiplier + 1e-9) - base);
}
