import type { Tx } from "~/db/prisma.server";

/**
 * The shop's erasure (shop/redact): the engine's rows carry the shop's id without a key to the
 * shop (they are written set-based, in bulk), so they go by the id before the shop does. They
 * hold no personal data: a customer's erasure leaves them, as it leaves the orders' amounts.
 */
export async function eraseShopRecommendationData(tx: Tx, shopIds: readonly string[]): Promise<void> {
  const where = { where: { shopId: { in: [...shopIds] } } };
  await tx.recommendationOrder.deleteMany(where);
  await tx.recommendationProduct.deleteMany(where);
  await tx.recommendationPair.deleteMany(where);
  await tx.recommendationList.deleteMany(where);
  await tx.recommendationRule.deleteMany(where);
  await tx.recommendationDailyStat.deleteMany(where);
}
