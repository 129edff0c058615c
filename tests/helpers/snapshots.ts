import type { OrderSnapshot } from "~/core/platform";

/** Day n after 2025-01-01 (UTC): test histories read as dates, not timestamps. */
export const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000);

/**
 * A neutral order snapshot with plain defaults (a paid EUR web order without lines); created and
 * updated default to when it was processed.
 */
export function orderSnapshot(platformId: string, overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const processedAt = overrides.processedAt ?? day(10);
  const totalMinor = overrides.totalMinor ?? 1000n;
  return {
    platformId,
    name: `#${platformId}`,
    orderNumber: null,
    email: null,
    buyer: null,
    currency: "EUR",
    subtotalMinor: totalMinor,
    totalDiscountsMinor: 0n,
    totalShippingMinor: 0n,
    totalTaxMinor: 0n,
    totalMinor,
    presentmentCurrency: "EUR",
    presentmentTotalMinor: totalMinor,
    financialStatus: "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    test: false,
    tags: [],
    sourceName: "web",
    landingSite: null,
    referringSite: null,
    shippingAddress: null,
    billingAddress: null,
    processedAt,
    createdAt: processedAt,
    updatedAt: processedAt,
    lineItems: [],
    discountCodes: [],
    refunds: [],
    ...overrides,
  };
}
