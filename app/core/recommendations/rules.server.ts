import type { Db, Tx } from "~/db/prisma.server";

// The merchant's rules for one product's recommendations: pinned products in the merchant's order
// and excluded ones. The stored list (RecommendationList) is not touched: the storefront applies the
// rules when it reads (./recommend.ts: pins first, exclusions filter every source), so a rule shows
// in the next block without a recompute.

export const RULE_KINDS = ["pin", "exclude"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface ProductRules {
  /** Pinned products (platform ids) in the merchant's order. */
  readonly pins: readonly string[];
  readonly exclusions: readonly string[];
}

export type RuleRefusal = "self" | "unknownProduct";

export class RuleRefused extends Error {
  constructor(readonly reason: RuleRefusal) {
    super(`Recommendation rule refused: ${reason}`);
  }
}

export async function productRules(db: Db | Tx, shopId: string, productId: string): Promise<ProductRules> {
  const rules = await db.recommendationRule.findMany({
    where: { shopId, productId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { targetProductId: "asc" }],
    select: { targetProductId: true, kind: true },
  });
  return {
    pins: rules.filter((rule) => rule.kind === "pin").map((rule) => rule.targetProductId),
    exclusions: rules.filter((rule) => rule.kind === "exclude").map((rule) => rule.targetProductId),
  };
}

/**
 * A product the shop knows: in its catalogue, or bought in its orders (the engine's figures know
 * products the catalogue sync may not have reached yet).
 */
async function isKnownProduct(tx: Tx, shopId: string, productId: string): Promise<boolean> {
  // One after the other: a transaction's one connection takes one query at a time.
  if ((await tx.product.count({ where: { shopId, platformId: productId, deletedAt: null } })) > 0) return true;
  return (await tx.recommendationProduct.count({ where: { shopId, productId } })) > 0;
}

async function checkTarget(tx: Tx, shopId: string, productId: string, targetProductId: string): Promise<void> {
  if (productId === targetProductId) throw new RuleRefused("self");
  if (!(await isKnownProduct(tx, shopId, targetProductId))) throw new RuleRefused("unknownProduct");
}

/** Rewrites the pins' positions 0, 1, … in the given order. */
async function writePinOrder(tx: Tx, shopId: string, productId: string, pins: readonly string[]): Promise<void> {
  for (const [position, targetProductId] of pins.entries()) {
    await tx.recommendationRule.updateMany({ where: { shopId, productId, targetProductId, kind: "pin" }, data: { position } });
  }
}

/** Where a pin goes: at `position` (1 = first) among the other pins, at the end when none is given or it lies beyond. */
export function placePin(pins: readonly string[], targetProductId: string, position: number | null): string[] {
  const others = pins.filter((pin) => pin !== targetProductId);
  const index = position === null ? others.length : Math.min(Math.max(position - 1, 0), others.length);
  return [...others.slice(0, index), targetProductId, ...others.slice(index)];
}

function lockRules(tx: Tx, shopId: string, productId: string) {
  // Two edits of one product's pins renumber the same rows: they take turns.
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`recommendation-rules:${shopId}:${productId}`}, 0))`;
}

/** Pins `targetProductId` to the product's recommendations at `position` (1 = first); an exclusion of it gives way. */
export async function pinProduct(db: Db, shopId: string, productId: string, targetProductId: string, position: number | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await checkTarget(tx, shopId, productId, targetProductId);
    await lockRules(tx, shopId, productId);
    const { pins } = await productRules(tx, shopId, productId);
    await tx.recommendationRule.upsert({
      where: { shopId_productId_targetProductId: { shopId, productId, targetProductId } },
      create: { shopId, productId, targetProductId, kind: "pin" },
      update: { kind: "pin" },
    });
    await writePinOrder(tx, shopId, productId, placePin(pins, targetProductId, position));
  });
}

/** Never recommends `targetProductId` with the product; a pin of it gives way. */
export async function excludeProduct(db: Db, shopId: string, productId: string, targetProductId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await checkTarget(tx, shopId, productId, targetProductId);
    await lockRules(tx, shopId, productId);
    await tx.recommendationRule.upsert({
      where: { shopId_productId_targetProductId: { shopId, productId, targetProductId } },
      create: { shopId, productId, targetProductId, kind: "exclude", position: 0 },
      update: { kind: "exclude", position: 0 },
    });
    await writePinOrder(tx, shopId, productId, (await productRules(tx, shopId, productId)).pins);
  });
}

/** Removes the product's rule for `targetProductId`, pin or exclusion; nothing when it has none. */
export async function removeRule(db: Db, shopId: string, productId: string, targetProductId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockRules(tx, shopId, productId);
    await tx.recommendationRule.deleteMany({ where: { shopId, productId, targetProductId } });
    await writePinOrder(tx, shopId, productId, (await productRules(tx, shopId, productId)).pins);
  });
}

/** Moves a pin up or down one place. */
export async function movePin(db: Db, shopId: string, productId: string, targetProductId: string, direction: "up" | "down"): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockRules(tx, shopId, productId);
    const { pins } = await productRules(tx, shopId, productId);
    const index = pins.indexOf(targetProductId);
    if (index < 0) return;
    const position = index + 1 + (direction === "up" ? -1 : 1);
    await writePinOrder(tx, shopId, productId, placePin(pins, targetProductId, Math.max(position, 1)));
  });
}

/** Products the merchant can choose for a rule: the catalogue's, by title, without the product itself. */
export async function ruleTargetChoices(db: Db, shopId: string, productId: string, limit = 500): Promise<{ productId: string; title: string }[]> {
  const products = await db.product.findMany({
    where: { shopId, deletedAt: null, platformId: { not: productId } },
    orderBy: [{ title: "asc" }, { platformId: "asc" }],
    take: limit,
    select: { platformId: true, title: true },
  });
  return products.map((product) => ({ productId: product.platformId, title: product.title }));
}
