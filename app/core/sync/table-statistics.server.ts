import { Prisma } from "~/db/generated/client";
import type { Tx } from "~/db/prisma.server";

// A bulk load outgrows the planner's statistics. Planned with the statistics of a nearly empty
// table, `"shopId" = $1 AND "platformId" = ANY($2)` reads every row of the shop and filters
// (measured: 10 ms per 500-order lookup at 100k orders, growing with the table), which makes a
// large import quadratic. Autovacuum would re-analyze eventually, but it lags a load (and may be
// off), so the load refreshes the statistics itself each time its row count doubles.

const SYNC_TABLES = [
  "Customer",
  "Product",
  "ProductVariant",
  "Order",
  "OrderLineItem",
  "OrderDiscountCode",
  "Refund",
  "RefundLineItem",
  "TimelineEvent",
] as const;

const FIRST_REFRESH_AT = 1_000;

/** Whether a load that went from `before` to `after` records has reached a refresh point (1k, 2k, 4k, …). */
export function statisticsDue(before: number, after: number): boolean {
  if (after < FIRST_REFRESH_AT) return false;
  const step = (records: number) => (records < FIRST_REFRESH_AT ? -1 : Math.floor(Math.log2(records / FIRST_REFRESH_AT)));
  return step(after) > step(before);
}

/** ANALYZE of the tables the sync services write (allowed inside the caller's transaction). */
export async function refreshStatistics(tx: Tx): Promise<void> {
  await tx.$executeRaw`ANALYZE ${Prisma.raw(SYNC_TABLES.map((table) => `"${table}"`).join(", "))}`;
}
