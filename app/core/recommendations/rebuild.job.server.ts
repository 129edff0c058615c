import { z } from "zod";
import type { Tx } from "~/db/prisma.server";
import type { JobHandler } from "~/jobs/queue.server";
import { applyOrder, emptyState, type CoOccurrenceState } from "./co-occurrence";
import { createListsRefreshJobs } from "./lists-refresh.job.server";
import { listSelection, unavailableProducts, writeLists } from "./lists.server";
import { topPairs } from "./pair-scores";
import { lockProgram, RECOMMENDATIONS_REBUILD_JOB, shopExists } from "./program.server";
import { halfLifeMs } from "./settings";
import { pairRows, productRows } from "./state-rows";

// The full rebuild: every order's stored contribution folded anew, with the settings' half-life,
// into the engine's in-memory state; then the shop's product and pair rows, totals and lists are
// written afresh. The incremental path runs the same arithmetic per order, so both end with the
// same figures. Runs after a settings change; the admin may start it too.

const payloadSchema = z.object({ shopId: z.uuid() });

/** Orders read per page: the contributions are streamed, only the state is held whole. */
const ORDER_PAGE = 5_000;
/** Rows per INSERT: a bounded statement, a few round trips for a large catalogue. */
const WRITE_BATCH = 5_000;

/** The shop's stored contributions folded in orderId order (any order gives the same sums). */
async function foldStoredOrders(tx: Tx, shopId: string, halfLife: number): Promise<CoOccurrenceState | null> {
  let state: CoOccurrenceState | null = null;
  let after: string | null = null;
  for (;;) {
    const page: { orderId: string; products: string[]; placedAt: Date }[] = await tx.recommendationOrder.findMany({
      where: { shopId, ...(after === null ? {} : { orderId: { gt: after } }) },
      orderBy: { orderId: "asc" },
      take: ORDER_PAGE,
      select: { orderId: true, products: true, placedAt: true },
    });
    for (const order of page) {
      const contribution = { products: order.products, at: order.placedAt.getTime() };
      state ??= emptyState(halfLife, contribution.at);
      applyOrder(state, null, contribution);
    }
    if (page.length < ORDER_PAGE) return state;
    after = page[page.length - 1]?.orderId ?? null;
  }
}

function* batches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function rebuildRecommendations(tx: Tx, shopId: string, now: Date): Promise<void> {
  const locked = await lockProgram(tx, shopId, now);
  const halfLife = halfLifeMs(locked.settings);
  const state = (await foldStoredOrders(tx, shopId, halfLife)) ?? emptyState(halfLife, now.getTime());

  await tx.recommendationProduct.deleteMany({ where: { shopId } });
  await tx.recommendationPair.deleteMany({ where: { shopId } });
  await tx.recommendationList.deleteMany({ where: { shopId } });
  for (const batch of batches(productRows(state), WRITE_BATCH)) {
    await tx.$executeRaw`
      INSERT INTO "RecommendationProduct" ("shopId", "productId", weight, orders)
      SELECT ${shopId}::uuid, r.product, r.weight, r.orders
      FROM unnest(${batch.map((row) => row.productId)}::text[], ${batch.map((row) => row.weight)}::float8[], ${batch.map((row) => row.count)}::int[])
        AS r(product, weight, orders)`;
  }
  for (const batch of batches(pairRows(state), WRITE_BATCH)) {
    await tx.$executeRaw`
      INSERT INTO "RecommendationPair" ("shopId", "firstProductId", "secondProductId", weight, orders)
      SELECT ${shopId}::uuid, r.first, r.second, r.weight, r.orders
      FROM unnest(${batch.map((row) => row.firstProductId)}::text[], ${batch.map((row) => row.secondProductId)}::text[],
        ${batch.map((row) => row.weight)}::float8[], ${batch.map((row) => row.count)}::int[]) AS r(first, second, weight, orders)`;
  }
  const program = await tx.recommendationProgram.update({
    where: { id: locked.id },
    data: {
      halfLifeMs: halfLife,
      referenceAt: new Date(state.referenceMs),
      totalWeight: state.totalWeight,
      totalOrders: state.totalCount,
      rebuiltAt: now,
      listsAt: now,
    },
  });
  const lists = topPairs(state, now.getTime(), listSelection({ ...locked, ...program, settings: locked.settings }, await unavailableProducts(tx, shopId, null)));
  for (const batch of batches(lists.keys(), WRITE_BATCH)) await writeLists(tx, shopId, batch, lists, now);
}

/** The engine's jobs: the full rebuild and the hourly refresh of the lists. */
export function createRecommendationJobs(deps: { now?: () => Date } = {}): Record<string, JobHandler> {
  const now = deps.now ?? (() => new Date());
  return {
    ...createListsRefreshJobs({ now }),
    [RECOMMENDATIONS_REBUILD_JOB]: {
      async run(payload, tx) {
        const { shopId } = payloadSchema.parse(payload);
        if (await shopExists(tx, shopId)) await rebuildRecommendations(tx, shopId, now());
      },
    },
  };
}
