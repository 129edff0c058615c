import { z } from "zod";
import { idPage, inIdOrder } from "~/core/list-paging.server";
import { Prisma } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import { decayFactor } from "./decay";
import { parseSettings, RECOMMENDATIONS_REBUILD_JOB } from "./program.server";
import { productTitles, type NamedProduct } from "./product-view.server";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "./settings";

// The cross-sell overview's read model: the engine's state, and the catalogue's products a page at
// a time with what the engine knows of each (pairs that reach the minimum support, the top of the
// stored list, the merchant's rules). Plain JSON for the loader.

export const RECOMMENDATION_PRODUCTS_PAGE_SIZE = 25;

export interface EngineStatus {
  /** Paid orders the stored figures count. */
  readonly ordersCounted: number;
  readonly rebuiltAt: string | null;
  readonly listsAt: string | null;
  /** A rebuild waits in the queue (a settings change, the merchant's button). */
  readonly rebuildQueued: boolean;
}

export async function engineStatus(db: Db, shopId: string): Promise<EngineStatus> {
  const [program, queued] = await Promise.all([
    db.recommendationProgram.findUnique({ where: { shopId }, select: { totalOrders: true, rebuiltAt: true, listsAt: true } }),
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "Job"
      WHERE kind = ${RECOMMENDATIONS_REBUILD_JOB} AND payload->>'shopId' = ${shopId} AND status::text IN ('QUEUED', 'RUNNING')`,
  ]);
  return {
    ordersCounted: program?.totalOrders ?? 0,
    rebuiltAt: program?.rebuiltAt?.toISOString() ?? null,
    listsAt: program?.listsAt?.toISOString() ?? null,
    rebuildQueued: (queued[0]?.count ?? 0) > 0,
  };
}

export interface RecommendationProductRow extends NamedProduct {
  /** Orders the engine counted with the product. */
  readonly orders: number;
  /** Products bought with it often enough to be recommended (decayed weight at the minimum support). */
  readonly pairsAboveMinSupport: number;
  /** The first of its stored list; null when it has none (the fallbacks fill the block). */
  readonly topRecommendation: NamedProduct | null;
  readonly pins: number;
  readonly exclusions: number;
}

export interface RecommendationProductPage {
  readonly rows: readonly RecommendationProductRow[];
  readonly totalCount: number;
  readonly page: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

const storedPairsSchema = z.array(z.object({ productId: z.string() }).loose());

function searchCondition(search: string | undefined): Prisma.Sql {
  const text = search?.trim();
  if (!text) return Prisma.empty;
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return Prisma.sql`AND (p.title ILIKE ${pattern} OR p."platformId" = ${text})`;
}

/** The shop's products in the catalogue, the most ordered first, as of `now` (the minimum support compares decayed weights). */
export async function listRecommendationProducts(db: Db, shopId: string, query: { page: number; search?: string; now: Date }): Promise<RecommendationProductPage> {
  const page = await idPage(
    db,
    {
      source: Prisma.sql`FROM "Product" p LEFT JOIN "RecommendationProduct" rp ON rp."shopId" = p."shopId" AND rp."productId" = p."platformId"
        WHERE p."shopId" = ${shopId}::uuid AND p."deletedAt" IS NULL ${searchCondition(query.search)}`,
      alias: "p",
      orderBy: Prisma.sql`coalesce(rp.orders, 0) DESC, p.title ASC, p.id ASC`,
    },
    query.page,
    RECOMMENDATION_PRODUCTS_PAGE_SIZE,
  );
  const products = inIdOrder(page.ids, await db.product.findMany({ where: { shopId, id: { in: page.ids } }, select: { id: true, platformId: true, title: true } }));
  const ids = products.map((product) => product.platformId);
  const program = await db.recommendationProgram.findUnique({ where: { shopId } });
  const settings = program ? parseSettings(program.settings) : DEFAULT_RECOMMENDATION_SETTINGS;
  const factor = program ? decayFactor(program.referenceAt.getTime(), query.now.getTime(), program.halfLifeMs) : 1;
  // A stored weight reaches the minimum support as of now when weight × factor does.
  const threshold = factor > 0 ? settings.minSupportWeight / factor : Number.MAX_VALUE;
  const [engine, pairCounts, lists, rules] = await Promise.all([
    db.recommendationProduct.findMany({ where: { shopId, productId: { in: ids } }, select: { productId: true, orders: true } }),
    db.$queryRaw<{ productId: string; count: number }[]>`
      SELECT product AS "productId", count(*)::int AS count FROM (
        SELECT "firstProductId" AS product FROM "RecommendationPair"
        WHERE "shopId" = ${shopId}::uuid AND "firstProductId" = ANY(${ids}::text[]) AND weight >= ${threshold}
        UNION ALL
        SELECT "secondProductId" AS product FROM "RecommendationPair"
        WHERE "shopId" = ${shopId}::uuid AND "secondProductId" = ANY(${ids}::text[]) AND weight >= ${threshold}) pairs
      GROUP BY product`,
    db.recommendationList.findMany({ where: { shopId, productId: { in: ids } }, select: { productId: true, pairs: true } }),
    db.recommendationRule.groupBy({ by: ["productId", "kind"], where: { shopId, productId: { in: ids } }, _count: { _all: true } }),
  ]);
  const tops = new Map(lists.flatMap((list) => {
    const first = storedPairsSchema.parse(list.pairs)[0];
    return first ? [[list.productId, first.productId] as const] : [];
  }));
  const titles = await productTitles(db, shopId, [...tops.values()]);
  const ordersOf = new Map(engine.map((row) => [row.productId, row.orders] as const));
  const pairsOf = new Map(pairCounts.map((row) => [row.productId, row.count] as const));
  const ruleCount = (productId: string, kind: string) => rules.find((rule) => rule.productId === productId && rule.kind === kind)?._count._all ?? 0;
  const rows = products.map((product): RecommendationProductRow => {
    const top = tops.get(product.platformId);
    return {
      productId: product.platformId,
      title: product.title,
      orders: ordersOf.get(product.platformId) ?? 0,
      pairsAboveMinSupport: pairsOf.get(product.platformId) ?? 0,
      topRecommendation: top === undefined ? null : { productId: top, title: titles.get(top) ?? top },
      pins: ruleCount(product.platformId, "pin"),
      exclusions: ruleCount(product.platformId, "exclude"),
    };
  });
  return { rows, totalCount: page.totalCount, page: page.page, hasPrevious: page.page > 1, hasNext: page.hasNext };
}
