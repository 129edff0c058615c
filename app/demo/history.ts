// The demo shop's history as a sequence of Shopify webhook deliveries, oldest first: the catalog,
// then two years of sign-ups, orders, payments, shipments, cancellations, refunds and consent
// changes. Pure and deterministic: no clock, no Math.random; the seed decides everything.
//
// The sender signs each body like Shopify and posts it to the real webhook endpoint, so the CRM
// learns the demo shop exactly the way it learns a real one.

import type { DemoTopic, HistoryPlan } from "./model";
import { customerPayload, orderPayload, productPayload, refundPayload } from "./payloads";
import { planHistory } from "./plan";
import { privacyRequestPayload } from "./privacy-requests";
import { Random } from "./random";
import { localMidnight } from "./shop-time";
import { DEMO_SHOP, type DemoShop } from "./demo-shop";

export type { DemoTopic } from "./model";

export interface DemoDelivery {
  topic: DemoTopic;
  /** X-Shopify-Event-Id: unique per delivery, stable for a given seed. */
  eventId: string;
  /** X-Shopify-Triggered-At (UTC, ISO 8601). */
  triggeredAt: string;
  /** The JSON body; 64-bit ids are bare numbers, as Shopify sends them. */
  body: string;
  /**
   * The record the delivery is about (product, customer or order id; a refund belongs to its
   * order). A sender may send deliveries of different records side by side, but those of one
   * record in this order.
   */
  key: string;
}

export interface DemoHistory {
  shop: DemoShop;
  deliveries: DemoDelivery[];
}

export interface DemoHistoryOptions {
  seed?: number;
  /** Distinct buyers and sign-ups, guests included (about 19 % guests). */
  customers?: number;
  /** Orders placed; must be at least `customers`. */
  orders?: number;
  months?: number;
  /**
   * The day the demo shop is set up (its first start): the history ends at the shop's local
   * midnight that begins this day, so the last orders are from the day before and the history
   * reaches `months` back from there. Deterministic for a given anchor day.
   */
  anchor?: Date;
  /** Exclusive end of the history; nothing happens at or after it. Overrides `anchor`. */
  end?: Date;
}


export const DEMO_HISTORY_DEFAULTS = {
  seed: 20_261_101,
  customers: 2_300,
  orders: 8_500,
  months: 24,
  end: new Date("2026-11-01T00:00:00Z"),
} as const;

export interface DemoHistoryStream {
  shop: DemoShop;
  /** How many deliveries `deliveries()` yields. */
  deliveryCount: number;
  /** First and last instant covered (ms since epoch): [start, end). */
  start: number;
  end: number;
  /** Yields the deliveries in order, rendering each body only when it is reached. */
  deliveries(): Generator<DemoDelivery, void, undefined>;
}

/** The exclusive end of a history anchored to `anchor`: the shop's local midnight starting that day. */
export function demoHistoryEnd(anchor: Date): Date {
  if (Number.isNaN(anchor.getTime())) throw new RangeError("demo history: anchor is an invalid Date");
  return new Date(localMidnight(anchor.getTime()));
}

function resolve(options: DemoHistoryOptions) {
  const end = options.end ?? (options.anchor ? demoHistoryEnd(options.anchor) : DEMO_HISTORY_DEFAULTS.end);
  if (Number.isNaN(end.getTime())) throw new RangeError("demo history: end is an invalid Date");
  return {
    seed: (options.seed ?? DEMO_HISTORY_DEFAULTS.seed) >>> 0,
    customers: options.customers ?? DEMO_HISTORY_DEFAULTS.customers,
    orders: options.orders ?? DEMO_HISTORY_DEFAULTS.orders,
    months: options.months ?? DEMO_HISTORY_DEFAULTS.months,
    end: end.getTime(),
  };
}

function hex(value: number, digits: number): string {
  return (value >>> 0).toString(16).padStart(8, "0").slice(8 - digits);
}

/**
 * UUID-v4-shaped event ids. The last 32 bits are the delivery's index under a seed-derived
 * mask, a bijection, so ids are unique by construction rather than by luck.
 */
function eventIdSource(seed: number): (index: number) => string {
  const rng = new Random(seed).fork("event-ids");
  const maskHigh = rng.uint32() & 0xffff;
  const maskLow = rng.uint32();
  return (index) => {
    const a = rng.uint32();
    const b = rng.uint32();
    const c = rng.uint32();
    const low = (index ^ maskLow) >>> 0;
    return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${hex(((c >>> 16) & 0x3fff) | 0x8000, 4)}-${hex(maskHigh, 4)}${hex(low, 8)}`;
  };
}

function* renderDeliveries(plan: HistoryPlan): Generator<DemoDelivery, void, undefined> {
  const nextEventId = eventIdSource(plan.seed);
  let index = 0;
  for (const event of plan.events) {
    let body: string;
    let key: string;
    switch (event.topic) {
      case "products/create":
        body = productPayload(event.product, plan.productCreatedAt.get(event.product.id) as number);
        key = `product:${event.product.id}`;
        break;
      case "customers/create":
      case "customers/update":
        body = customerPayload(event.customer, event.at);
        key = `customer:${event.customer.id}`;
        break;
      case "refunds/create":
        body = refundPayload(event.order, event.refund);
        key = `order:${event.order.id}`;
        break;
      case "customers/data_request":
      case "customers/redact":
        body = privacyRequestPayload(event.request, DEMO_SHOP.domain);
        key = `customer:${event.request.customer.id ?? event.request.customer.person.email}`;
        break;
      default:
        body = orderPayload(event.order, event.at, DEMO_SHOP.domain);
        key = `order:${event.order.id}`;
    }
    yield { topic: event.topic, eventId: nextEventId(index++), triggeredAt: new Date(event.at).toISOString(), body, key };
  }
}

/**
 * Plans the history up front (cheap) and renders bodies lazily, so a sender can post them one by
 * one without holding every body in memory.
 */
export function streamDemoHistory(options: DemoHistoryOptions = {}): DemoHistoryStream {
  const plan = planHistory(resolve(options));
  return {
    shop: DEMO_SHOP,
    deliveryCount: plan.events.length,
    start: plan.start,
    end: plan.end,
    deliveries: () => renderDeliveries(plan),
  };
}

/** The whole history with every body rendered. */
export function generateDemoHistory(options: DemoHistoryOptions = {}): DemoHistory {
  const stream = streamDemoHistory(options);
  return { shop: stream.shop, deliveries: [...stream.deliveries()] };
}
