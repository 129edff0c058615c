import { productDeletedFact, productWriteFact } from "~/core/facts/product-facts";
import type { DomainFact } from "~/core/facts/types";
import type { PlatformId, ProductSnapshot } from "~/core/platform";
import { chunk, lastPerKey, newestPerKey } from "~/core/sync/batch";
import { incomingIsNewerSql } from "~/core/sync/freshness-sql";
import { columnList, recordsetWithNewIds, type RowOf } from "~/core/sync/json-recordset";
import { Prisma } from "~/db/generated/client";
import type { Tx } from "~/db/prisma.server";

const PRODUCT_COLUMNS = {
  platformId: "text",
  title: "text",
  handle: "text",
  status: "text",
  vendor: "text",
  productType: "text",
  imageUrl: "text",
  tags: "text[]",
  // Null when the snapshot does not say (webhooks): the stored membership is kept.
  collectionIds: "text[]",
  sourceCreatedAt: "timestamp(3)",
  sourceUpdatedAt: "timestamp(3)",
} as const;

const VARIANT_COLUMNS = {
  productId: "uuid",
  platformId: "text",
  title: "text",
  sku: "text",
  priceMinor: "bigint",
  currency: "text",
  inventoryQuantity: "integer",
  available: "boolean",
} as const;

const PRODUCTS_PER_ROUND = 1000;

/**
 * Applies product versions that are strictly newer than the stored ones, deletion tombstones
 * included (of repeats within the batch, the newest counts). A written product's variants become
 * exactly those of its snapshot; a variant that moved between products follows its product.
 */
export async function upsertProducts(
  tx: Tx,
  shop: { id: string; currency: string },
  products: readonly ProductSnapshot[],
): Promise<{ applied: PlatformId[]; facts: DomainFact[] }> {
  const applied: PlatformId[] = [];
  const facts: DomainFact[] = [];
  const newest = newestPerKey(products, (product) => product.platformId, (product) => product.updatedAt);
  for (const round of chunk(newest, PRODUCTS_PER_ROUND)) {
    const rows = new Map((await writeProducts(tx, shop.id, round)).map((row) => [row.platformId, row]));
    const written = new Map([...rows].map(([platformId, row]) => [platformId, row.id]));
    const writtenProducts = round.filter((product) => written.has(product.platformId));
    applied.push(...writtenProducts.map((product) => product.platformId));
    for (const product of writtenProducts) {
      const row = rows.get(product.platformId)!;
      facts.push(productWriteFact(row.id, product, row.inserted));
    }
    await replaceVariants(
      tx,
      shop,
      writtenProducts.map((product) => ({ id: written.get(product.platformId)!, product })),
    );
  }
  return { applied, facts };
}

async function writeProducts(tx: Tx, shopId: string, products: readonly ProductSnapshot[]) {
  const rows = products.map(
    (product): RowOf<typeof PRODUCT_COLUMNS> => ({
      platformId: product.platformId,
      title: product.title,
      handle: product.handle,
      status: product.status,
      vendor: product.vendor,
      productType: product.productType,
      imageUrl: product.imageUrl,
      tags: product.tags,
      collectionIds: product.collectionIds ?? null,
      sourceCreatedAt: product.createdAt,
      sourceUpdatedAt: product.updatedAt,
    }),
  );
  // A row the statement inserted has no deleting or locking transaction yet (xmax = 0).
  return tx.$queryRaw<Array<{ id: string; platformId: string; inserted: boolean }>>`
    INSERT INTO "Product" (id, "shopId", ${columnList(PRODUCT_COLUMNS)}, "deletedAt", "updatedAt")
    SELECT v."newId", ${shopId}::uuid, ${columnList(PRODUCT_COLUMNS, "v")}, NULL, now()
    FROM ${recordsetWithNewIds(PRODUCT_COLUMNS, rows)}
    ORDER BY v."platformId"
    ON CONFLICT ("shopId", "platformId") DO UPDATE SET
      title = EXCLUDED.title, handle = EXCLUDED.handle, status = EXCLUDED.status, vendor = EXCLUDED.vendor,
      "productType" = EXCLUDED."productType", "imageUrl" = EXCLUDED."imageUrl", tags = EXCLUDED.tags,
      "collectionIds" = coalesce(EXCLUDED."collectionIds", "Product"."collectionIds"),
      "sourceCreatedAt" = EXCLUDED."sourceCreatedAt", "sourceUpdatedAt" = EXCLUDED."sourceUpdatedAt",
      "deletedAt" = NULL, "updatedAt" = now()
    WHERE ${incomingIsNewerSql("Product", Prisma.sql`EXCLUDED."sourceUpdatedAt"`, { tombstones: true })}
    RETURNING id, "platformId", (xmax = 0) AS inserted`;
}

async function replaceVariants(
  tx: Tx,
  shop: { id: string; currency: string },
  products: ReadonlyArray<{ id: string; product: ProductSnapshot }>,
) {
  if (products.length === 0) return;
  // Two products of one batch claiming a variant: the later one gets it, as one at a time.
  const claimed = lastPerKey(
    products.flatMap(({ id, product }) => product.variants.map((variant) => ({ productId: id, variant }))),
    ({ variant }) => variant.platformId,
  );
  const variants = claimed.map(
    ({ productId, variant }): RowOf<typeof VARIANT_COLUMNS> => ({
      productId,
      platformId: variant.platformId,
      title: variant.title,
      sku: variant.sku,
      priceMinor: variant.priceMinor,
      currency: shop.currency,
      inventoryQuantity: variant.inventoryQuantity,
      available: variant.available,
    }),
  );
  await tx.$executeRaw`
    DELETE FROM "ProductVariant"
    WHERE "shopId" = ${shop.id}::uuid
      AND "productId" = ANY(${products.map(({ id }) => id)}::uuid[])
      AND NOT ("platformId" = ANY(${claimed.map(({ variant }) => variant.platformId)}::text[]))`;
  if (variants.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "ProductVariant" (id, "shopId", ${columnList(VARIANT_COLUMNS)})
    SELECT v."newId", ${shop.id}::uuid, ${columnList(VARIANT_COLUMNS, "v")}
    FROM ${recordsetWithNewIds(VARIANT_COLUMNS, variants)}
    ORDER BY v."platformId"
    ON CONFLICT ("shopId", "platformId") DO UPDATE SET
      "productId" = EXCLUDED."productId", title = EXCLUDED.title, sku = EXCLUDED.sku,
      "priceMinor" = EXCLUDED."priceMinor", currency = EXCLUDED.currency,
      "inventoryQuantity" = EXCLUDED."inventoryQuantity", available = EXCLUDED.available`;
}

export async function markProductDeleted(
  tx: Tx,
  shopId: string,
  platformId: PlatformId,
  occurredAt: Date,
): Promise<{ applied: boolean; facts: DomainFact[] }> {
  const [deleted] = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "Product" SET "deletedAt" = ${occurredAt}, "updatedAt" = now()
    WHERE "shopId" = ${shopId}::uuid AND "platformId" = ${platformId} AND "deletedAt" IS NULL
    RETURNING id::text AS id`;
  if (deleted) return { applied: true, facts: [productDeletedFact(deleted.id, platformId, occurredAt)] };
  // Deleted before it was ever seen: a tombstone keeps a late create from resurrecting it.
  const known = await tx.product.findUnique({
    where: { shopId_platformId: { shopId, platformId } },
    select: { id: true },
  });
  if (known) return { applied: false, facts: [] };
  // Unknown to the store and to every program: no fact.
  await tx.product.create({
    data: { shopId, platformId, title: "", tags: [], collectionIds: [], deletedAt: occurredAt },
  });
  return { applied: true, facts: [] };
}
