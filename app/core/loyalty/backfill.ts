import { eligibleAmountMinor, isPaidStatus } from "~/core/facts/eligible-amount";
import { factLines, refundTotals, type RefundAmounts } from "~/core/facts/order-facts";
import type { FactLine } from "~/core/facts/types";
import type { LineItemSnapshot } from "~/core/platform";
import { clawbackDue } from "./clawback";
import type { ProgramSettings } from "./program-settings";

// The history choice: orders paid before the program started earn nothing, unless the shop has
// them backfilled from the store. A backfilled order earns what it would have kept live: the
// points of the order as paid (the order.paid fact's amounts), less what the clawbacks of its
// refunds would have taken (./clawback.ts: the member keeps the rounding). Its earn entry records
// the eligible value kept, so a refund after the backfill takes back its share of what is left.
//
// What the backfill decides differently from a live order, and why:
// - No tier multiplier: nobody held a tier before the program; tiers are settled after each page.
// - An order of free things earns nothing (live, a first order of free things earns the bonus).
// - The lot becomes available as it would have (the return window counted from the order, so an
//   order older than it is available at once), but expires no earlier than the lot's age counted
//   from the backfill: points credited today never arrive already expired (as an expiry rule
//   switched on later never expires points retroactively).

const DAY_MS = 86_400_000;

/** An order as the store holds it, with its lines and refunds. */
export interface StoredOrder {
  currency: string;
  subtotalMinor: bigint;
  totalMinor: bigint;
  totalShippingMinor: bigint;
  financialStatus: string | null;
  cancelledAt: Date | null;
  test: boolean;
  lineItems: ReadonlyArray<Pick<LineItemSnapshot, "platformId" | "productPlatformId" | "variantPlatformId" | "quantity" | "unitPriceMinor" | "totalDiscountMinor">>;
  refunds: readonly RefundAmounts[];
}

/** What a stored order earns on. */
export interface BackfillEarning {
  /** The eligible value when it was paid, before any refund: what its points are weighed on. */
  eligibleMinor: bigint;
  /** The eligible value it kept after its refunds (never more than `eligibleMinor`). */
  keptEligibleMinor: bigint;
  shippingMinor: bigint;
  lines: FactLine[];
}

/** What a stored order earns on; null when it earns nothing (a test, cancelled, unpaid or wholly refunded order). */
export function backfillEarning(order: StoredOrder): BackfillEarning | null {
  if (order.test || order.cancelledAt !== null || !isPaidStatus(order.financialStatus)) return null;
  const state = { subtotalMinor: order.subtotalMinor, totalMinor: order.totalMinor, test: order.test, cancelled: false };
  const kept = eligibleAmountMinor({ ...state, ...refundTotals(order.refunds) });
  if (kept <= 0n) return null;
  return {
    eligibleMinor: eligibleAmountMinor({ ...state, ...refundTotals([]) }),
    keptEligibleMinor: kept,
    shippingMinor: order.totalShippingMinor,
    lines: factLines(order),
  };
}

/** The points an order that earned `points` when paid keeps after its refunds: what its live clawbacks leave. */
export function keptPoints(points: number, earning: Pick<BackfillEarning, "eligibleMinor" | "keptEligibleMinor">): number {
  const refunded = earning.eligibleMinor - earning.keptEligibleMinor;
  return points - clawbackDue({ earned: points, eligibleMinor: earning.eligibleMinor, clawedBack: 0 }, refunded);
}

/** When a backfilled order's lot becomes available and expires, credited at `creditedAt`. */
export function backfillLot(
  settings: Pick<ProgramSettings, "pendingDays" | "expiry">,
  orderAt: Date,
  creditedAt: Date,
): { availableAt: Date; expiresAt: Date | null } {
  const availableAt = new Date(orderAt.getTime() + settings.pendingDays * DAY_MS);
  if (settings.expiry.kind !== "lot_age") return { availableAt, expiresAt: null };
  const from = Math.max(availableAt.getTime(), creditedAt.getTime());
  return { availableAt, expiresAt: new Date(from + settings.expiry.days * DAY_MS) };
}

/** How far back the shop has its history earn. */
export const BACKFILL_SPANS = ["all", "12_months", "90_days"] as const;
export type BackfillSpan = (typeof BACKFILL_SPANS)[number];

/** The first order time a span takes in (null: from the first order). */
export function backfillFrom(span: BackfillSpan, now: Date): Date | null {
  if (span === "all") return null;
  if (span === "90_days") return new Date(now.getTime() - 90 * DAY_MS);
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  return from;
}
