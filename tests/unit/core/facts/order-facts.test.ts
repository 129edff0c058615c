import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orderWriteFacts, refundFacts, type OrderWrite } from "~/core/facts/order-facts";
import type { DomainFact, FactOf } from "~/core/facts/types";
import type { LineItemSnapshot, OrderSnapshot, RefundSnapshot } from "~/core/platform";
import { day, orderSnapshot } from "../../../helpers/snapshots";

const line = (id: string, overrides: Partial<LineItemSnapshot> = {}): LineItemSnapshot => ({
  platformId: id,
  productPlatformId: `p-${id}`,
  variantPlatformId: `v-${id}`,
  title: "Espresso Bohnen",
  variantTitle: "1 kg",
  sku: "ESP-1",
  quantity: 2,
  unitPriceMinor: 2_000n,
  totalDiscountMinor: 400n,
  totalTaxMinor: 0n,
  recommendedFrom: null,
  ...overrides,
});

const refund = (id: string, overrides: Partial<RefundSnapshot> = {}): RefundSnapshot => ({
  platformId: id,
  orderPlatformId: "O1",
  note: "Kundin Anna Berg, Hauptstrasse 1",
  amountMinor: 1_800n,
  currency: "EUR",
  processedAt: day(12),
  lineItems: [{ platformId: `rl-${id}`, lineItemPlatformId: "L1", quantity: 1, subtotalMinor: 1_800n, totalTaxMinor: 0n, restockType: "return" }],
  ...overrides,
});

/** A paid order of 2 × 20.00 less 4.00 discount, 4.90 shipping: subtotal 36.00, total 40.90. */
const order = (overrides: Partial<OrderSnapshot> = {}): OrderSnapshot =>
  orderSnapshot("O1", {
    email: "anna.berg@example.org",
    buyer: { platformId: "C1", email: "anna.berg@example.org", firstName: "Anna", lastName: "Berg", phone: "+49 30 1234567" },
    subtotalMinor: 3_600n,
    totalDiscountsMinor: 400n,
    totalShippingMinor: 490n,
    totalMinor: 4_090n,
    tags: ["vip"],
    landingSite: "/?ref=anna",
    lineItems: [line("L1")],
    ...overrides,
  });

const write = (snapshot: OrderSnapshot, before: OrderWrite["before"], newRefunds: string[] = []): OrderWrite => ({
  orderId: "order-uuid",
  order: snapshot,
  customerId: "customer-uuid",
  before,
  newRefunds: new Map(newRefunds.map((id) => [id, `refund-uuid-${id}`])),
});

const live = { history: false };
const kinds = (facts: DomainFact[]) => facts.map((fact) => fact.kind);

describe("facts of an order write", () => {
  test("a new paid order: placed, then paid, with ids, customer, amounts as strings and lines", () => {
    const facts = orderWriteFacts(write(order(), null), live);
    expect(kinds(facts)).toEqual(["order.placed", "order.paid"]);
    const placed = facts[0] as FactOf<"order.placed">;
    expect(placed.customerId).toBe("customer-uuid");
    expect(placed.occurredAt).toEqual(day(10));
    expect(placed.data).toMatchObject({
      order: { id: "order-uuid", platformId: "O1" },
      customer: { id: "customer-uuid", platformId: "C1" },
      currency: "EUR",
      paid: true,
      cancelled: false,
      amounts: { subtotalMinor: "3600", totalMinor: "4090", shippingMinor: "490", refundedMinor: "0", eligibleMinor: "3600" },
      lines: [{ lineId: "L1", productId: "p-L1", variantId: "v-L1", quantity: 2, amountMinor: "3600" }],
    });
  });

  test("a new pending order is only placed; it is paid when a later version says so, once", () => {
    expect(kinds(orderWriteFacts(write(order({ financialStatus: "pending" }), null), live))).toEqual(["order.placed"]);
    const paid = orderWriteFacts(write(order({ updatedAt: day(11) }), { financialStatus: "pending", cancelledAt: null }), live);
    expect(kinds(paid)).toEqual(["order.paid"]);
    expect(paid[0]!.occurredAt).toEqual(day(11));
    // Already paid: a newer version (fulfilled, partially refunded, ...) is not paid again.
    expect(orderWriteFacts(write(order({ fulfillmentStatus: "fulfilled" }), { financialStatus: "paid", cancelledAt: null }), live)).toEqual([]);
    expect(
      orderWriteFacts(write(order({ financialStatus: "partially_refunded" }), { financialStatus: "paid", cancelledAt: null }), live),
    ).toEqual([]);
  });

  test("a cancellation takes the eligible amount to zero, once", () => {
    const cancelled = order({ cancelledAt: day(11), cancelReason: "customer" });
    const facts = orderWriteFacts(write(cancelled, { financialStatus: "paid", cancelledAt: null }), live);
    expect(kinds(facts)).toEqual(["order.cancelled"]);
    expect(facts[0]!.data).toMatchObject({ reason: "customer", eligibleBeforeMinor: "3600", eligibleAfterMinor: "0" });
    expect(orderWriteFacts(write(cancelled, { financialStatus: "paid", cancelledAt: day(11) }), live)).toEqual([]);
  });

  test("new refunds apply in the order they were made, each with the eligible amount before and after", () => {
    const stored = refund("R0", { processedAt: day(11), amountMinor: 490n, lineItems: [] }); // shipping, already stored
    const later = refund("R2", { processedAt: day(14) });
    const earlier = refund("R1", { processedAt: day(13) });
    const facts = orderWriteFacts(
      write(order({ financialStatus: "partially_refunded", refunds: [stored, later, earlier] }), { financialStatus: "paid", cancelledAt: null }, ["R1", "R2"]),
      live,
    );
    expect(kinds(facts)).toEqual(["refund.applied", "refund.applied"]);
    expect(facts.map((fact) => fact.data)).toMatchObject([
      {
        refund: { id: "refund-uuid-R1", platformId: "R1" },
        order: { id: "order-uuid", platformId: "O1" },
        amountMinor: "1800",
        lines: [{ lineId: "L1", productId: "p-L1", variantId: "v-L1", quantity: 1, subtotalMinor: "1800", taxMinor: "0" }],
        eligibleBeforeMinor: "3600",
        eligibleAfterMinor: "1800",
      },
      { refund: { platformId: "R2" }, eligibleBeforeMinor: "1800", eligibleAfterMinor: "0" },
    ]);
  });

  test("a new order that came with a refund: placed as placed, then the refund (the facts add up)", () => {
    const facts = orderWriteFacts(write(order({ refunds: [refund("R1")] }), null, ["R1"]), live);
    expect(kinds(facts)).toEqual(["order.placed", "order.paid", "refund.applied"]);
    expect((facts[0] as FactOf<"order.placed">).data.amounts.eligibleMinor).toBe("3600");
    expect(facts[2]!.data).toMatchObject({ eligibleBeforeMinor: "3600", eligibleAfterMinor: "1800" });
  });

  test("history: a new order is one order.placed stating where it stands now", () => {
    const imported = order({ financialStatus: "partially_refunded", cancelledAt: null, refunds: [refund("R1")] });
    const facts = orderWriteFacts(write(imported, null, ["R1"]), { history: true });
    expect(kinds(facts)).toEqual(["order.placed"]);
    expect((facts[0] as FactOf<"order.placed">).data).toMatchObject({
      paid: true,
      cancelled: false,
      financialStatus: "partially_refunded",
      amounts: { refundedMinor: "1800", eligibleMinor: "1800" },
    });
    const cancelled = orderWriteFacts(write(order({ cancelledAt: day(11) }), null), { history: true });
    expect((cancelled[0] as FactOf<"order.placed">).data).toMatchObject({ cancelled: true, amounts: { eligibleMinor: "0" } });
  });

  test("a guest order names the guest row without a platform id; an order without a customer names none", () => {
    const guest = orderWriteFacts(write(order({ buyer: null }), null), live);
    expect(guest[0]!.data).toMatchObject({ customer: { id: "customer-uuid", platformId: null } });
    const nobody = orderWriteFacts({ ...write(order({ buyer: null }), null), customerId: null }, live);
    expect(nobody.every((fact) => fact.customerId === null && (fact.data as { customer: unknown }).customer === null)).toBe(true);
  });

  test("facts carry no personal data, whatever the order holds", () => {
    const personal = fc.string({ minLength: 6 }).map((s) => `Pers0nal:${s}`);
    fc.assert(
      fc.property(personal, personal, personal, fc.boolean(), (name, email, phone, history) => {
        const snapshot = order({
          email,
          name,
          buyer: { platformId: "C1", email, firstName: name, lastName: name, phone },
          tags: [name],
          note: undefined,
          landingSite: `/${email}`,
          referringSite: email,
          discountCodes: [{ code: name, kind: "fixed_amount", amountMinor: 400n }],
          lineItems: [line("L1", { title: name, variantTitle: name, sku: name })],
          refunds: [refund("R1", { note: `${name} ${email} ${phone}` })],
        } as Partial<OrderSnapshot>);
        const text = JSON.stringify(orderWriteFacts(write(snapshot, null, ["R1"]), { history }), (_k, v: unknown) =>
          typeof v === "bigint" ? v.toString() : v,
        );
        expect(text).not.toContain("Pers0nal:");
      }),
    );
  });
});

describe("refund facts", () => {
  test("the eligible amount falls by each refund from what the order's other refunds left", () => {
    const { facts, after } = refundFacts(
      {
        order: { id: "o", platformId: "O1" },
        customer: null,
        currency: "EUR",
        subtotalMinor: 3_600n,
        totalMinor: 4_090n,
        test: false,
        cancelled: false,
        lines: new Map(),
      },
      { refundedMinor: 1_800n, refundedMerchandiseMinor: 1_800n },
      [{ id: "r", refund: refund("R2", { amountMinor: 2_290n }) }],
    );
    expect(facts[0]!.data).toMatchObject({ eligibleBeforeMinor: "1800", eligibleAfterMinor: "0", lines: [{ productId: null, variantId: null }] });
    expect(after).toEqual({ refundedMinor: 4_090n, refundedMerchandiseMinor: 3_600n });
  });
});
