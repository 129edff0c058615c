import { z } from "zod";
import type { Tx } from "~/db/prisma.server";
import type { JobHandler } from "~/jobs/queue.server";
import { applyOrder, emptyState, type CoOccurrenceState } from "./co-occurrence";
import { createListsRefreshJobs } from "./lists-refresh.job.server";
import { listSelection, unavailableProducts, writeLists } from "./lists.server";
import { recordAppliedContributions, storedContributions } from "./order-state.server";
import { topPairs } from "./pair-scores";
import { lockProgram, RECOMMENDATIONS_REBUILD_JOB, shopExists } from "./program.server";
import { halfLifeMs } from "./settings";
import { pairRows, productRows } from "./state-rows";

// The full rebuild: every order's contribution read from the store and folded anew, with the settings' half-life,
// into the engine's in-memory state; then the shop's product and pair rows, totals and lists are
// written afresh. The incremental path runs the same arithmetic per order, so both end with the
// same figures. Runs after a settings change; the admin may start it too.

const payloadSchema = z.object({ shopId: z.uuid() });

/** Orders read per page: the contributions are streamed, only the state is held whole. */
const ORDER_PAGE = 2_000;
/** Rows per INSERT: a bounded statement, a few round trips for a large catalogue. */
const WRITE_BATCH = 5_000;

/**
 * Every order of the shop in the store, a page at a time: its contribution now (./order-state.server.ts)
 * folded into the state and stored as the one applied, so later changes continue from it. Reading
 * the store rather than the stored contributions also takes in orders from before the engine
 * existed (a shop imported earlier) and mends any contribution that went astray.
 */
async function foldStoreOrders(tx: Tx, shopId: string, halfLife: number): Promise<CoOccurrenceState | null> {
  await tx.recommendationOrder.deleteMany({ where: { shopId } });
  let state: CoOccurrenceState | null = null;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM "Order" WHERE "shopId" = ${shopId}::uuid AND id > ${after}::uuid ORDER BY "Order".id LIMIT ${ORDER_PAGE}`;
    const contributions = await storedContributions(tx, shopId, ids.map((row) => row.id));
    for (const contribution of contributions.values()) {
      state ??= emptyState(halfLife, contribution.at);
      applyOrder(state, null, contribution);
    }
    await recordAppliedContributions(tx, shopId, contributions);
    const last = ids[ids.length - 1];
    if (ids.length < ORDER_PAGE || !last) return state;
    after = last.id;
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
  const state = (await foldStoreOrders(tx, shopId, halfLife)) ?? emptyState(halfLife, now.getTime());

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
