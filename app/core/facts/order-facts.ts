import type { LineItemSnapshot, OrderSnapshot, PlatformId, RefundLineSnapshot, RefundSnapshot } from "~/core/platform";
import { eligibleAmountMinor, isPaidStatus } from "./eligible-amount";
import { minor, type CustomerRef, type DomainFact, type FactLine, type FactOf, type OrderState, type RecordRef } from "./types";

// Facts of order writes and refunds, from the state before and after. Pure: the services hand in
// what they read and wrote.

/** What the store held of an order before a write; null when the order is new to the store. */
export interface StoredOrderStatus {
  financialStatus: string | null;
  cancelledAt: Date | null;
}

export interface OrderWrite {
  orderId: string;
  order: OrderSnapshot;
  /** Our id of the customer the order belongs to after the write. */
  customerId: string | null;
  before: StoredOrderStatus | null;
  /** Refunds of the order stored by this write for the first time: our id by platform id. */
  newRefunds: ReadonlyMap<PlatformId, string>;
}

export interface RefundTotals {
  refundedMinor: bigint;
  refundedMerchandiseMinor: bigint;
}

/** An order as its refunds need it. */
export interface RefundableOrder {
  order: RecordRef;
  customer: CustomerRef | null;
  currency: string;
  subtotalMinor: bigint;
  totalMinor: bigint;
  test: boolean;
  cancelled: boolean;
  /** The order's line items by platform id, for the product and variant a refunded line names. */
  lines: ReadonlyMap<PlatformId, { productId: PlatformId | null; variantId: PlatformId | null }>;
}

/** A refund as its totals need it: a snapshot, or a refund in the store. */
export type RefundAmounts = Pick<RefundSnapshot, "amountMinor"> & { lineItems: ReadonlyArray<Pick<RefundLineSnapshot, "subtotalMinor">> };

export function refundTotals(refunds: readonly RefundAmounts[]): RefundTotals {
  let refundedMinor = 0n;
  let refundedMerchandiseMinor = 0n;
  for (const refund of refunds) {
    refundedMinor += refund.amountMinor;
    for (const line of refund.lineItems) refundedMerchandiseMinor += line.subtotalMinor;
  }
  return { refundedMinor, refundedMerchandiseMinor };
}

function addRefund(totals: RefundTotals, refund: RefundSnapshot): RefundTotals {
  const added = refundTotals([refund]);
  return {
    refundedMinor: totals.refundedMinor + added.refundedMinor,
    refundedMerchandiseMinor: totals.refundedMerchandiseMinor + added.refundedMerchandiseMinor,
  };
}

function eligible(order: Pick<RefundableOrder, "subtotalMinor" | "totalMinor" | "test">, cancelled: boolean, refunds: RefundTotals) {
  return eligibleAmountMinor({ ...order, ...refunds, cancelled });
}

/** Refunds in the order they were made (the platform's time, then id). */
function inProcessedOrder<T extends { refund: RefundSnapshot }>(refunds: readonly T[]): T[] {
  return [...refunds].sort(
    (a, b) =>
      a.refund.processedAt.getTime() - b.refund.processedAt.getTime() ||
      (a.refund.platformId < b.refund.platformId ? -1 : a.refund.platformId > b.refund.platformId ? 1 : 0),
  );
}

/**
 * refund.applied for each new refund of an order, in the order they were made, each with the
 * order's eligible amount before and after it. `base` is what the order's other refunds returned.
 */
export function refundFacts(
  order: RefundableOrder,
  base: RefundTotals,
  refunds: ReadonlyArray<{ id: string; refund: RefundSnapshot }>,
): { facts: Array<FactOf<"refund.applied">>; after: RefundTotals } {
  let totals = base;
  const facts: Array<FactOf<"refund.applied">> = [];
  for (const { id, refund } of inProcessedOrder(refunds)) {
    const before = eligible(order, order.cancelled, totals);
    totals = addRefund(totals, refund);
    facts.push({
      kind: "refund.applied",
      occurredAt: refund.processedAt,
      customerId: order.customer?.id ?? null,
      data: {
        refund: { id, platformId: refund.platformId },
        order: order.order,
        customer: order.customer,
        currency: refund.currency,
        amountMinor: minor(refund.amountMinor),
        lines: refund.lineItems.map((line) => ({
          lineId: line.lineItemPlatformId,
          productId: order.lines.get(line.lineItemPlatformId)?.productId ?? null,
          variantId: order.lines.get(line.lineItemPlatformId)?.variantId ?? null,
          quantity: line.quantity,
          subtotalMinor: minor(line.subtotalMinor),
          taxMinor: minor(line.totalTaxMinor),
        })),
        eligibleBeforeMinor: minor(before),
        eligibleAfterMinor: minor(eligible(order, order.cancelled, totals)),
      },
    });
  }
  return { facts, after: totals };
}

/** The order's lines as facts state them; `order` is a snapshot or an order in the store. */
export function factLines(order: {
  lineItems: ReadonlyArray<Pick<LineItemSnapshot, "platformId" | "productPlatformId" | "variantPlatformId" | "quantity" | "unitPriceMinor" | "totalDiscountMinor">>;
}): FactLine[] {
  return order.lineItems.map((line) => ({
    lineId: line.platformId,
    productId: line.productPlatformId,
    variantId: line.variantPlatformId,
    quantity: line.quantity,
    amountMinor: minor(line.unitPriceMinor * BigInt(line.quantity) - line.totalDiscountMinor),
  }));
}

/**
 * The facts of one applied order write.
 *
 * Live: a new order is order.placed (as placed: not cancelled, without the refunds that came
 * with it), then order.paid if it is paid, order.cancelled if it is cancelled, and refund.applied
 * for each refund, so that a program adding up the facts ends where the order stands. A stored
 * order yields only what changed: order.paid when it became paid, order.cancelled when it became
 * cancelled, refund.applied for each refund new to the store.
 *
 * History (the full import): a new order is one order.placed stating where it stands now (paid,
 * cancelled, refunds counted); a stored one is treated as live.
 */
export function orderWriteFacts(write: OrderWrite, options: { history: boolean }): DomainFact[] {
  const { order, before } = write;
  const customer: CustomerRef | null = write.customerId
    ? { id: write.customerId, platformId: order.buyer?.platformId ?? null }
    : null;
  const ref: RecordRef = { id: write.orderId, platformId: order.platformId };
  const refundable: RefundableOrder = {
    order: ref,
    customer,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    totalMinor: order.totalMinor,
    test: order.test,
    cancelled: order.cancelledAt !== null,
    lines: new Map(order.lineItems.map((line) => [line.platformId, { productId: line.productPlatformId, variantId: line.variantPlatformId }])),
  };
  const lines = factLines(order);
  const paid = isPaidStatus(order.financialStatus);
  const state = (cancelled: boolean, refunds: RefundTotals): OrderState => ({
    order: ref,
    customer,
    currency: order.currency,
    financialStatus: order.financialStatus?.toLowerCase() ?? null,
    paid,
    cancelled,
    test: order.test,
    amounts: {
      subtotalMinor: minor(order.subtotalMinor),
      discountsMinor: minor(order.totalDiscountsMinor),
      shippingMinor: minor(order.totalShippingMinor),
      taxMinor: minor(order.totalTaxMinor),
      totalMinor: minor(order.totalMinor),
      refundedMinor: minor(refunds.refundedMinor),
      eligibleMinor: minor(eligible(refundable, cancelled, refunds)),
    },
    lines,
  });

  if (before === null && options.history) {
    return [
      {
        kind: "order.placed",
        occurredAt: order.processedAt,
        customerId: write.customerId,
        data: { ...state(refundable.cancelled, refundTotals(order.refunds)), placedAt: order.processedAt.toISOString() },
      },
    ];
  }

  const facts: DomainFact[] = [];
  const newRefunds = order.refunds.flatMap((refund) => {
    const id = write.newRefunds.get(refund.platformId);
    return id === undefined ? [] : [{ id, refund }];
  });
  const base = refundTotals(order.refunds.filter((refund) => !write.newRefunds.has(refund.platformId)));
  let cancelled = before?.cancelledAt != null;
  if (before === null) {
    facts.push({
      kind: "order.placed",
      occurredAt: order.processedAt,
      customerId: write.customerId,
      data: { ...state(cancelled, base), placedAt: order.processedAt.toISOString() },
    });
  }
  if (paid && !isPaidStatus(before?.financialStatus)) {
    facts.push({ kind: "order.paid", occurredAt: order.updatedAt, customerId: write.customerId, data: state(cancelled, base) });
  }
  if (refundable.cancelled && !cancelled) {
    const eligibleBefore = eligible(refundable, false, base);
    cancelled = true;
    facts.push({
      kind: "order.cancelled",
      occurredAt: order.cancelledAt ?? order.updatedAt,
      customerId: write.customerId,
      data: {
        order: ref,
        customer,
        currency: order.currency,
        reason: order.cancelReason,
        eligibleBeforeMinor: minor(eligibleBefore),
        eligibleAfterMinor: minor(eligible(refundable, true, base)),
      },
    });
  }
  facts.push(...refundFacts({ ...refundable, cancelled }, base, newRefunds).facts);
  return facts;
}
