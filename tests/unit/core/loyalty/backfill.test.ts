import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refundFacts, type RefundableOrder } from "~/core/facts/order-facts";
import { backfillEarning, backfillFrom, backfillLot, keptPoints, type StoredOrder } from "~/core/loyalty/backfill";
import { clawbackDue } from "~/core/loyalty/clawback";
import { basePoints, type EarnRules } from "~/core/loyalty/earn-rules";
import type { RefundSnapshot } from "~/core/platform";

const DAY_MS = 86_400_000;

const line = (platformId: string, unitPriceMinor: bigint, quantity = 1, totalDiscountMinor = 0n) => ({
  platformId,
  productPlatformId: `product-${platformId}`,
  variantPlatformId: null,
  quantity,
  unitPriceMinor,
  totalDiscountMinor,
});

const refund = (amountMinor: bigint, lineSubtotals: bigint[] = []) => ({ amountMinor, lineItems: lineSubtotals.map((subtotalMinor) => ({ subtotalMinor })) });

/** 2 × 40 € less 10 € off, plus 30 €: 100 € of merchandise, 4.90 € shipping, 19 % tax included. */
const stored = (overrides: Partial<StoredOrder> = {}): StoredOrder => ({
  currency: "EUR",
  subtotalMinor: 10_000n,
  totalMinor: 10_490n,
  totalShippingMinor: 490n,
  financialStatus: "paid",
  cancelledAt: null,
  test: false,
  lineItems: [line("a", 4_000n, 2, 1_000n), line("b", 3_000n)],
  refunds: [],
  ...overrides,
});

describe("what a stored order earns on", () => {
  it("a paid order: its merchandise, its shipping and its lines as the order.paid fact states them", () => {
    expect(backfillEarning(stored())).toEqual({
      eligibleMinor: 10_000n,
      keptEligibleMinor: 10_000n,
      shippingMinor: 490n,
      lines: [
        { lineId: "a", productId: "product-a", variantId: null, quantity: 2, amountMinor: "7000" },
        { lineId: "b", productId: "product-b", variantId: null, quantity: 1, amountMinor: "3000" },
      ],
    });
  });

  it("a partial refund of lines keeps what was not refunded; the points are still weighed on the order as paid", () => {
    const earning = backfillEarning(stored({ financialStatus: "partially_refunded", refunds: [refund(3_000n, [3_000n])] }));
    expect(earning).toMatchObject({ eligibleMinor: 10_000n, keptEligibleMinor: 7_000n });
  });

  it("several refunds add up", () => {
    const earning = backfillEarning(stored({ financialStatus: "partially_refunded", refunds: [refund(3_000n, [3_000n]), refund(3_500n, [3_500n])] }));
    expect(earning?.keptEligibleMinor).toBe(3_500n);
  });

  it("money refunded without lines (goodwill) lowers it only below what the shop kept", () => {
    expect(backfillEarning(stored({ refunds: [refund(490n)] }))?.keptEligibleMinor).toBe(10_000n);
    expect(backfillEarning(stored({ refunds: [refund(6_490n)] }))?.keptEligibleMinor).toBe(4_000n);
  });

  it("a full refund earns nothing", () => {
    expect(backfillEarning(stored({ financialStatus: "refunded", refunds: [refund(10_490n, [7_000n, 3_000n])] }))).toBeNull();
    expect(backfillEarning(stored({ financialStatus: "partially_refunded", refunds: [refund(10_000n, [10_000n])] }))).toBeNull();
  });

  it("a cancelled order earns nothing, refunded or not", () => {
    expect(backfillEarning(stored({ cancelledAt: new Date("2024-03-02T00:00:00Z") }))).toBeNull();
    expect(backfillEarning(stored({ cancelledAt: new Date("2024-03-02T00:00:00Z"), financialStatus: "refunded", refunds: [refund(10_490n)] }))).toBeNull();
  });

  it("a test order earns nothing", () => {
    expect(backfillEarning(stored({ test: true }))).toBeNull();
  });

  it("an order not paid earns nothing; the platform's status is read in any case", () => {
    for (const financialStatus of ["pending", "authorized", "voided", "partially_paid", null]) {
      expect(backfillEarning(stored({ financialStatus }))).toBeNull();
    }
    expect(backfillEarning(stored({ financialStatus: "PAID" }))).not.toBeNull();
  });

  it("an order of free things earns nothing", () => {
    expect(backfillEarning(stored({ subtotalMinor: 0n, totalMinor: 490n, lineItems: [line("gift", 0n)] }))).toBeNull();
  });
});

describe("the points a backfilled order keeps", () => {
  it("all of them without a refund", () => {
    expect(keptPoints(200, { eligibleMinor: 10_000n, keptEligibleMinor: 10_000n })).toBe(200);
  });

  it("the share of the value kept; the member keeps the rounding, as after a live clawback", () => {
    expect(keptPoints(200, { eligibleMinor: 10_000n, keptEligibleMinor: 7_000n })).toBe(140);
    // A third refunded of 100 points: a live clawback takes 33, so 67 stay.
    expect(keptPoints(100, { eligibleMinor: 9_000n, keptEligibleMinor: 6_000n })).toBe(67);
    expect(keptPoints(1, { eligibleMinor: 9_000n, keptEligibleMinor: 1n })).toBe(1);
  });
});

describe("a backfilled lot", () => {
  const settings = { pendingDays: 14, expiry: { kind: "lot_age" as const, days: 365 } };
  const creditedAt = new Date("2025-06-01T00:00:00Z");

  it("is pending through the return window counted from the order: an order older than it is available at once", () => {
    const recent = new Date("2025-05-25T00:00:00Z");
    expect(backfillLot(settings, recent, creditedAt).availableAt).toEqual(new Date(recent.getTime() + 14 * DAY_MS));
    const old = new Date("2024-02-01T00:00:00Z");
    expect(backfillLot(settings, old, creditedAt).availableAt.getTime()).toBeLessThan(creditedAt.getTime());
  });

  it("expires the lot's age after it became available, but never before that age counted from the backfill", () => {
    const recent = new Date("2025-05-25T00:00:00Z");
    expect(backfillLot(settings, recent, creditedAt).expiresAt).toEqual(new Date(recent.getTime() + (14 + 365) * DAY_MS));
    // Older than the expiry age: it would have expired already; it lives a full age from now.
    const old = new Date("2023-02-01T00:00:00Z");
    expect(backfillLot(settings, old, creditedAt).expiresAt).toEqual(new Date(creditedAt.getTime() + 365 * DAY_MS));
  });

  it("never expires under a program without lot expiry", () => {
    const old = new Date("2023-02-01T00:00:00Z");
    expect(backfillLot({ pendingDays: 14, expiry: { kind: "never" } }, old, creditedAt).expiresAt).toBeNull();
    expect(backfillLot({ pendingDays: 14, expiry: { kind: "inactivity", days: 365 } }, old, creditedAt).expiresAt).toBeNull();
  });
});

describe("how far back", () => {
  const now = new Date("2025-06-15T10:00:00Z");
  it("from the first order, the last 12 months or the last 90 days", () => {
    expect(backfillFrom("all", now)).toBeNull();
    expect(backfillFrom("12_months", now)).toEqual(new Date("2024-06-15T10:00:00Z"));
    expect(backfillFrom("90_days", now)).toEqual(new Date(now.getTime() - 90 * DAY_MS));
  });
});

// The rule: a backfilled order keeps exactly what the same order earns live (on order.paid, with
// no refund yet) less what the clawbacks of its refunds take (refund.applied, one after another,
// with the shop's policy taking everything due). No rounding between them: both take back
// floor(points × refunded / eligible) of the points as paid. One exception, on purpose: an order
// of free things earns nothing backfilled (live, a first order of free things earns the bonus alone).
describe("backfilling equals earning live and clawing back the refunds", () => {
  const lineArb = fc.record({
    unitPriceMinor: fc.bigInt({ min: 0n, max: 20_000n }),
    quantity: fc.integer({ min: 1, max: 4 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
  });
  const orderArb = fc
    .record({
      lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
      shippingMinor: fc.bigInt({ min: 0n, max: 1_500n }),
      // Per refund: which line, how much of its amount (percent), goodwill money besides.
      refunds: fc.array(fc.record({ line: fc.nat(), percent: fc.integer({ min: 0, max: 100 }), goodwill: fc.bigInt({ min: 0n, max: 3_000n }) }), { maxLength: 4 }),
    })
    .map(({ lines, shippingMinor, refunds }) => {
      const lineItems = lines.map((item, index) => {
        const gross = item.unitPriceMinor * BigInt(item.quantity);
        return line(`l${index}`, item.unitPriceMinor, item.quantity, (gross * BigInt(item.discountShare)) / 400n);
      });
      const amounts = lineItems.map((item) => item.unitPriceMinor * BigInt(item.quantity) - item.totalDiscountMinor);
      const subtotalMinor = amounts.reduce((sum, amount) => sum + amount, 0n);
      const refundSnapshots: RefundSnapshot[] = refunds.map((spec, index) => {
        const lineIndex = spec.line % lineItems.length;
        const subtotal = (amounts[lineIndex]! * BigInt(spec.percent)) / 100n;
        return {
          platformId: `r${index}`,
          orderPlatformId: "o1",
          note: null,
          amountMinor: subtotal + spec.goodwill,
          currency: "EUR",
          processedAt: new Date(Date.UTC(2024, 2, 1 + index)),
          lineItems: [{ platformId: `rl${index}`, lineItemPlatformId: lineItems[lineIndex]!.platformId, quantity: 1, subtotalMinor: subtotal, totalTaxMinor: 0n, restockType: null }],
        };
      });
      const order: StoredOrder = {
        currency: "EUR",
        subtotalMinor,
        totalMinor: subtotalMinor + shippingMinor,
        totalShippingMinor: shippingMinor,
        financialStatus: refundSnapshots.length > 0 ? "partially_refunded" : "paid",
        cancelledAt: null,
        test: false,
        lineItems,
        refunds: refundSnapshots,
      };
      return { order, refundSnapshots };
    });
  const rulesArb = fc.record({
    version: fc.constant(1),
    pointsPerUnit: fc.integer({ min: 1, max: 20 }),
    rounding: fc.constantFrom("down" as const, "nearest" as const, "up" as const),
    includeShipping: fc.boolean(),
    productMultipliers: fc.dictionary(fc.constantFrom("product-l0", "product-l1", "product-l2"), fc.constantFrom(0, 0.5, 2, 3)),
    collectionMultipliers: fc.constant({}),
  });

  it("holds for any order, refunds, rules and first-order bonus", () => {
    fc.assert(
      fc.property(orderArb, rulesArb, fc.integer({ min: 0, max: 200 }), ({ order, refundSnapshots }, rules: EarnRules, firstOrderBonus) => {
        const paid = { eligibleMinor: order.subtotalMinor, shippingMinor: order.totalShippingMinor, minorPerUnit: 100 };
        const lines = order.lineItems.map((item) => ({ productId: item.productPlatformId, collectionIds: [], amountMinor: item.unitPriceMinor * BigInt(item.quantity) - item.totalDiscountMinor }));
        const base = basePoints(rules, { ...paid, lines });
        const earned = base + firstOrderBonus;

        // Live: the order earns when paid, then each refund's fact takes back its due.
        const refundable: RefundableOrder = {
          order: { id: "o1", platformId: "o1" },
          customer: null,
          currency: "EUR",
          subtotalMinor: order.subtotalMinor,
          totalMinor: order.totalMinor,
          test: false,
          cancelled: false,
          lines: new Map(),
        };
        const { facts } = refundFacts(refundable, { refundedMinor: 0n, refundedMerchandiseMinor: 0n }, refundSnapshots.map((snapshot) => ({ id: snapshot.platformId, refund: snapshot })));
        let clawedBack = 0;
        for (const fact of facts) {
          const after = BigInt(fact.data.eligibleAfterMinor);
          const refunded = order.subtotalMinor - (after < 0n ? 0n : after);
          clawedBack += clawbackDue({ earned, eligibleMinor: order.subtotalMinor, clawedBack }, refunded);
        }
        const liveKept = earned > 0 ? earned - clawedBack : 0;

        const earning = backfillEarning(order);
        if (order.subtotalMinor === 0n) {
          expect(earning).toBeNull();
          return;
        }
        if (earning === null) {
          expect(liveKept).toBe(0);
          return;
        }
        expect(earning.eligibleMinor).toBe(order.subtotalMinor);
        expect(earning.shippingMinor).toBe(paid.shippingMinor);
        expect(earning.lines.map((item) => BigInt(item.amountMinor))).toEqual(lines.map((item) => item.amountMinor));
        expect(keptPoints(earned, earning)).toBe(liveKept);
        // A later refund is weighed against what the order kept, as it would be live.
        expect(earning.keptEligibleMinor).toBe(facts.length > 0 ? BigInt(facts.at(-1)!.data.eligibleAfterMinor) : order.subtotalMinor);
      }),
      { numRuns: 500 },
    );
  });
});
