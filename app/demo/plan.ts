// Plans the demo shop's history: customers with behaviour that makes RFM/CLV/churn meaningful,
// orders placed on a seasonal clock, baskets drawn from the catalog's affinity structure, and the
// payment / fulfilment / cancellation / refund life of every order. Pure: the seed decides all.

import {
  FAVOURITE_GROUPS,
  ID_PREFIX,
  composeId,
  getDemoCatalog,
  type BasketRule,
  type Catalog,
  type CatalogProduct,
  type CatalogVariant,
  type ProductGroup,
  type Season,
  type TasteProfile,
} from "./catalog";
import type {
  Amount,
  ConsentRecord,
  CustomerPlan,
  DiscountPlan,
  HistoryPlan,
  LinePlan,
  OrderPlan,
  PlannedEvent,
  RefundLinePlan,
  RefundPlan,
  Segment,
  ShippingPlan,
} from "./model";
import { markCrossSellLines } from "./cross-sell-plan";
import { PeopleFactory, type CountryCode } from "./people";
import { planPrivacyRequests } from "./privacy-requests";
import { Random, WeightedTable } from "./random";
import { DAY, HOUR, MINUTE, addUtcMonths, localMidnight, localParts } from "./shop-time";

export interface PlanOptions {
  seed: number;
  customers: number;
  orders: number;
  months: number;
  end: number;
}

const MONTH = 30.44 * DAY;

/**
 * Ids that look like Shopify's: 18 digits, growing with creation time. The body is creation
 * second × 10^6 plus a per-kind counter, so ids never collide and sort roughly by age.
 */
class IdFactory {
  private counter = 0;
  constructor(private readonly prefix: number) {}
  next(at: number): string {
    this.counter += 1;
    if (this.counter >= 1_000_000) throw new RangeError("demo ids: more than 999,999 ids of one kind");
    return composeId(this.prefix, Math.floor(at / 1000) * 1_000_000 + this.counter);
  }
}

// ---------------------------------------------------------------------------------------------
// Demand over time: the shape every timestamp is drawn from.

const MONTH_FACTOR = [0.85, 0.78, 0.88, 0.9, 0.88, 0.82, 0.78, 0.8, 0.95, 1.05, 1.3, 1.0];
const WEEKDAY_FACTOR = [1.15, 1.05, 1.0, 1.0, 0.98, 0.92, 0.85];
const HOUR_FACTOR = [
  0.25, 0.12, 0.06, 0.04, 0.04, 0.08, 0.25, 0.55, 0.8, 0.9, 1, 1.05, 1.1, 1, 0.92, 0.9, 0.92, 1, 1.15, 1.35, 1.5, 1.4, 1,
  0.55,
];
const DEMAND_MAX = 2.4 * 1.15 * 1.15 * 1.5;

class Clock {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  /** Relative order intake at an instant: December peak, Black Week, growth, week and day rhythm. */
  demand(ms: number): number {
    const p = localParts(ms);
    let season = MONTH_FACTOR[p.month - 1] as number;
    if (p.month === 12) season = p.day <= 20 ? 2.4 : 0.95;
    else if (p.month === 11 && p.day >= 21) season = 1.9;
    const progress = Math.min(1, Math.max(0, (ms - this.start) / (this.end - this.start)));
    const growth = 0.85 + 0.3 * progress;
    return season * growth * (WEEKDAY_FACTOR[p.weekday] as number) * (HOUR_FACTOR[p.hour] as number);
  }

  /** A whole-second instant in [from, to) drawn from the demand curve (rejection sampling). */
  sample(rng: Random, from: number, to: number): number {
    const lo = Math.ceil(from / 1000) * 1000;
    const hi = Math.floor(to / 1000) * 1000;
    if (hi - lo <= 1000) return lo;
    for (let i = 0; i < 400; i++) {
      const t = lo + Math.floor(rng.next() * ((hi - lo) / 1000)) * 1000;
      if (rng.next() * DEMAND_MAX < this.demand(t)) return t;
    }
    return lo + Math.floor(rng.next() * ((hi - lo) / 1000)) * 1000;
  }

  /** Back-office work (payments booked, parcels shipped, refunds issued) happens Mon-Sat 8-18. */
  businessTime(rng: Random, after: number, minDays: number, maxDays: number): number {
    let day = localMidnight(after + rng.float(minDays, maxDays) * DAY);
    if (localParts(day + 12 * HOUR).weekday === 0) day += DAY;
    let t = day + rng.int(8, 17) * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000;
    if (t <= after) t = after + rng.int(20, 120) * MINUTE;
    return Math.floor(t / 1000) * 1000;
  }
}

function progressAt(clock: Clock, ms: number): number {
  return (ms - clock.start) / (clock.end - clock.start);
}

// ---------------------------------------------------------------------------------------------
// Money.

/** Splits total over weights in integers, largest remainders first, so parts sum exactly. */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w * total) / sum);
  const parts = raw.map((r) => Math.floor(r));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    rest -= 1;
  }
  return parts;
}

interface PricedOrder {
  lineTotals: number[];
  discounts: number[];
  taxes: number[];
  shipping: number;
  shippingTax: number;
}

/**
 * Prices one currency's view of an order the way Shopify does with taxes added on top
 * (taxes_included = false): code discounts are allocated to lines, tax is charged on each
 * discounted line and on shipping, and every total is a sum of rounded parts.
 */
function priceOrder(
  units: readonly number[],
  quantities: readonly number[],
  rates: readonly number[],
  discount: { type: "percentage"; percent: number } | { type: "fixed_amount"; amount: number } | null,
  shipping: number,
  shippingRate: number,
): PricedOrder {
  const lineTotals = units.map((u, i) => u * (quantities[i] as number));
  const itemsTotal = lineTotals.reduce((a, b) => a + b, 0);
  let discounts: number[];
  if (!discount) discounts = lineTotals.map(() => 0);
  else if (discount.type === "percentage") discounts = lineTotals.map((t) => Math.round((t * discount.percent) / 100));
  else discounts = allocate(Math.min(discount.amount, itemsTotal), lineTotals);
  const taxes = lineTotals.map((t, i) => Math.round((t - (discounts[i] as number)) * (rates[i] as number)));
  return { lineTotals, discounts, taxes, shipping, shippingTax: Math.round(shipping * shippingRate) };
}

const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

interface TaxRule {
  food: number;
  standard: number;
  title: string;
}

const TAX: Record<CountryCode, TaxRule> = {
  DE: { food: 0.07, standard: 0.19, title: "MwSt." },
  AT: { food: 0.1, standard: 0.2, title: "USt." },
  // Exports to Switzerland leave the EU VAT-free; Swiss import VAT is settled at the border.
  CH: { food: 0, standard: 0, title: "MWST" },
};

interface ShippingRule {
  title: string;
  code: string;
  price: number;
  freeFrom: number | null;
}

const SHIPPING: Record<CountryCode, ShippingRule> = {
  DE: { title: "DHL Paket", code: "Standard", price: 490, freeFrom: 4900 },
  AT: { title: "Österreichische Post", code: "Standard", price: 690, freeFrom: 6900 },
  CH: { title: "DHL Paket International", code: "International", price: 1290, freeFrom: 9900 },
};
const EXPRESS_DE: ShippingRule = { title: "DHL Express", code: "Express", price: 990, freeFrom: null };

// ---------------------------------------------------------------------------------------------
// Customers.

const TASTES: ReadonlyArray<readonly [TasteProfile, number]> = [
  ["espresso", 0.38],
  ["filter", 0.2],
  ["tea", 0.25],
  ["matcha", 0.05],
  ["allrounder", 0.12],
];

const GATEWAYS: ReadonlyArray<readonly [string, number]> = [
  ["shopify_payments", 0.38],
  ["paypal", 0.35],
  ["klarna", 0.17],
  ["Vorkasse", 0.1],
];

/** Expected orders per active month, before the per-customer heavy-tailed multiplier. */
const BASE_RATE: Record<Segment, number> = { loyal: 0.75, regular: 0.3, occasional: 0.09, "one-time": 0, browser: 0 };

interface CustomerSketch {
  plan: CustomerPlan;
  firstOrderAt: number | null;
  activeEnd: number;
  weight: number;
}

function productWeight(product: CatalogProduct, month: number, day: number): number {
  return product.popularity * seasonFactor(product, month, day);
}

function seasonFactor(product: CatalogProduct, month: number, day: number): number {
  if (product.group === "advent-calendar") {
    // Advent calendars stop making sense once Advent has begun.
    if (month === 10) return 1.5;
    if (month === 11) return 6;
    if (month === 12 && day <= 6) return 2;
    return 0;
  }
  return seasonMultiplier(product.season, month, day);
}

function seasonMultiplier(season: Season | null | undefined, month: number, day: number): number {
  switch (season) {
    case undefined:
    case null:
      return 1;
    case "winter":
      return month >= 10 || month <= 2 ? 1.8 : month >= 6 && month <= 8 ? 0.25 : 0.8;
    case "summer":
      return month >= 6 && month <= 8 ? 3 : month === 5 || month === 9 ? 1.2 : 0.15;
    case "christmas":
      if (month === 11 || (month === 12 && day <= 22)) return 6;
      return month === 10 ? 1.5 : 0.05;
  }
}

function sellable(product: CatalogProduct): boolean {
  return product.variants.some((v) => v.available);
}

export function planHistory(options: PlanOptions): HistoryPlan {
  const { seed, customers: customerCount, orders: orderCount, months } = options;
  if (!Number.isInteger(customerCount) || customerCount < 10) throw new RangeError("demo history: customers must be an integer >= 10");
  if (!Number.isInteger(orderCount) || orderCount < customerCount) {
    throw new RangeError("demo history: orders must be an integer >= customers (every buyer orders at least once)");
  }
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new RangeError("demo history: months must be 1-120");
  const end = Math.floor(options.end / 1000) * 1000;
  const start = addUtcMonths(end, -months);
  const clock = new Clock(start, end);
  const catalog = getDemoCatalog();
  const root = new Random(seed);

  const ids = {
    customer: new IdFactory(ID_PREFIX.customer),
    address: new IdFactory(ID_PREFIX.customerAddress),
    order: new IdFactory(ID_PREFIX.order),
    lineItem: new IdFactory(ID_PREFIX.lineItem),
    shippingLine: new IdFactory(ID_PREFIX.shippingLine),
    refund: new IdFactory(ID_PREFIX.refund),
    refundLine: new IdFactory(ID_PREFIX.refundLineItem),
    transaction: new IdFactory(ID_PREFIX.transaction),
    adjustment: new IdFactory(ID_PREFIX.orderAdjustment),
    fulfillment: new IdFactory(ID_PREFIX.fulfillment),
  };

  const sketches = planCustomers(root.fork("customers"), clock, catalog, customerCount);
  allocateOrders(root.fork("allocation"), sketches, orderCount);
  planOrderTimes(root.fork("order-times"), clock, sketches);
  const customers = sketches.map((s) => s.plan);
  planSignupsAndConsent(root.fork("consent"), clock, customers, ids);

  // Orders get numbers and ids in the order they were placed, as in a real shop.
  const slots = customers
    .flatMap((c) => c.orderTimes.map((at, index) => ({ customer: c, index, at })))
    .sort((a, b) => a.at - b.at || a.customer.index - b.customer.index);
  const orders: OrderPlan[] = [];
  const orderRng = root.fork("orders");
  const basketRng = root.fork("baskets");
  const lifeRng = root.fork("lifecycle");
  slots.forEach((slot, i) => {
    const order = planOrder(orderRng, basketRng, clock, catalog, ids, slot.customer, slot.index, slot.at, i + 1);
    planLifecycle(lifeRng, clock, ids, order);
    slot.customer.orders.push(order);
    orders.push(order);
  });

  markCrossSellLines(root.fork("cross-sell"), end, orders);

  const productCreatedAt = new Map<string, number>();
  // The catalog was set up in the two weeks before the history starts, a dozen products a day
  // during office hours.
  const setupDay = localMidnight(start - 14 * DAY);
  catalog.products.forEach((p, i) =>
    productCreatedAt.set(p.id, setupDay + Math.floor(i / 12) * DAY + 9 * HOUR + (i % 12) * 37 * MINUTE + (i % 7) * 13_000),
  );

  const events = planEvents(root.fork("events"), clock, catalog, customers, orders, productCreatedAt);
  return { seed, start, end, customers, orders, productCreatedAt, events };
}

function planCustomers(rng: Random, clock: Clock, catalog: Catalog, count: number): CustomerSketch[] {
  const people = new PeopleFactory(rng.fork("people"));
  const guests = Math.round(count * 0.19);
  const registered = count - guests;
  const browsers = Math.round(registered * 0.07);
  const buyers = registered - browsers;
  const loyal = Math.round(buyers * 0.12);
  const regular = Math.round(buyers * 0.25);
  const occasional = Math.round(buyers * 0.23);
  const roles: Array<{ guest: boolean; segment: Segment }> = [
    ...Array.from({ length: loyal }, () => ({ guest: false, segment: "loyal" as const })),
    ...Array.from({ length: regular }, () => ({ guest: false, segment: "regular" as const })),
    ...Array.from({ length: occasional }, () => ({ guest: false, segment: "occasional" as const })),
    ...Array.from({ length: buyers - loyal - regular - occasional }, () => ({ guest: false, segment: "one-time" as const })),
    ...Array.from({ length: browsers }, () => ({ guest: false, segment: "browser" as const })),
    // Most guests buy once; a few come back, still without an account.
    ...Array.from({ length: guests }, (_, i) => ({ guest: true, segment: (i % 7 === 0 ? "occasional" : "one-time") as Segment })),
  ];
  rng.shuffle(roles);
  const span = clock.end - clock.start;
  const tasteTable = new WeightedTable(
    TASTES.map((t) => t[0]),
    TASTES.map((t) => t[1]),
  );
  const gatewayTable = new WeightedTable(
    GATEWAYS.map((g) => g[0]),
    GATEWAYS.map((g) => g[1]),
  );

  return roles.map((role, index) => {
    const person = people.make(role.guest ? 0.25 : 0.4);
    const taste = tasteTable.draw(rng);
    const favourites = pickFavourites(rng, catalog, taste);
    const { segment } = role;
    const sizeBias = Math.min(1, Math.max(0, { loyal: 0.65, regular: 0.45, occasional: 0.3, "one-time": 0.2, browser: 0.2 }[segment] + rng.normal(0, 0.12)));
    const plan: CustomerPlan = {
      index,
      guest: role.guest,
      id: null,
      addressId: null,
      person,
      segment,
      taste,
      favourites,
      sizeBias,
      signupAt: null,
      usualGateway: gatewayTable.draw(rng),
      paysInChf: person.address.countryCode === "CH" && rng.chance(0.6),
      consent: [],
      tags: role.guest ? [] : person.address.company ? ["Gewerbekunde"] : [],
      orderTimes: [],
      orders: [],
    };
    let firstOrderAt: number | null = null;
    let activeEnd = clock.end;
    if (segment !== "browser") {
      // The shop is older than the history: many of its regulars are back within the first
      // weeks (they re-register after the move to Shopify). Without that the order volume would
      // only ramp up from zero. Late arrivals had no time to become regulars.
      const returning = { loyal: 0.5, regular: 0.3, occasional: 0.1, "one-time": 0.03, browser: 0 }[segment];
      const latest = segment === "loyal" ? 0.7 : segment === "regular" ? 0.9 : 1;
      firstOrderAt = rng.chance(returning)
        ? clock.sample(rng, clock.start, clock.start + rng.exponential(50) * DAY + DAY)
        : clock.sample(rng, clock.start, clock.start + latest * span - DAY);
      const lapse = { loyal: 0.2, regular: 0.45, occasional: 0.4, "one-time": 0, browser: 0 }[segment];
      if (rng.chance(lapse)) {
        const [minMonths, maxMonths] = segment === "loyal" ? [6, 16] : [2, 10];
        activeEnd = Math.min(clock.end, firstOrderAt + rng.float(minMonths, maxMonths) * MONTH);
      }
    }
    // Heavy-tailed but bounded: a few office buyers order every other week, nobody daily.
    const rate = BASE_RATE[segment] * Math.min(2.5, rng.logNormal(0, 0.5));
    const window = firstOrderAt === null ? 0 : Math.max(0, activeEnd - firstOrderAt - 2 * DAY);
    return { plan, firstOrderAt, activeEnd, weight: (rate * window) / MONTH };
  });
}

function pickFavourites(rng: Random, catalog: Catalog, taste: TasteProfile): CatalogProduct[] {
  const pool = FAVOURITE_GROUPS[taste].flatMap((g) => catalog.byGroup.get(g) ?? []).filter((p) => sellable(p) && p.season === null);
  const count = rng.int(1, 3);
  const chosen: CatalogProduct[] = [];
  for (let i = 0; i < count && chosen.length < pool.length; i++) {
    const rest = pool.filter((p) => !chosen.includes(p));
    chosen.push(rng.weighted(rest, (p) => p.popularity));
  }
  return chosen;
}

/** Every buyer's first order, then the remaining orders drawn in proportion to expected rate × active time. */
function allocateOrders(rng: Random, sketches: CustomerSketch[], orderCount: number): void {
  const buyers = sketches.filter((s) => s.firstOrderAt !== null);
  if (buyers.length > orderCount) throw new RangeError("demo history: more buyers than orders");
  const counts = new Map<CustomerSketch, number>(buyers.map((s) => [s, 1]));
  const extra = orderCount - buyers.length;
  const weighted = buyers.filter((s) => s.weight > 0);
  if (extra > 0) {
    const table =
      weighted.length > 0
        ? new WeightedTable(
            weighted,
            weighted.map((s) => s.weight),
          )
        : new WeightedTable(
            buyers,
            buyers.map(() => 1),
          );
    for (let i = 0; i < extra; i++) {
      const s = table.draw(rng);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  for (const [s, n] of counts) s.plan.orderTimes = new Array<number>(n).fill(0);
}

function planOrderTimes(rng: Random, clock: Clock, sketches: CustomerSketch[]): void {
  for (const s of sketches) {
    if (s.firstOrderAt === null) continue;
    const n = s.plan.orderTimes.length;
    const times = [s.firstOrderAt];
    let lo = s.firstOrderAt + 2 * DAY;
    let hi = Math.min(clock.end - MINUTE, Math.max(s.activeEnd, lo + DAY));
    if (hi <= lo) {
      lo = s.firstOrderAt + HOUR;
      hi = clock.end - MINUTE;
    }
    for (let i = 1; i < n; i++) times.push(clock.sample(rng, lo, hi));
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      if ((times[i] as number) <= (times[i - 1] as number)) times[i] = (times[i - 1] as number) + MINUTE;
    }
    s.plan.orderTimes = times;
  }
}

function planSignupsAndConsent(
  rng: Random,
  clock: Clock,
  customers: CustomerPlan[],
  ids: { customer: IdFactory; address: IdFactory },
): void {
  for (const c of customers) {
    if (c.guest) continue;
    const firstOrder = c.orderTimes[0];
    let signupAt: number;
    if (firstOrder === undefined) signupAt = clock.sample(rng, clock.start, clock.end - HOUR);
    else if (rng.chance(0.15)) {
      // Signed up (newsletter, wish list) well before buying; never before the history starts.
      const earliest = Math.max(clock.start, firstOrder - 90 * DAY);
      signupAt = firstOrder - 2 * HOUR > earliest ? clock.sample(rng, earliest, firstOrder - 2 * HOUR) : firstOrder - rng.int(2, 25) * MINUTE;
    } else signupAt = firstOrder - rng.int(2, 25) * MINUTE;
    signupAt = Math.floor(Math.max(clock.start, signupAt) / 1000) * 1000;
    if (firstOrder !== undefined && signupAt >= firstOrder) signupAt = firstOrder - MINUTE;
    c.signupAt = signupAt;
    c.id = ids.customer.next(signupAt);
    c.addressId = ids.address.next(signupAt);

    const consent: ConsentRecord[] = [];
    const r = rng.next();
    const newsletterLeaning = c.segment === "browser" ? 0.25 : 0;
    if (r < 0.3 + newsletterLeaning) {
      consent.push({ at: signupAt, state: "subscribed", optInLevel: "confirmed_opt_in", consentUpdatedAt: signupAt });
    } else if (r < 0.42 + newsletterLeaning) {
      consent.push({ at: signupAt, state: "pending", optInLevel: "confirmed_opt_in", consentUpdatedAt: signupAt });
      // Double opt-in: most confirm the mail within a day or two, some never do.
      if (rng.chance(0.75)) {
        const at = Math.floor((signupAt + rng.float(20 * MINUTE, 36 * HOUR)) / 1000) * 1000;
        consent.push({ at, state: "subscribed", optInLevel: "confirmed_opt_in", consentUpdatedAt: at });
      }
    } else {
      consent.push({ at: signupAt, state: "not_subscribed", optInLevel: "single_opt_in", consentUpdatedAt: null });
      // Some agree at a later checkout (the marketing box), then confirm the opt-in mail.
      if (c.orderTimes.length >= 2 && rng.chance(0.15)) {
        const orderAt = c.orderTimes[rng.int(1, c.orderTimes.length - 1)] as number;
        const at = orderAt - 60_000;
        consent.push({ at, state: "pending", optInLevel: "confirmed_opt_in", consentUpdatedAt: at });
        if (rng.chance(0.8)) {
          const confirmed = Math.floor((orderAt + rng.float(10 * MINUTE, 20 * HOUR)) / 1000) * 1000;
          consent.push({ at: confirmed, state: "subscribed", optInLevel: "confirmed_opt_in", consentUpdatedAt: confirmed });
        }
      }
    }
    const last = consent[consent.length - 1] as ConsentRecord;
    if (last.state === "subscribed" && rng.chance(0.13)) {
      const from = last.at + 14 * DAY;
      if (from < clock.end - DAY) {
        const at = clock.sample(rng, from, clock.end);
        consent.push({ at, state: "unsubscribed", optInLevel: "confirmed_opt_in", consentUpdatedAt: at });
      }
    }
    c.consent = consent;
    if ((consent[0] as ConsentRecord).state !== "not_subscribed" && rng.chance(0.6)) c.tags = [...c.tags, "newsletter"];
  }
}


// ---------------------------------------------------------------------------------------------
// Baskets.

interface BasketItem {
  product: CatalogProduct;
  variant: CatalogVariant;
  quantity: number;
}

function drawFromGroups(
  rng: Random,
  catalog: Catalog,
  groups: readonly ProductGroup[],
  month: number,
  day: number,
  exclude: ReadonlySet<CatalogProduct>,
): CatalogProduct | null {
  const pool = groups.flatMap((g) => catalog.byGroup.get(g) ?? []).filter((p) => !exclude.has(p) && sellable(p));
  const weights = pool.map((p) => productWeight(p, month, day));
  if (!weights.some((w) => w > 0)) return null;
  return pool[rng.weightedIndex(weights)] as CatalogProduct;
}

function chooseRule(rng: Random, catalog: Catalog, customer: CustomerPlan, first: boolean, month: number, day: number): BasketRule {
  const weights = catalog.basketRules.map(
    (r) => ((first ? r.firstOrderWeight : r.repeatOrderWeight)[customer.taste] ?? 0) * seasonMultiplier(r.season, month, day),
  );
  return catalog.basketRules[rng.weightedIndex(weights)] as BasketRule;
}

function pickVariant(rng: Random, product: CatalogProduct, sizeBias: number): CatalogVariant {
  const available = product.variants.filter((v) => v.available);
  if (available.length === 1 || product.optionName !== "Größe") return rng.pick(available);
  const last = Math.max(1, product.variants.length - 1);
  return available[rng.weightedIndex(available.map((v) => Math.exp(-3 * Math.abs((v.position - 1) / last - sizeBias))))] as CatalogVariant;
}

function pickQuantity(rng: Random, product: CatalogProduct, variant: CatalogVariant, segment: Segment): number {
  if (!product.consumable) return variant.priceMinor < 5000 && rng.chance(0.06) ? 2 : 1;
  const heavy = segment === "loyal" ? 0.1 : 0;
  const r = rng.next();
  return r < 0.7 - heavy ? 1 : r < 0.93 - heavy / 2 ? 2 : 3;
}

/**
 * One order's items: a shopping intention (basket rule) chosen by taste and order stage, its
 * anchor products, their named companions, the rule's complements, and a little impulse noise.
 * Equipment a customer already owns is not bought again.
 */
function buildBasket(rng: Random, catalog: Catalog, customer: CustomerPlan, index: number, at: number): BasketItem[] {
  const { month, day } = localParts(at);
  const owned = new Set<CatalogProduct>();
  for (const o of customer.orders) for (const l of o.lines) if (!l.product.consumable) owned.add(l.product);
  const chosen: CatalogProduct[] = [];
  const taken = new Set<CatalogProduct>(owned);
  const add = (p: CatalogProduct | null | undefined): void => {
    if (!p || taken.has(p) || !sellable(p)) return;
    taken.add(p);
    chosen.push(p);
  };

  const rule = chooseRule(rng, catalog, customer, index === 0, month, day);
  const anchors = rng.int(rule.anchorCount[0], rule.anchorCount[1]);
  for (let i = 0; i < anchors; i++) {
    let product: CatalogProduct | null = null;
    if (rule.usesFavourites) {
      const favourites = customer.favourites.filter((f) => rule.anchor.includes(f.group) && !taken.has(f));
      if (favourites.length > 0 && rng.chance(index === 0 ? 0.5 : 0.7)) product = rng.pick(favourites);
    }
    add(product ?? drawFromGroups(rng, catalog, rule.anchor, month, day, taken));
  }
  for (const anchor of chosen.slice()) {
    for (const [handle, probability] of anchor.companions) if (rng.chance(probability)) add(catalog.byHandle.get(handle));
  }
  for (const complement of rule.complements) {
    if (!rng.chance(complement.probability)) continue;
    const n = rng.int(1, complement.max ?? 1);
    for (let i = 0; i < n; i++) add(drawFromGroups(rng, catalog, complement.groups, month, day, taken));
  }
  if (rng.chance(0.06)) add(drawFromGroups(rng, catalog, [...catalog.byGroup.keys()], month, day, taken));
  if ((month === 11 || (month === 12 && day <= 20)) && rng.chance(0.1)) {
    add(drawFromGroups(rng, catalog, ["sweets", "gift-set", "advent-calendar", "syrup"], month, day, taken));
  }
  if (chosen.length === 0) {
    // Everything the rule offers is owned or sold out: fall back to a favourite consumable.
    add(customer.favourites.find((f) => !taken.has(f)) ?? drawFromGroups(rng, catalog, FAVOURITE_GROUPS[customer.taste], month, day, taken));
  }
  if (chosen.length === 0) add(drawFromGroups(rng, catalog, ["sweets", "filter-paper", "tea-filter"], month, day, new Set()));

  return chosen.slice(0, 8).map((product) => {
    const variant = pickVariant(rng, product, customer.sizeBias);
    return { product, variant, quantity: pickQuantity(rng, product, variant, customer.segment) };
  });
}

// ---------------------------------------------------------------------------------------------
// Orders.

type DiscountSpec = { code: string; type: "percentage"; percent: number } | { code: string; type: "fixed_amount"; amount: number };

function chooseDiscount(rng: Random, customer: CustomerPlan, index: number, at: number, itemsTotal: number): DiscountSpec | null {
  const { month, day } = localParts(at);
  if (index === 0 && rng.chance(customer.guest ? 0.08 : 0.28)) return { code: "WILLKOMMEN10", type: "percentage", percent: 10 };
  if (((month === 11 && day >= 21) || (month === 12 && day <= 1)) && rng.chance(0.35)) {
    return { code: "BLACKWEEK20", type: "percentage", percent: 20 };
  }
  if (month === 12 && day <= 20 && itemsTotal >= 6000 && rng.chance(0.12)) return { code: "ADVENT10", type: "fixed_amount", amount: 1000 };
  if ((month === 7 || month === 8) && rng.chance(0.12)) return { code: "SOMMER15", type: "percentage", percent: 15 };
  if (customer.segment === "loyal" && index > 0 && itemsTotal >= 3000 && rng.chance(0.12)) {
    return { code: "TREUE5", type: "fixed_amount", amount: 500 };
  }
  return null;
}

const HEX = "0123456789abcdef";
const CONFIRMATION_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function randomString(rng: Random, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

/** The consent state in force at an instant (registered customers only). */
export function consentAt(customer: CustomerPlan, at: number): ConsentRecord | null {
  let current: ConsentRecord | null = null;
  for (const record of customer.consent) {
    if (record.at <= at) current = record;
    else break;
  }
  return current;
}

const ORDER_NOTES = [
  "Bitte beim Nachbarn abgeben.",
  "Abstellgenehmigung: Carport.",
  "Ist ein Geschenk, bitte keine Rechnung beilegen.",
  "Bitte nicht vor 17 Uhr liefern.",
  "Bitte Mahlgrad für Handfilter.",
];

function planOrder(
  rng: Random,
  basketRng: Random,
  clock: Clock,
  catalog: Catalog,
  ids: Record<"order" | "lineItem" | "shippingLine", IdFactory>,
  customer: CustomerPlan,
  index: number,
  at: number,
  number: number,
): OrderPlan {
  const items = buildBasket(basketRng, catalog, customer, index, at);
  const country = customer.person.address.countryCode;
  const tax = TAX[country];
  const rates = items.map((i) => (i.product.taxClass === "food" ? tax.food : tax.standard));
  const units = items.map((i) => i.variant.priceMinor);
  const quantities = items.map((i) => i.quantity);
  const itemsTotal = sumOf(units.map((u, i) => u * (quantities[i] as number)));
  const spec = chooseDiscount(rng, customer, index, at, itemsTotal);
  const shopDiscount = spec ? (spec.type === "percentage" ? spec : { type: spec.type, amount: spec.amount }) : null;

  const draft = priceOrder(units, quantities, rates, shopDiscount, 0, 0);
  const afterDiscount = itemsTotal - sumOf(draft.discounts);
  const shippingRule = country === "DE" && rng.chance(0.05) ? EXPRESS_DE : SHIPPING[country];
  const shippingPrice = shippingRule.freeFrom !== null && afterDiscount >= shippingRule.freeFrom ? 0 : shippingRule.price;
  // Shipping follows the main supply: standard rate as soon as any equipment is in the parcel.
  const shippingRate = rates.some((r) => r === tax.standard) ? tax.standard : tax.food;
  const shop = priceOrder(units, quantities, rates, shopDiscount, shippingPrice, shippingRate);

  let presentment = shop;
  let presentmentCurrency: "EUR" | "CHF" = "EUR";
  if (customer.paysInChf) {
    presentmentCurrency = "CHF";
    // EUR/CHF drifts slowly downwards over the two years, with a little daily noise.
    const fx = Math.round((0.962 - 0.035 * progressAt(clock, at) + rng.normal(0, 0.003)) * 10_000) / 10_000;
    const convert = (minor: number) => Math.round(minor * fx);
    const presentmentDiscount = shopDiscount
      ? shopDiscount.type === "percentage"
        ? shopDiscount
        : { type: "fixed_amount" as const, amount: convert(shopDiscount.amount) }
      : null;
    presentment = priceOrder(units.map(convert), quantities, rates, presentmentDiscount, convert(shippingPrice), shippingRate);
  }
  const pair = (s: number, p: number): Amount => ({ shop: s, presentment: p });

  const lines: LinePlan[] = items.map((item, i) => ({
    id: ids.lineItem.next(at),
    product: item.product,
    variant: item.variant,
    quantity: item.quantity,
    unitPrice: pair(units[i] as number, presentment.lineTotals[i]! / item.quantity),
    discount: pair(shop.discounts[i] as number, presentment.discounts[i] as number),
    tax: pair(shop.taxes[i] as number, presentment.taxes[i] as number),
    taxRate: rates[i] as number,
    taxTitle: tax.title,
  }));
  const discounts = pair(sumOf(shop.discounts), sumOf(presentment.discounts));
  const discount: DiscountPlan | null = spec
    ? { code: spec.code, type: spec.type, value: spec.type === "percentage" ? spec.percent : spec.amount / 100, amount: discounts }
    : null;
  const shipping: ShippingPlan = {
    id: ids.shippingLine.next(at),
    title: shippingRule.title,
    code: shippingRule.code,
    price: pair(shop.shipping, presentment.shipping),
    tax: pair(shop.shippingTax, presentment.shippingTax),
    taxRate: shippingRate,
    taxTitle: tax.title,
  };
  const lineItemsTotal = pair(sumOf(shop.lineTotals), sumOf(presentment.lineTotals));
  const taxTotal = pair(sumOf(shop.taxes) + shop.shippingTax, sumOf(presentment.taxes) + presentment.shippingTax);
  const subtotal = pair(lineItemsTotal.shop - discounts.shop, lineItemsTotal.presentment - discounts.presentment);
  const total = pair(
    subtotal.shop + shipping.price.shop + taxTotal.shop,
    subtotal.presentment + shipping.price.presentment + taxTotal.presentment,
  );

  const draftOrder = rng.chance(0.02);
  const gateway = draftOrder ? "Vorkasse" : rng.chance(0.75) ? customer.usualGateway : rng.weighted(GATEWAYS, (g) => g[1])[0];
  const consent = customer.guest ? null : consentAt(customer, at);
  const first = items[0] as BasketItem;
  const landing = rng.next();
  const landingSite = draftOrder
    ? null
    : landing < 0.3
      ? "/"
      : landing < 0.6
        ? `/products/${first.product.handle}`
        : landing < 0.8
          ? `/collections/${first.product.collection}`
          : consent?.state === "subscribed"
            ? `/?utm_source=newsletter&utm_medium=email&utm_campaign=${localParts(at).year}-${String(localParts(at).month).padStart(2, "0")}`
            : `/products/${first.product.handle}?utm_source=google&utm_medium=cpc`;
  const referrers = ["https://www.google.com/", "https://www.google.com/", "https://www.ecosia.org/", "https://www.instagram.com/", "https://www.pinterest.de/", "https://duckduckgo.com/"];
  const referringSite = draftOrder ? null : rng.chance(0.35) ? "" : rng.pick(referrers);

  return {
    id: ids.order.next(at),
    number,
    customer,
    customerOrderIndex: index,
    createdAt: at,
    presentmentCurrency,
    lines,
    discount,
    shipping,
    totals: { lineItems: lineItemsTotal, discounts, subtotal, shipping: shipping.price, tax: taxTotal, total },
    gateway,
    manualPayment: gateway === "Vorkasse",
    saleTransactionId: null,
    paidAt: null,
    fulfilledAt: null,
    fulfillmentId: null,
    trackingNumber: null,
    cancel: null,
    refunds: [],
    token: randomString(rng, HEX, 32),
    checkoutToken: randomString(rng, HEX, 32),
    cartToken: draftOrder ? null : randomString(rng, HEX, 32),
    confirmationNumber: randomString(rng, CONFIRMATION_CHARS, 9),
    browserIp: `${rng.pick(["192.0.2", "198.51.100", "203.0.113"])}.${rng.int(1, 254)}`,
    landingSite,
    referringSite,
    sourceName: draftOrder ? "shopify_draft_order" : "web",
    note: rng.chance(0.05) ? rng.pick(ORDER_NOTES) : null,
    buyerAcceptsMarketing: consent ? consent.state === "subscribed" || consent.state === "pending" : rng.chance(0.15),
    tags: draftOrder ? ["Telefonbestellung"] : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Payment, fulfilment, cancellation and refunds.

interface LineRefundState {
  quantity: number;
  subtotal: Amount;
  tax: Amount;
  discount: Amount;
}

class RefundBook {
  private readonly lines = new Map<LinePlan, LineRefundState>();
  private shippingRefunded = false;

  constructor(
    private readonly order: OrderPlan,
    private readonly ids: Record<"refund" | "refundLine" | "transaction" | "adjustment", IdFactory>,
  ) {}

  remaining(line: LinePlan): number {
    return line.quantity - (this.lines.get(line)?.quantity ?? 0);
  }

  remainingLines(): LinePlan[] {
    return this.order.lines.filter((l) => this.remaining(l) > 0);
  }

  /**
   * Refunds whole units; a line's last refunded unit takes whatever rounding left over, so the
   * refunds of a line always add up to exactly what was charged for it.
   */
  refund(
    at: number,
    kind: RefundPlan["kind"],
    picks: ReadonlyArray<{ line: LinePlan; quantity: number }>,
    withShipping: boolean,
    note: string | null,
  ): RefundPlan {
    const restockType = kind === "cancel" ? "cancel" : kind === "return" ? "return" : "no_restock";
    const lines: RefundLinePlan[] = picks.map(({ line, quantity }) => {
      const state = this.lines.get(line) ?? {
        quantity: 0,
        subtotal: { shop: 0, presentment: 0 },
        tax: { shop: 0, presentment: 0 },
        discount: { shop: 0, presentment: 0 },
      };
      if (quantity < 1 || state.quantity + quantity > line.quantity) throw new Error("demo refunds: over-refunding a line");
      const last = state.quantity + quantity === line.quantity;
      const share = (total: Amount, done: Amount): Amount =>
        last
          ? { shop: total.shop - done.shop, presentment: total.presentment - done.presentment }
          : {
              shop: Math.round((total.shop * quantity) / line.quantity),
              presentment: Math.round((total.presentment * quantity) / line.quantity),
            };
      const net: Amount = {
        shop: line.unitPrice.shop * line.quantity - line.discount.shop,
        presentment: line.unitPrice.presentment * line.quantity - line.discount.presentment,
      };
      const subtotal = share(net, state.subtotal);
      const tax = share(line.tax, state.tax);
      const discount = share(line.discount, state.discount);
      this.lines.set(line, {
        quantity: state.quantity + quantity,
        subtotal: add(state.subtotal, subtotal),
        tax: add(state.tax, tax),
        discount: add(state.discount, discount),
      });
      return { id: this.ids.refundLine.next(at), line, quantity, subtotal, tax, discount, restockType };
    });
    let shipping: RefundPlan["shipping"] = null;
    if (withShipping && !this.shippingRefunded && this.order.shipping.price.shop > 0) {
      this.shippingRefunded = true;
      shipping = { adjustmentId: this.ids.adjustment.next(at), amount: this.order.shipping.price, tax: this.order.shipping.tax };
    }
    let amount: Amount = { shop: 0, presentment: 0 };
    for (const l of lines) amount = add(add(amount, l.subtotal), l.tax);
    if (shipping) amount = add(add(amount, shipping.amount), shipping.tax);
    return { id: this.ids.refund.next(at), at, kind, note, lines, shipping, transactionId: this.ids.transaction.next(at), amount };
  }
}

function add(a: Amount, b: Amount): Amount {
  return { shop: a.shop + b.shop, presentment: a.presentment + b.presentment };
}

const CANCEL_REASONS: ReadonlyArray<readonly [NonNullable<OrderPlan["cancel"]>["reason"], number, string | null]> = [
  ["customer", 0.6, "Kunde hat die Bestellung storniert."],
  ["inventory", 0.2, "Artikel nicht mehr lieferbar."],
  ["fraud", 0.08, "Betrugsverdacht, Zahlung erstattet."],
  ["declined", 0.04, null],
  ["other", 0.08, null],
];

function planLifecycle(
  rng: Random,
  clock: Clock,
  ids: Record<"refund" | "refundLine" | "transaction" | "adjustment" | "fulfillment", IdFactory>,
  order: OrderPlan,
): void {
  const at = order.createdAt;
  if (order.manualPayment) {
    // Bank transfer: some never pay and are cancelled after the reminder period.
    if (rng.chance(0.08)) {
      order.cancel = { at: clock.businessTime(rng, at, 10, 14), reason: "other" };
      return;
    }
    order.paidAt = clock.businessTime(rng, at, 1, 4);
  } else {
    order.paidAt = at;
  }
  order.saleTransactionId = ids.transaction.next(order.paidAt);
  const book = new RefundBook(order, ids);

  if (rng.chance(0.028)) {
    // Cancelled by staff before the parcel leaves, during office hours.
    const cancelAt = clock.businessTime(rng, order.paidAt, 0, 1);
    const [reason, , note] = rng.weighted(CANCEL_REASONS, (r) => r[1]);
    order.cancel = { at: cancelAt, reason };
    const all = order.lines.map((line) => ({ line, quantity: line.quantity }));
    order.refunds.push(book.refund(cancelAt, "cancel", all, true, note));
    return;
  }

  order.fulfilledAt = clock.businessTime(rng, order.paidAt, 0.3, 2.5);
  order.fulfillmentId = ids.fulfillment.next(order.fulfilledAt);
  order.trackingNumber = `00340434${randomString(rng, "0123456789", 12)}`;

  // Equipment is what gets sent back; a parcel of beans rarely is.
  let equipment = 0;
  for (const l of order.lines) if (!l.product.consumable) equipment += l.unitPrice.shop * l.quantity;
  const refundChance = 0.04 + (equipment >= 10_000 ? 0.1 : equipment > 0 ? 0.025 : 0);
  if (!rng.chance(refundChance)) return;

  const firstAt = clock.businessTime(rng, order.fulfilledAt, 4, 25);
  const roll = rng.next();
  const totalUnits = sumOf(order.lines.map((l) => l.quantity));
  if (roll < 0.3 || totalUnits === 1) {
    const all = order.lines.map((line) => ({ line, quantity: line.quantity }));
    order.refunds.push(book.refund(firstAt, "return", all, true, "Widerruf: Ware vollständig zurückgesendet."));
    return;
  }
  const pickLine = () => rng.weighted(book.remainingLines(), (l) => l.unitPrice.shop * (l.product.consumable ? 1 : 4));
  if (roll < 0.8) {
    const line = pickLine();
    const quantity = rng.chance(0.8) ? 1 : book.remaining(line);
    order.refunds.push(book.refund(firstAt, "return", [{ line, quantity }], false, rng.pick(["Teilretoure.", "Artikel gefällt nicht.", null, null])));
  } else {
    const line = pickLine();
    const note = rng.pick(["Transportschaden.", "Glas zerbrochen angekommen.", "Verpackung beschädigt, Bohnen ausgelaufen."]);
    order.refunds.push(book.refund(firstAt, "damage", [{ line, quantity: 1 }], false, note));
  }
  if (book.remainingLines().length > 0 && rng.chance(0.22)) {
    const secondAt = clock.businessTime(rng, firstAt, 3, 20);
    const line = pickLine();
    order.refunds.push(book.refund(secondAt, "return", [{ line, quantity: 1 }], false, rng.pick(["Nachträgliche Retoure.", "Zweite Teilretoure.", null])));
  }
}

// ---------------------------------------------------------------------------------------------
// Deliveries, in the order Shopify would send them.

type Unsequenced<T> = T extends unknown ? Omit<T, "seq"> : never;

function planEvents(
  rng: Random,
  clock: Clock,
  catalog: Catalog,
  customers: readonly CustomerPlan[],
  orders: readonly OrderPlan[],
  productCreatedAt: ReadonlyMap<string, number>,
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  let seq = 0;
  // Whatever would happen after the end date has not happened yet.
  const push = (event: Unsequenced<PlannedEvent>): void => {
    if (event.at < clock.end) events.push({ ...event, seq: seq++ } as PlannedEvent);
  };
  for (const product of catalog.products) push({ at: productCreatedAt.get(product.id) as number, topic: "products/create", product });
  for (const customer of customers) {
    if (customer.guest || customer.signupAt === null) continue;
    push({ at: customer.signupAt, topic: "customers/create", customer });
    for (const record of customer.consent.slice(1)) push({ at: record.at, topic: "customers/update", customer });
  }
  for (const order of orders) {
    push({ at: order.createdAt, topic: "orders/create", order });
    if (order.paidAt !== null) {
      const paidEventAt = order.manualPayment ? order.paidAt : order.createdAt + rng.int(2, 25) * 1000;
      push({ at: paidEventAt, topic: "orders/paid", order });
    }
    // Shipping the parcel: Shopify sends orders/updated with fulfillment_status "fulfilled". The
    // last days' orders have not all left the warehouse by the end of the history.
    if (order.fulfilledAt !== null) push({ at: order.fulfilledAt, topic: "orders/updated", order });
    for (const refund of order.refunds) {
      push({ at: refund.at, topic: "refunds/create", order, refund });
      if (refund.kind === "cancel") push({ at: refund.at + 2000, topic: "orders/cancelled", order });
      else push({ at: refund.at + rng.int(1, 6) * 1000, topic: "orders/updated", order });
    }
    if (order.cancel && order.refunds.length === 0) push({ at: order.cancel.at, topic: "orders/cancelled", order });
  }
  for (const request of planPrivacyRequests(customers, clock.end)) push({ at: request.at, topic: request.topic, request });
  events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return events;
}
