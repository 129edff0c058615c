import { isPaidStatus } from "~/core/facts/eligible-amount";
import { lineTotalMinor } from "~/core/orders/order-amounts";
import type { Money } from "./storefront-lists";

// What the cross-sell blocks earned: orders with a line the shopper added from a block
// (OrderLineItem.recommendedFrom) and those lines' amounts. Pure; integer minor units per currency.

export interface AttributedLine {
  readonly orderId: string;
  readonly financialStatus: string | null;
  readonly cancelled: boolean;
  readonly test: boolean;
  /** The product whose block added the line. */
  readonly recommendedFrom: string;
  /** The line's product: the one recommended. */
  readonly productId: string | null;
  readonly quantity: number;
  readonly unitPriceMinor: bigint;
  readonly totalDiscountMinor: bigint;
  readonly refundedQuantity: number;
  readonly currency: string;
}


export interface Attribution {
  readonly orders: number;
  /** One total per currency, largest first: amounts in different currencies are never added. */
  readonly revenue: readonly Money[];
}

/** An order counts when its money was taken and it stands: paid, not cancelled, not a test. */
export function countsForAttribution(line: Pick<AttributedLine, "financialStatus" | "cancelled" | "test">): boolean {
  return !line.cancelled && !line.test && isPaidStatus(line.financialStatus?.toLowerCase());
}

/**
 * The line as charged (quantity × unit price − the line's discounts), for the quantity the shopper
 * kept: a refunded unit takes its share of the line's amount with it (rounded toward zero).
 */
export function attributedLineMinor(line: Pick<AttributedLine, "quantity" | "unitPriceMinor" | "totalDiscountMinor" | "refundedQuantity">): bigint {
  if (line.quantity <= 0) return 0n;
  const kept = Math.min(Math.max(line.quantity - line.refundedQuantity, 0), line.quantity);
  const total = lineTotalMinor(line);
  const amount = (total * BigInt(kept)) / BigInt(line.quantity);
  return amount > 0n ? amount : 0n;
}

export function summarizeAttribution(lines: readonly AttributedLine[]): Attribution {
  const orders = new Set<string>();
  const revenue = new Map<string, bigint>();
  for (const line of lines) {
    if (!countsForAttribution(line)) continue;
    orders.add(line.orderId);
    revenue.set(line.currency, (revenue.get(line.currency) ?? 0n) + attributedLineMinor(line));
  }
  return {
    orders: orders.size,
    revenue: [...revenue]
      .map(([currency, amountMinor]) => ({ currency, amountMinor: Number(amountMinor) }))
      .sort((a, b) => b.amountMinor - a.amountMinor || a.currency.localeCompare(b.currency)),
  };
}

/** Add-to-carts per impression; null before the block was shown. */
export function addToCartRate(impressions: number, addToCarts: number): number | null {
  return impressions > 0 ? addToCarts / impressions : null;
}

const DAY_MS = 86_400_000;

/**
 * The UTC days of the daily counters that fall in [from, to): from the day `from` falls on, up to
 * the day `to` falls on — that day too unless `to` is its midnight. As `YYYY-MM-DD`, end exclusive.
 */
export function dayRange(period: { readonly from: Date; readonly to: Date }): { readonly firstDay: string; readonly endDay: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const fromDay = Math.floor(period.from.getTime() / DAY_MS) * DAY_MS;
  const endDay = Math.ceil(period.to.getTime() / DAY_MS) * DAY_MS;
  return { firstDay: day(fromDay), endDay: day(Math.max(endDay, fromDay)) };
}
