import type { PlatformId, ProductSnapshot } from "~/core/platform";
import { isNewerThanStored } from "~/core/sync/freshness";
import type { Tx } from "~/db/prisma.server";

export async function upsertProduct(
  tx: Tx,
  shop: { id: string; currency: string },
  product: ProductSnapshot,
): Promise<boolean> {
  const where = { shopId_platformId: { shopId: shop.id, platformId: product.platformId } };
  const existing = await tx.product.findUnique({
    where,
    select: { id: true, sourceUpdatedAt: true, deletedAt: true },
  });
  if (existing && !isNewerThanStored(product.updatedAt, existing)) return false;
  const columns = {
    title: product.title,
    handle: product.handle,
    status: product.status,
    vendor: product.vendor,
    productType: product.productType,
    imageUrl: product.imageUrl,
    tags: product.tags,
    sourceCreatedAt: product.createdAt,
    sourceUpdatedAt: product.updatedAt,
    deletedAt: null,
    ...(product.collectionIds ? { collectionIds: product.collectionIds } : {}),
  };
  const saved = await tx.product.upsert({
    where,
    create: { ...columns, shopId: shop.id, platformId: product.platformId },
    update: columns,
    select: { id: true },
  });
  await tx.productVariant.deleteMany({
    where: {
      productId: saved.id,
      platformId: { notIn: product.variants.map((variant) => variant.platformId) },
    },
  });
  for (const variant of product.variants) {
    const values = { ...variant, currency: shop.currency, productId: saved.id };
    await tx.productVariant.upsert({
      where: { shopId_platformId: { shopId: shop.id, platformId: variant.platformId } },
      create: { ...values, shopId: shop.id },
      update: values,
    });
  }
  return true;
}

export async function markProductDeleted(
  tx: Tx,
  shopId: string,
  platformId: PlatformId,
  occurredAt: Date,
): Promise<boolean> {
  const updated = await tx.product.updateMany({
    where: { shopId, platformId, deletedAt: null },
    data: { deletedAt: occurredAt },
  });
  if (updated.count > 0) return true;
  // Deleted before it was ever seen: a tombstone keeps a late create from resurrecting it.
  const known = await tx.product.findUnique({
    where: { shopId_platformId: { shopId, platformId } },
    select: { id: true },
  });
  if (known) return false;
  await tx.product.create({
    data: { shopId, platformId, title: "", tags: [], collectionIds: [], deletedAt: occurredAt },
  });
  return true;
}
