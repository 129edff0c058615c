import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { formatMinor } from "~/demo/catalog";
import { hashString, Random } from "~/demo/random";
import { bulkLines, CONNECTIONS, type Node } from "./shopify-admin-server";
import { gid, moneyBag } from "./shopify-dataset";

// A large, seeded shop history as Admin GraphQL nodes, for the import benchmark and its tests.
// Every record is a pure function of (seed, index): the orders file is written one record at a
// time, never held, and the fake Admin API can regenerate any refund from its id when the import
// asks for refund lines (nodes(ids:)). Shape: the documented fields the bulk queries of
// app/platforms/shopify/bulk/queries.ts select, with gids and decimal money strings.

export interface BulkHistorySpec {
  seed: number;
  orders: number;
  customers: number;
  products: number;
}

/** About four orders per customer account, as in the 1M orders / 250k customers. */
export function bulkHistorySpec(orders: number, seed: number, products = 1_000): BulkHistorySpec {
  return { seed, orders, customers: Math.max(1, Math.round(orders / 4)), products: Math.max(1, products) };
}

// Thirteen-digit ids, like a shop's today; ranges far apart so a mix-up shows.
const ID_BASE = {
  Customer: 7_100_000_000_000,
  Product: 8_100_000_000_000,
  ProductVariant: 4_100_000_000_000,
  Collection: 4_900_000_000_000,
  Order: 5_100_000_000_000,
  LineItem: 13_100_000_000_000,
  ShippingLine: 4_500_000_000_000,
  Refund: 9_100_000_000_000,
  RefundLineItem: 9_600_000_000_000,
} as const;
type IdType = keyof typeof ID_BASE;
const LINES_PER_ORDER = 4;
const VARIANTS_PER_PRODUCT = 3;

const idOf = (type: IdType, index: number) => gid(type, String(ID_BASE[type] + index));

/** The index a generated gid was made from, or null for a gid of another type or range. */
export function indexOfGid(type: IdType, value: string): number | null {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value);
  const index = match ? Number(match[1]) - ID_BASE[type] : -1;
  return Number.isSafeInteger(index) && index >= 0 ? index : null;
}

const FIRST_NAMES = ["Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Lea", "Mats", "Nora", "Paul", "Sophie", "Tim"];
const LAST_NAMES = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter"];
// Postcode and city as pairs: a city with a postcode from elsewhere would read as made up.
const PLACES = [
  { zip: "10115", city: "Berlin", countryCode: "DE" },
  { zip: "20095", city: "Hamburg", countryCode: "DE" },
  { zip: "80331", city: "München", countryCode: "DE" },
  { zip: "50667", city: "Köln", countryCode: "DE" },
  { zip: "04109", city: "Leipzig", countryCode: "DE" },
  { zip: "1010", city: "Wien", countryCode: "AT" },
  { zip: "8001", city: "Zürich", countryCode: "CH" },
] as const;
const CODES = [
  { code: "WILLKOMMEN10", percentage: 10 },
  { code: "SOMMER15", percentage: 15 },
  { code: "TREUE20", percentage: 20 },
] as const;
const START = Date.UTC(2021, 0, 1);
const SPAN_MS = 4 * 365 * 86_400_000;
const DAY_MS = 86_400_000;
const GUEST_SHARE = 0.15;
const DISCOUNT_SHARE = 0.2;
const REFUND_SHARE = 0.04;
const CANCEL_SHARE = 0.02;
const CHF_SHARE = 0.05;
const FREE_SHIPPING_FROM = 5_000;
const SHIPPING_MINOR = 490;

/** Shopify's timestamps: whole seconds, "Z". */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
const rngFor = (spec: BulkHistorySpec, label: string, index: number) => new Random(hashString(`${label}:${index}`, spec.seed));
/** Prices include 19 % VAT, as in a German shop: the tax share of a gross amount. */
const vatOf = (grossMinor: number) => Math.round((grossMinor * 19) / 119);
const shopMoney = (minor: number) => ({ shopMoney: { amount: formatMinor(minor), currencyCode: "EUR" } });
const bag = (minor: number) => moneyBag(formatMinor(minor));

// ---- customers ------------------------------------------------------------------------------

interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  place: (typeof PLACES)[number];
}

function person(spec: BulkHistorySpec, index: number): Person & { random: Random } {
  const random = rngFor(spec, "customer", index);
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  // Mixed case on some addresses: the store keeps them as given and matches them normalized.
  const local = random.chance(0.1) ? `${firstName}.${lastName}${index}` : `kunde${index}`;
  const phone = random.chance(0.3) ? `+4915${String(10_000_000 + index).padStart(9, "0")}` : null;
  const place = PLACES[index % PLACES.length]!;
  return { firstName, lastName, email: `${local}@example.com`, phone, place, random };
}

export function customerNode(spec: BulkHistorySpec, index: number): Node {
  const { random, ...who } = person(spec, index);
  const createdAt = START + Math.floor(random.next() * SPAN_MS * 0.75);
  const updatedAt = createdAt + random.int(0, 200) * DAY_MS;
  return {
    id: idOf("Customer", index),
    firstName: who.firstName,
    lastName: who.lastName,
    locale: random.chance(0.8) ? "de" : "en",
    tags: random.chance(0.2) ? ["newsletter"] : [],
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
    defaultEmailAddress: {
      emailAddress: who.email,
      marketingState: random.chance(0.4) ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      marketingUpdatedAt: iso(createdAt),
    },
    defaultPhoneNumber: who.phone ? { phoneNumber: who.phone } : null,
    defaultAddress: { city: who.place.city, zip: who.place.zip, provinceCode: null, countryCodeV2: who.place.countryCode },
  };
}

// ---- products -------------------------------------------------------------------------------

/** Gross unit price of a variant in cents: a pure function, so orders need no catalog in memory. */
function variantPriceMinor(spec: BulkHistorySpec, product: number, variant: number): number {
  return 490 + (hashString(`price:${product}`, spec.seed) % 40) * 100 + variant * 350;
}

function variantCount(spec: BulkHistorySpec, product: number): number {
  return 1 + (hashString(`variants:${product}`, spec.seed) % VARIANTS_PER_PRODUCT);
}

const VARIANT_TITLES = ["250 g", "500 g", "1 kg"];

export function productNode(spec: BulkHistorySpec, index: number): Node {
  const random = rngFor(spec, "product", index);
  const updatedAt = START + Math.floor(random.next() * SPAN_MS);
  return {
    id: idOf("Product", index),
    title: `Produkt ${index + 1}`,
    handle: `produkt-${index + 1}`,
    status: random.chance(0.9) ? "ACTIVE" : "ARCHIVED",
    vendor: random.pick(["Alpenröster", "Teehaus", "Bergmühle"]),
    productType: random.pick(["Kaffee", "Tee", "Zubehör"]),
    tags: random.chance(0.3) ? ["bestseller"] : [],
    createdAt: iso(START),
    updatedAt: iso(updatedAt),
    featuredMedia: { preview: { image: { url: `https://cdn.example.com/p${index + 1}.jpg` } } },
    variants: Array.from({ length: variantCount(spec, index) }, (_, v) => ({
      __typename: "ProductVariant",
      id: idOf("ProductVariant", index * VARIANTS_PER_PRODUCT + v),
      title: VARIANT_TITLES[v]!,
      sku: `SKU-${index + 1}-${v + 1}`,
      price: formatMinor(variantPriceMinor(spec, index, v)),
      inventoryQuantity: random.int(0, 120),
      inventoryPolicy: "DENY",
      inventoryItem: { tracked: true },
    })),
    collections: [{ __typename: "Collection", id: idOf("Collection", index % 12) }],
  };
}

// ---- orders ---------------------------------------------------------------------------------

interface PlannedLine {
  node: Node;
  grossMinor: number;
  discountMinor: number;
  taxMinor: number;
}

function orderLines(spec: BulkHistorySpec, random: Random, order: number, code: (typeof CODES)[number] | null): PlannedLine[] {
  return Array.from({ length: random.int(1, LINES_PER_ORDER) }, (_, l) => {
    // Popular products sell more: squaring skews the draw towards low indexes.
    const product = Math.floor(random.next() ** 2 * spec.products);
    const variant = random.int(0, variantCount(spec, product) - 1);
    const quantity = random.int(1, 3);
    const unitMinor = variantPriceMinor(spec, product, variant);
    const grossMinor = unitMinor * quantity;
    const discountMinor = code ? Math.floor((grossMinor * code.percentage) / 100) : 0;
    const taxMinor = vatOf(grossMinor - discountMinor);
    const node: Node = {
      __typename: "LineItem",
      id: idOf("LineItem", order * LINES_PER_ORDER + l),
      title: `Produkt ${product + 1}`,
      variantTitle: VARIANT_TITLES[variant]!,
      sku: `SKU-${product + 1}-${variant + 1}`,
      quantity,
      product: { id: idOf("Product", product) },
      variant: { id: idOf("ProductVariant", product * VARIANTS_PER_PRODUCT + variant) },
      originalUnitPriceSet: shopMoney(unitMinor),
      totalDiscountSet: shopMoney(0),
      discountAllocations: code
        ? [{ allocatedAmountSet: shopMoney(discountMinor), discountApplication: { __typename: "DiscountCodeApplication", code: code.code } }]
        : [],
      taxLines: [{ priceSet: shopMoney(taxMinor) }],
    };
    return { node, grossMinor, discountMinor, taxMinor };
  });
}

/** Repeat buyers: a few accounts place many orders, most place one or two. */
function buyerOf(spec: BulkHistorySpec, random: Random): { account: number } | { guest: number } {
  if (random.chance(GUEST_SHARE)) return { guest: random.int(0, Math.max(0, Math.round(spec.customers / 5) - 1)) };
  return { account: Math.floor(random.next() ** 1.5 * spec.customers) };
}

function refundNodeOf(order: number, line: PlannedLine, processedAt: number): Node {
  const amount = line.grossMinor - line.discountMinor;
  return {
    id: idOf("Refund", order),
    createdAt: iso(processedAt + 5 * DAY_MS),
    processedAt: iso(processedAt + 5 * DAY_MS),
    note: "Retoure",
    totalRefundedSet: bag(amount),
    refundLineItems: [
      {
        id: idOf("RefundLineItem", order),
        quantity: line.node.quantity as number,
        restockType: "RETURN",
        lineItem: { id: line.node.id },
        subtotalSet: shopMoney(amount),
        totalTaxSet: shopMoney(line.taxMinor),
      },
    ],
  };
}

/** Order `index` (0-based) with its children as arrays, as the fake Admin API takes records. */
export function orderNode(spec: BulkHistorySpec, index: number): Node {
  const random = rngFor(spec, "order", index);
  // Orders come out of Shopify's export in id order, which is roughly time order.
  const processedAt = START + Math.floor(((index + random.next()) / spec.orders) * SPAN_MS);
  const buyer = buyerOf(spec, random);
  const code = random.chance(DISCOUNT_SHARE) ? random.pick(CODES) : null;
  const lines = orderLines(spec, random, index, code);
  const refunded = random.chance(REFUND_SHARE);
  const cancelled = !refunded && random.chance(CANCEL_SHARE);
  const chf = random.chance(CHF_SHARE);

  const grossMinor = lines.reduce((sum, line) => sum + line.grossMinor, 0);
  const discountMinor = lines.reduce((sum, line) => sum + line.discountMinor, 0);
  const subtotalMinor = grossMinor - discountMinor;
  const shippingMinor = subtotalMinor >= FREE_SHIPPING_FROM ? 0 : SHIPPING_MINOR;
  const totalMinor = subtotalMinor + shippingMinor;
  const taxMinor = lines.reduce((sum, line) => sum + line.taxMinor, 0) + vatOf(shippingMinor);
  const account = "account" in buyer ? person(spec, buyer.account) : null;
  const email = account ? account.email : `gast${"guest" in buyer ? buyer.guest : 0}@example.net`;
  const place = account?.place ?? PLACES[("guest" in buyer ? buyer.guest : 0) % PLACES.length]!;
  const totalPriceSet = chf
    ? moneyBag(formatMinor(totalMinor), formatMinor(Math.round(totalMinor * 0.96)), "EUR", "CHF")
    : bag(totalMinor);

  return {
    id: idOf("Order", index),
    name: `#${1001 + index}`,
    email,
    phone: null,
    createdAt: iso(processedAt),
    updatedAt: iso(processedAt + random.int(1, 72) * 3_600_000 + (refunded ? 5 * DAY_MS : 0)),
    processedAt: iso(processedAt),
    cancelledAt: cancelled ? iso(processedAt + 3_600_000) : null,
    cancelReason: cancelled ? "CUSTOMER" : null,
    test: false,
    tags: random.chance(0.05) ? ["wholesale"] : [],
    sourceName: random.chance(0.9) ? "web" : "pos",
    displayFinancialStatus: cancelled ? "VOIDED" : refunded ? "PARTIALLY_REFUNDED" : "PAID",
    displayFulfillmentStatus: cancelled ? "UNFULFILLED" : "FULFILLED",
    currencyCode: "EUR",
    presentmentCurrencyCode: chf ? "CHF" : "EUR",
    subtotalPriceSet: bag(subtotalMinor),
    totalDiscountsSet: bag(discountMinor),
    totalShippingPriceSet: bag(shippingMinor),
    totalTaxSet: bag(taxMinor),
    totalPriceSet,
    customer: account
      ? {
          id: idOf("Customer", "account" in buyer ? buyer.account : 0),
          firstName: account.firstName,
          lastName: account.lastName,
          defaultEmailAddress: { emailAddress: account.email },
          defaultPhoneNumber: account.phone ? { phoneNumber: account.phone } : null,
        }
      : null,
    billingAddress: {
      firstName: account?.firstName ?? "Gast",
      lastName: account?.lastName ?? "Käufer",
      phone: null,
      city: place.city,
      countryCodeV2: place.countryCode,
    },
    shippingAddress: { city: place.city, countryCodeV2: place.countryCode },
    customerJourneySummary: random.chance(0.6)
      ? { firstVisit: { landingPage: "https://shop.example.com/?utm_source=newsletter", referrerUrl: null } }
      : null,
    refunds: refunded ? [refundNodeOf(index, lines[0]!, processedAt)] : [],
    lineItems: lines.map((line) => line.node),
    discountApplications: code
      ? [
          {
            __typename: "DiscountCodeApplication",
            allocationMethod: "ACROSS",
            targetType: "LINE_ITEM",
            value: { __typename: "PricingPercentageValue", percentage: code.percentage },
            code: code.code,
          },
        ]
      : [],
    shippingLines: [
      { __typename: "ShippingLine", id: idOf("ShippingLine", index), title: "Standard", discountAllocations: [] },
    ],
  };
}

/** The refund with this gid, regenerated from its order (the fake Admin API's nodes(ids:)). */
export function refundNode(spec: BulkHistorySpec, refundGid: string): Node | null {
  const index = indexOfGid("Refund", refundGid);
  if (index === null || index >= spec.orders) return null;
  const refunds = orderNode(spec, index).refunds as Node[];
  return refunds.find((refund) => refund.id === refundGid) ?? null;
}

// ---- JSONL files ----------------------------------------------------------------------------

export type HistoryResource = "customers" | "products" | "orders";

export interface WrittenResult {
  path: string;
  bytes: number;
  /** Lines in the file (records and their children), as Shopify's objectCount. */
  objectCount: number;
  rootObjectCount: number;
  /** Child lines per connection ("lineItems": 2500000, ...). */
  children: Record<string, number>;
}

const COUNT_OF: Record<HistoryResource, (spec: BulkHistorySpec) => number> = {
  customers: (spec) => spec.customers,
  products: (spec) => spec.products,
  orders: (spec) => spec.orders,
};
const NODE_OF: Record<HistoryResource, (spec: BulkHistorySpec, index: number) => Node> = {
  customers: customerNode,
  products: productNode,
  orders: orderNode,
};

/**
 * Writes the bulk result of one resource (grouped: each record followed by its children) to
 * `path`, in chunks with backpressure, so memory holds a chunk, not the file.
 */
export async function writeBulkResult(spec: BulkHistorySpec, resource: HistoryResource, path: string): Promise<WrittenResult> {
  const out = createWriteStream(path);
  const count = COUNT_OF[resource](spec);
  let bytes = 0;
  let objectCount = 0;
  const children = Object.fromEntries(CONNECTIONS[resource].map((field) => [field, 0]));
  let pending: string[] = [];
  const flush = async () => {
    const text = pending.join("");
    pending = [];
    bytes += Buffer.byteLength(text, "utf8");
    if (!out.write(text)) await once(out, "drain");
  };
  try {
    for (let index = 0; index < count; index++) {
      const node = NODE_OF[resource](spec, index);
      for (const field of CONNECTIONS[resource]) children[field]! += (node[field] as unknown[]).length;
      for (const line of bulkLines(resource, node)) {
        pending.push(line, "\n");
        objectCount += 1;
      }
      if (pending.length >= 2_000) await flush();
    }
    await flush();
  } finally {
    out.end();
    await once(out, "close");
  }
  return { path, bytes, objectCount, rootObjectCount: count, children };
}
