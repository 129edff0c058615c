import { z } from "zod";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { internProduct } from "./co-occurrence";
import { listSelection, unavailableProducts, writeLists } from "./lists.server";
import { topPairs } from "./pair-scores";
import { lockProgram, RECOMMENDATIONS_LISTS_JOB, shopExists } from "./program.server";
import { stateFromRows } from "./state-rows";

// Every stored list computed again from the stored rows, without folding the orders again. An
// order recomputes the lists of its own products only, but it moves the shop's total and its
// products' weights, which enter every list that names them (support, lift, the lift guard), and
// time lowers every pair's decayed weight against the minimum support. So after orders, the lists
// are refreshed as a whole, at most once an hour per shop.

/** Once a day: time alone lowers decayed pairs below the minimum support, orders or not. */
export const RECOMMENDATIONS_DAILY_JOB = "recommendations.daily";

const payloadSchema = z.object({ shopId: z.uuid() });

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const PAIR_PAGE = 10_000;
const WRITE_BATCH = 5_000;

/** Queues the shop's refresh for the end of the current hour; later calls in the hour add nothing. */
export async function scheduleListsRefresh(tx: Tx, shopId: string, now: Date): Promise<void> {
  const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  await enqueueJob(tx, {
    kind: RECOMMENDATIONS_LISTS_JOB,
    payload: { shopId },
    uniqueKey: `recommendations-lists:${shopId}:${new Date(hour).toISOString()}`,
    runAt: new Date(hour + HOUR_MS),
  });
}

/** Queues the daily round (app start; each round queues the next). Keyed by day, so restarts join the one chain. */
export async function scheduleRecommendationsDaily(db: Db | Tx, runAt: Date): Promise<boolean> {
  return enqueueJob(db, { kind: RECOMMENDATIONS_DAILY_JOB, payload: {}, uniqueKey: `recommendations-daily:${runAt.toISOString().slice(0, 10)}`, runAt });
}

/** Queues a refresh for every shop whose lists are a day old or older. */
async function refreshStaleLists(tx: Tx, now: Date): Promise<void> {
  const stale = await tx.recommendationProgram.findMany({
    where: { OR: [{ listsAt: null }, { listsAt: { lte: new Date(now.getTime() - DAY_MS) } }] },
    select: { shopId: true },
  });
  for (const { shopId } of stale) {
    await enqueueJob(tx, { kind: RECOMMENDATIONS_LISTS_JOB, payload: { shopId }, uniqueKey: `recommendations-lists:${shopId}:daily:${now.toISOString().slice(0, 10)}` });
  }
}

export async function refreshLists(tx: Tx, shopId: string, now: Date): Promise<void> {
  const program = await lockProgram(tx, shopId, now);
  const products = await tx.recommendationProduct.findMany({ where: { shopId }, select: { productId: true, weight: true, orders: true } });
  const state = stateFromRows(
    { halfLifeMs: program.halfLifeMs, referenceMs: program.referenceAt.getTime(), totalWeight: program.totalWeight, totalCount: program.totalOrders },
    products.map((row) => ({ productId: row.productId, weight: row.weight, count: row.orders })),
    [],
  );
  // The pairs a page at a time, straight into the state's table.
  let after: { firstProductId: string; secondProductId: string } | null = null;
  for (;;) {
    const page: { firstProductId: string; secondProductId: string; weight: number; orders: number }[] = await tx.recommendationPair.findMany({
      where: { shopId },
      orderBy: [{ firstProductId: "asc" }, { secondProductId: "asc" }],
      take: PAIR_PAGE,
      ...(after ? { cursor: { shopId_firstProductId_secondProductId: { shopId, ...after } }, skip: 1 } : {}),
      select: { firstProductId: true, secondProductId: true, weight: true, orders: true },
    });
    for (const row of page) {
      state.pairs.set(state.pairs.findOrAdd(internProduct(state, row.firstProductId), internProduct(state, row.secondProductId)), row.weight, row.orders);
    }
    const last = page[page.length - 1];
    if (page.length < PAIR_PAGE || !last) break;
    after = { firstProductId: last.firstProductId, secondProductId: last.secondProductId };
  }
  const lists = topPairs(state, now.getTime(), listSelection(program, await unavailableProducts(tx, shopId, null)));
  await tx.recommendationList.deleteMany({ where: { shopId } });
  for (let start = 0, keys = [...lists.keys()]; start < keys.length; start += WRITE_BATCH) {
    await writeLists(tx, shopId, keys.slice(start, start + WRITE_BATCH), lists, now);
  }
  await tx.recommendationProgram.update({ where: { id: program.id }, data: { listsAt: now } });
}

export function createListsRefreshJobs(deps: { now?: () => Date } = {}): Record<string, JobHandler> {
  const now = deps.now ?? (() => new Date());
  return {
    [RECOMMENDATIONS_LISTS_JOB]: {
      async run(payload, tx) {
        const { shopId } = payloadSchema.parse(payload);
        if (await shopExists(tx, shopId)) await refreshLists(tx, shopId, now());
      },
    },
    [RECOMMENDATIONS_DAILY_JOB]: {
      async run(_payload, tx) {
        const at = now();
        await refreshStaleLists(tx, at);
        await scheduleRecommendationsDaily(tx, new Date(at.getTime() + DAY_MS));
      },
    },
  };
}
