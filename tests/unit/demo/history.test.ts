import { isLosslessNumber, parse as parseLossless } from "lossless-json";
import { beforeAll, describe, expect, it } from "vitest";

import { getDemoCatalog, type ProductGroup } from "~/demo/catalog";
import {
  DEMO_HISTORY_DEFAULTS,
  generateDemoHistory,
  streamDemoHistory,
  type DemoDelivery,
  type DemoHistory,
} from "~/demo/history";

// Loosely typed views of the bodies: the point is to check what the JSON says.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface MoneySet {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** "12.34" → 1234, exactly (no float arithmetic). */
function minor(amount: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error(`not a two-decimal amount: ${amount}`);
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

type Side = "shop_money" | "presentment_money";
const SIDES: Side[] = ["shop_money", "presentment_money"];
const of = (set: MoneySet, side: Side) => minor(set[side].amount);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

let history: DemoHistory;
let parsed: Array<{ delivery: DemoDelivery; body: Json }>;
let orderCreates: Json[];
/** The last body seen for each order: its final state. */
let finalOrders: Map<string, Json>;
let refundBodies: Json[];

beforeAll(() => {
  history = generateDemoHistory();
  parsed = history.deliveries.map((delivery) => ({ delivery, body: JSON.parse(delivery.body) as Json }));
  orderCreates = parsed.filter((p) => p.delivery.topic === "orders/create").map((p) => p.body);
  finalOrders = new Map();
  for (const p of parsed) if (p.delivery.topic.startsWith("orders/")) finalOrders.set(p.body.name, p.body);
  refundBodies = parsed.filter((p) => p.delivery.topic === "refunds/create").map((p) => p.body);
}, 120_000);

describe("determinism", () => {
  const small = { customers: 150, orders: 500 };

  it("gives identical deliveries for the same seed", () => {
    const a = generateDemoHistory({ ...small, seed: 7 });
    const b = generateDemoHistory({ ...small, seed: 7 });
    expect(b).toEqual(a);
  });

  it("gives different deliveries for another seed", () => {
    const a = generateDemoHistory({ ...small, seed: 7 });
    const b = generateDemoHistory({ ...small, seed: 8 });
    expect(b.deliveries.map((d) => d.body)).not.toEqual(a.deliveries.map((d) => d.body));
    expect(b.deliveries.map((d) => d.eventId)).not.toEqual(a.deliveries.map((d) => d.eventId));
  });

  it("streams exactly what it generates, every time the stream is read", () => {
    const stream = streamDemoHistory({ ...small, seed: 11 });
    const first = [...stream.deliveries()];
    expect(first).toHaveLength(stream.deliveryCount);
    expect([...stream.deliveries()]).toEqual(first);
    expect(generateDemoHistory({ ...small, seed: 11 }).deliveries).toEqual(first);
  });

  it("keeps the default history's shape stable", () => {
    expect(history.shop).toEqual({ domain: "alpenroester-demo.myshopify.com", name: "Alpenröster Kaffee & Tee", currency: "EUR" });
    expect(history.deliveries.length).toBeGreaterThan(15_000);
  });

  it("rejects option combinations it cannot honour", () => {
    expect(() => generateDemoHistory({ customers: 500, orders: 400 })).toThrow(RangeError);
    expect(() => generateDemoHistory({ customers: 5, orders: 400 })).toThrow(RangeError);
    expect(() => generateDemoHistory({ months: 0 })).toThrow(RangeError);
  });
});

describe("volume and span", () => {
  it("creates at least 150 products before anything else happens", () => {
    const products = parsed.filter((p) => p.delivery.topic === "products/create");
    expect(products.length).toBeGreaterThanOrEqual(150);
    const firstOther = parsed.findIndex((p) => p.delivery.topic !== "products/create");
    expect(firstOther).toBe(products.length);
  });

  it("has at least 2,000 customers, 15-25 % of them guests who never register", () => {
    const registered = parsed.filter((p) => p.delivery.topic === "customers/create").map((p) => p.body.email);
    const registeredEmails = new Set(registered);
    expect(registeredEmails.size).toBe(registered.length);
    const guestOrders = orderCreates.filter((o) => o.customer === null);
    expect(guestOrders.length).toBeGreaterThan(0);
    const guestEmails = new Set(guestOrders.map((o) => o.email));
    for (const email of guestEmails) expect(registeredEmails.has(email)).toBe(false);
    const total = registeredEmails.size + guestEmails.size;
    expect(total).toBeGreaterThanOrEqual(2_000);
    expect(guestEmails.size / total).toBeGreaterThanOrEqual(0.15);
    expect(guestEmails.size / total).toBeLessThanOrEqual(0.25);
  });

  it("has at least 8,000 orders spread over 24 months ending at the default end", () => {
    expect(orderCreates.length).toBeGreaterThanOrEqual(8_000);
    const created = orderCreates.map((o) => Date.parse(o.created_at));
    const end = DEMO_HISTORY_DEFAULTS.end.getTime();
    const start = Date.UTC(2024, 10, 1);
    expect(Math.min(...created)).toBeGreaterThanOrEqual(start);
    expect(Math.min(...created)).toBeLessThan(start + 31 * 86_400_000);
    expect(Math.max(...created)).toBeLessThan(end);
    expect(Math.max(...created)).toBeGreaterThan(end - 31 * 86_400_000);
    const months = new Set(orderCreates.map((o) => String(o.created_at).slice(0, 7)));
    expect(months.size).toBe(24);
    for (const d of history.deliveries) expect(Date.parse(d.triggeredAt)).toBeLessThan(end);
  });

  it("peaks in December", () => {
    const perMonth = new Map<string, number>();
    for (const o of orderCreates) perMonth.set(o.created_at.slice(0, 7), (perMonth.get(o.created_at.slice(0, 7)) ?? 0) + 1);
    const year = [...perMonth].filter(([m]) => m >= "2025-01" && m <= "2025-12");
    const december = perMonth.get("2025-12") ?? 0;
    const others = year.filter(([m]) => m !== "2025-12").map(([, n]) => n);
    expect(december).toBeGreaterThan(1.4 * (sum(others) / others.length));
    expect(december).toBe(Math.max(...year.map(([, n]) => n)));
  });

  it("cancels 3-5 % of orders, consistently", () => {
    const cancelled = [...finalOrders.values()].filter((o) => o.cancelled_at !== null);
    const share = cancelled.length / finalOrders.size;
    expect(share).toBeGreaterThanOrEqual(0.03);
    expect(share).toBeLessThanOrEqual(0.05);
    for (const o of cancelled) {
      expect(o.cancel_reason).toMatch(/^(customer|inventory|fraud|declined|other)$/);
      expect(["voided", "refunded"]).toContain(o.financial_status);
      expect(o.fulfillment_status).toBeNull();
      expect(o.current_total_price).toBe("0.00");
      for (const l of o.line_items) expect(l.current_quantity).toBe(0);
    }
    expect(cancelled.some((o) => o.financial_status === "voided")).toBe(true);
    expect(cancelled.some((o) => o.financial_status === "refunded")).toBe(true);
    expect(parsed.filter((p) => p.delivery.topic === "orders/cancelled")).toHaveLength(cancelled.length);
  });

  it("refunds 5-8 % of orders, fully and partially, some of them twice", () => {
    const refunded = [...finalOrders.values()].filter((o) => o.refunds.length > 0);
    const share = refunded.length / finalOrders.size;
    expect(share).toBeGreaterThanOrEqual(0.05);
    expect(share).toBeLessThanOrEqual(0.08);
    expect(refunded.some((o) => o.financial_status === "refunded" && o.cancelled_at === null)).toBe(true);
    expect(refunded.some((o) => o.financial_status === "partially_refunded")).toBe(true);
    expect(refunded.filter((o) => o.refunds.length >= 2).length).toBeGreaterThanOrEqual(1);
    const restock = new Set(refundBodies.flatMap((r) => r.refund_line_items.map((l: Json) => l.restock_type)));
    expect([...restock].sort()).toEqual(["cancel", "no_restock", "return"]);
    // Every refund is followed by the order's new state.
    const updates = parsed.filter((p) => p.delivery.topic === "orders/updated" || p.delivery.topic === "orders/cancelled");
    expect(updates.length).toBeGreaterThanOrEqual(refundBodies.length);
  });
});

describe("money", () => {
  /** The first broken identity on an order, or null. Plain comparisons: 17k orders × expect() is slow. */
  function orderProblem(o: Json): string | null {
    for (const side of SIDES) {
      const lineTotal = sum(o.line_items.map((l: Json) => of(l.price_set, side) * l.quantity));
      const allocations = sum(o.line_items.flatMap((l: Json) => l.discount_allocations.map((a: Json) => of(a.amount_set, side))));
      const lineTax = sum(o.line_items.flatMap((l: Json) => l.tax_lines.map((t: Json) => of(t.price_set, side))));
      const shipping = sum(o.shipping_lines.map((s: Json) => of(s.price_set, side)));
      const shippingTax = sum(o.shipping_lines.flatMap((s: Json) => s.tax_lines.map((t: Json) => of(t.price_set, side))));
      const lineItems = of(o.total_line_items_price_set, side);
      const discounts = of(o.total_discounts_set, side);
      const tax = of(o.total_tax_set, side);
      const ship = of(o.total_shipping_price_set, side);
      const checks: Array<[string, number, number]> = [
        ["line items sum to total_line_items_price", lineTotal, lineItems],
        ["discount allocations sum to total_discounts", allocations, discounts],
        ["shipping lines sum to total_shipping_price_set", shipping, ship],
        ["line and shipping taxes sum to total_tax", lineTax + shippingTax, tax],
        ["order tax_lines sum to total_tax", sum(o.tax_lines.map((t: Json) => of(t.price_set, side))), tax],
        // Shopify's subtotal_price is already net of discounts.
        ["subtotal = line items - discounts", of(o.subtotal_price_set, side), lineItems - discounts],
        ["total = line items - discounts + shipping + tax", of(o.total_price_set, side), lineItems - discounts + ship + tax],
      ];
      for (const [what, actual, expected] of checks) if (actual !== expected) return `${o.name} ${side}: ${what} (${actual} != ${expected})`;
      if (discounts < 0 || discounts > lineItems) return `${o.name}: discount out of range`;
    }
    if (minor(o.total_price) !== of(o.total_price_set, "shop_money")) return `${o.name}: total_price differs from its set`;
    if (o.total_price_set.shop_money.currency_code !== "EUR") return `${o.name}: shop currency`;
    if (o.total_price_set.presentment_money.currency_code !== o.presentment_currency) return `${o.name}: presentment currency`;
    if (o.discount_codes.length > 0 && minor(o.discount_codes[0].amount) !== minor(o.total_discounts)) return `${o.name}: discount code amount`;
    return null;
  }

  it("adds up on every order delivery, in shop and presentment currency", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const p of parsed) {
      if (!p.delivery.topic.startsWith("orders/")) continue;
      const problem = orderProblem(p.body);
      if (problem) problems.push(problem);
      checked++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(16_000);
  });

  it("never refunds more than was paid, and each refund's parts add up to its transaction", () => {
    for (const r of refundBodies) {
      const currency = r.transactions[0].currency;
      const parts =
        sum(r.refund_line_items.map((l: Json) => of(l.subtotal_set, "presentment_money") + of(l.total_tax_set, "presentment_money"))) -
        sum(r.order_adjustments.map((a: Json) => of(a.amount_set, "presentment_money") + of(a.tax_amount_set, "presentment_money")));
      expect(r.transactions).toHaveLength(1);
      expect(r.transactions[0].kind).toBe("refund");
      expect(r.transactions[0].status).toBe("success");
      expect(minor(r.transactions[0].amount)).toBe(parts);
      expect(minor(r.transactions[0].amount)).toBeGreaterThan(0);
      expect(r.refund_line_items[0].subtotal_set.presentment_money.currency_code).toBe(currency);
    }
    const problems: string[] = [];
    for (const o of finalOrders.values()) {
      const paid = of(o.total_price_set, "presentment_money");
      const refunded = sum(o.refunds.flatMap((r: Json) => r.transactions.map((t: Json) => minor(t.amount))));
      if (refunded > paid) problems.push(`${o.name}: refunded ${refunded} > paid ${paid}`);
      // Refunded quantities never exceed what was bought. Lines are matched by SKU (unique within
      // an order): JSON.parse rounds the 18-digit line ids, making neighbours collide.
      const qty = new Map<string, number>();
      for (const r of o.refunds) for (const l of r.refund_line_items) qty.set(l.line_item.sku, (qty.get(l.line_item.sku) ?? 0) + l.quantity);
      for (const l of o.line_items) if ((qty.get(l.sku) ?? 0) > l.quantity) problems.push(`${o.name}: ${l.sku} over-refunded`);
      if (o.cancelled_at === null && of(o.current_total_price_set, "presentment_money") !== paid - refunded) {
        problems.push(`${o.name}: current_total_price is not total minus refunds`);
      }
      const expected =
        o.cancelled_at !== null && o.refunds.length === 0
          ? "voided"
          : o.financial_status === "pending"
            ? "pending"
            : refunded === 0
              ? "paid"
              : refunded === paid
                ? "refunded"
                : "partially_refunded";
      if (o.financial_status !== expected) problems.push(`${o.name}: ${o.financial_status}, expected ${expected}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it("lets a few Swiss buyers pay in CHF and uses discount codes", () => {
    const chf = orderCreates.filter((o) => o.presentment_currency === "CHF");
    expect(chf.length).toBeGreaterThan(50);
    for (const o of chf) expect(o.total_price_set.presentment_money.amount).not.toBe(o.total_price);
    expect(chf.length / orderCreates.length).toBeLessThan(0.1);
    const codes = new Set(orderCreates.flatMap((o) => o.discount_codes.map((d: Json) => d.code)));
    expect(codes).toContain("WILLKOMMEN10");
    expect(codes.size).toBeGreaterThanOrEqual(4);
  });
});

describe("ids and ordering", () => {
  it("writes 64-bit ids as bare JSON numbers beyond Number.MAX_SAFE_INTEGER, all distinct", () => {
    const seen = new Set<string>();
    const take = (value: unknown, what: string) => {
      expect(isLosslessNumber(value), what).toBe(true);
      const text = String(value);
      expect(BigInt(text) > MAX_SAFE, what).toBe(true);
      expect(seen.has(text), `${what} ${text} repeats`).toBe(false);
      seen.add(text);
    };
    for (const d of history.deliveries) {
      if (d.topic !== "products/create" && d.topic !== "customers/create" && d.topic !== "orders/create" && d.topic !== "refunds/create") continue;
      const body = parseLossless(d.body) as Json;
      take(body.id, d.topic);
      if (d.topic === "products/create") for (const v of body.variants) take(v.id, "variant");
      if (d.topic === "orders/create") {
        for (const l of body.line_items) take(l.id, "line item");
        for (const s of body.shipping_lines) take(s.id, "shipping line");
        if (body.customer) expect(isLosslessNumber(body.customer.id)).toBe(true);
      }
      if (d.topic === "refunds/create") {
        for (const l of body.refund_line_items) take(l.id, "refund line");
        for (const t of body.transactions) take(t.id, "transaction");
        expect(isLosslessNumber(body.order_id)).toBe(true);
      }
    }
    expect(seen.size).toBeGreaterThan(30_000);
  }, 60_000);

  it("gives every delivery a unique UUID-shaped event id", () => {
    const ids = history.deliveries.map((d) => d.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is in chronological order, and every order and customer appears before it changes", () => {
    const times = history.deliveries.map((d) => Date.parse(d.triggeredAt));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    const customersCreated = new Set<string>();
    const ordersCreated = new Set<string>();
    const orderNumbers: number[] = [];
    for (const { delivery, body } of parsed) {
      switch (delivery.topic) {
        case "customers/create":
          customersCreated.add(body.email);
          break;
        case "customers/update":
          expect(customersCreated.has(body.email)).toBe(true);
          break;
        case "orders/create":
          expect(ordersCreated.has(body.name)).toBe(false);
          ordersCreated.add(body.name);
          orderNumbers.push(body.order_number);
          if (body.customer) expect(customersCreated.has(body.customer.email)).toBe(true);
          break;
        case "refunds/create":
          break;
        case "products/create":
          break;
        case "customers/data_request":
        case "customers/redact":
          break;
        default:
          expect(ordersCreated.has(body.name)).toBe(true);
      }
    }
    // Order numbers follow the order they were placed in.
    for (let i = 1; i < orderNumbers.length; i++) expect(orderNumbers[i]).toBe(orderNumbers[i - 1]! + 1);
  });

  it("states payload times in the shop's zone with Shopify's offsets", () => {
    const offsets = new Set(orderCreates.map((o) => String(o.created_at).slice(19)));
    expect([...offsets].sort()).toEqual(["+01:00", "+02:00"]);
    for (const o of orderCreates.slice(0, 500)) {
      expect(o.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
      expect(new Date(o.created_at).toISOString()).not.toBe("Invalid Date");
    }
  });
});

describe("customer behaviour", () => {
  function ordersPerBuyer(): Map<string, number[]> {
    const byEmail = new Map<string, number[]>();
    for (const o of orderCreates) {
      const list = byEmail.get(o.email) ?? [];
      list.push(Date.parse(o.created_at));
      byEmail.set(o.email, list);
    }
    return byEmail;
  }

  it("has a loyal core, many one-time buyers and customers who lapsed", () => {
    const buyers = ordersPerBuyer();
    const counts = [...buyers.values()].map((t) => t.length);
    const oneTime = counts.filter((n) => n === 1).length / counts.length;
    expect(oneTime).toBeGreaterThan(0.4);
    expect(oneTime).toBeLessThan(0.8);
    expect(counts.filter((n) => n >= 10).length).toBeGreaterThan(50);
    const end = DEMO_HISTORY_DEFAULTS.end.getTime();
    const lapsed = [...buyers.values()].filter((t) => t.length >= 4 && end - Math.max(...t) > 180 * 86_400_000);
    expect(lapsed.length).toBeGreaterThan(30);
  });

  it("concentrates revenue Pareto-style", () => {
    const revenue = new Map<string, number>();
    for (const o of orderCreates) revenue.set(o.email, (revenue.get(o.email) ?? 0) + minor(o.total_price));
    const sorted = [...revenue.values()].sort((a, b) => b - a);
    const top = sum(sorted.slice(0, Math.round(sorted.length * 0.2)));
    expect(top / sum(sorted)).toBeGreaterThan(0.55);
  });

  it("records marketing consent and its changes", () => {
    const created = parsed.filter((p) => p.delivery.topic === "customers/create").map((p) => p.body.email_marketing_consent.state);
    expect(new Set(created)).toEqual(new Set(["subscribed", "pending", "not_subscribed"]));
    const updated = parsed.filter((p) => p.delivery.topic === "customers/update").map((p) => p.body.email_marketing_consent.state);
    expect(updated.length).toBeGreaterThan(100);
    expect(updated).toContain("subscribed");
    expect(updated).toContain("unsubscribed");
  });

  it("uses German names and addresses in DE, AT and CH", () => {
    const countries = new Set(orderCreates.map((o) => o.shipping_address.country_code));
    expect([...countries].sort()).toEqual(["AT", "CH", "DE"]);
    const withPhone = parsed.filter((p) => p.delivery.topic === "customers/create" && p.body.phone).length;
    expect(withPhone).toBeGreaterThan(100);
    for (const p of parsed.filter((x) => x.delivery.topic === "customers/create").slice(0, 200)) {
      expect(p.body.email).toMatch(/@(example\.(com|net|org)|[a-z-]+\.example)$/);
      if (p.body.phone) expect(p.body.phone).toMatch(/^\+4[139]\d{9,12}$/);
    }
  });
});

describe("co-purchase structure", () => {
  function lift(hasA: (titles: Set<string>) => boolean, hasB: (titles: Set<string>) => boolean): { lift: number; both: number } {
    let a = 0;
    let b = 0;
    let both = 0;
    for (const o of orderCreates) {
      const titles = new Set<string>(o.line_items.map((l: Json) => l.title));
      const x = hasA(titles);
      const y = hasB(titles);
      if (x) a++;
      if (y) b++;
      if (x && y) both++;
    }
    const n = orderCreates.length;
    return { lift: both / n / ((a / n) * (b / n)), both };
  }

  const catalog = getDemoCatalog();
  const inGroup = (group: ProductGroup) => {
    const titles = new Set((catalog.byGroup.get(group) ?? []).map((p) => p.title));
    return (order: Set<string>) => [...order].some((t) => titles.has(t));
  };
  const has = (title: string) => (order: Set<string>) => order.has(title);

  it("makes defined affinities measurable as lift > 2", () => {
    const machineJug = lift(inGroup("espresso-machine"), inGroup("milk-jug"));
    expect(machineJug.both).toBeGreaterThan(20);
    expect(machineJug.lift).toBeGreaterThan(2);
    const matcha = lift(has("Matcha Ceremonial Uji"), has("Matcha Besen Chasen"));
    expect(matcha.both).toBeGreaterThan(10);
    expect(matcha.lift).toBeGreaterThan(2);
    const dripper = lift(has("Handfilter Porzellan Gr. 2"), has("Filterpapier Gr. 2 100 Stück"));
    expect(dripper.both).toBeGreaterThan(10);
    expect(dripper.lift).toBeGreaterThan(2);
  });

  it("invents no affinity between unrelated products", () => {
    // Espresso people and herbal-tea people are mostly different customers: if anything, lift < 1.
    const unrelated = lift(inGroup("espresso-machine"), inGroup("herbal-tea"));
    expect(unrelated.lift).toBeLessThan(1.5);
  });

  it("sells most of the catalog, but not sold-out variants", () => {
    const soldOut = new Set(catalog.products.flatMap((p) => p.variants.filter((v) => !v.available).map((v) => v.sku)));
    const sold = new Set<string>(orderCreates.flatMap((o) => o.line_items.map((l: Json) => l.title)));
    expect(sold.size / catalog.products.length).toBeGreaterThan(0.9);
    for (const o of orderCreates) for (const l of o.line_items) expect(soldOut.has(l.sku)).toBe(false);
  });
});
