import type { FakeDataset, Node } from "./shopify-admin-server";

// A small shop history in the shape of Admin GraphQL nodes (documented field names), with 19-digit
// ids beyond 2^53 so that any float rounding on the way would show.

export const money = (amount: string, currencyCode = "EUR") => ({ amount, currencyCode });
export const moneyBag = (shop: string, presentment = shop, shopCurrency = "EUR", presentmentCurrency = shopCurrency) => ({
  shopMoney: money(shop, shopCurrency),
  presentmentMoney: money(presentment, presentmentCurrency),
});
const shopMoney = (amount: string) => ({ shopMoney: money(amount) });

export const gid = (type: string, id: bigint | string) => `gid://shopify/${type}/${id}`;

// 7312345678901234567 > 2^53: only exact text survives.
const BASE = 7_312_345_678_901_234_500n;
export const customerGid = (n: number) => gid("Customer", BASE + BigInt(n));
export const productGid = (n: number) => gid("Product", BASE + 1_000n + BigInt(n));
export const variantGid = (n: number, v: number) => gid("ProductVariant", BASE + 2_000n + BigInt(n * 10 + v));
export const orderGid = (n: number) => gid("Order", BASE + 3_000n + BigInt(n));
export const lineItemGid = (n: number, l: number) => gid("LineItem", BASE + 4_000n + BigInt(n * 10 + l));
export const refundGid = (n: number) => gid("Refund", BASE + 5_000n + BigInt(n));
export const refundLineGid = (n: number, l: number) => gid("RefundLineItem", BASE + 6_000n + BigInt(n * 10 + l));
export const collectionGid = (n: number) => gid("Collection", BASE + 7_000n + BigInt(n));

export function customerNode(n: number, overrides: Partial<Node> = {}): Node {
  return {
    id: customerGid(n),
    firstName: `First${n}`,
    lastName: `Last${n}`,
    locale: "de",
    tags: ["imported", `cohort-${n % 3}`],
    createdAt: "2023-01-10T09:00:00Z",
    updatedAt: `2024-02-${String(10 + (n % 15)).padStart(2, "0")}T10:00:00Z`,
    defaultEmailAddress: {
      emailAddress: `Customer.${n}@Example.com`,
      marketingState: n % 2 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      marketingUpdatedAt: "2023-06-01T12:00:00Z",
    },
    defaultPhoneNumber: { phoneNumber: `+4930000000${n}` },
    defaultAddress: { address1: "Invalidenstraße 10", address2: null, city: "Berlin", zip: "10115", provinceCode: null, countryCodeV2: "DE" },
    ...overrides,
  };
}

export function productNode(n: number, overrides: Partial<Node> = {}): Node {
  return {
    id: productGid(n),
    title: `Product ${n}`,
    handle: `product-${n}`,
    status: "ACTIVE",
    vendor: "Alpine",
    productType: "Gear",
    tags: ["outdoor"],
    createdAt: "2023-02-01T08:00:00Z",
    updatedAt: "2024-03-01T08:00:00Z",
    featuredMedia: { preview: { image: { url: `https://cdn.example.com/p${n}.jpg` } } },
    variants: [0, 1].map((v) => ({
      __typename: "ProductVariant",
      id: variantGid(n, v),
      title: v === 0 ? "Small" : "Large",
      sku: `SKU-${n}-${v}`,
      price: v === 0 ? "19.90" : "24.50",
      inventoryQuantity: v === 0 ? 5 : 0,
      inventoryPolicy: "DENY",
      inventoryItem: { tracked: true },
    })),
    collections: [{ __typename: "Collection", id: collectionGid(1) }, { __typename: "Collection", id: collectionGid(n + 1) }],
    ...overrides,
  };
}

export interface OrderSpec {
  n: number;
  customer?: number | null;
  email?: string | null;
  updatedAt?: string;
  refund?: boolean;
  presentment?: { currency: string; total: string };
  overrides?: Partial<Node>;
}

/** Two lines (2 × 19.90 with a 10 % code on the first, 1 × 24.50), shipping 4.90, taxes included: 65.22. */
export function orderNode(spec: OrderSpec): Node {
  const { n } = spec;
  const customer = spec.customer === undefined ? n : spec.customer;
  const lines = [
    {
      __typename: "LineItem",
      id: lineItemGid(n, 0),
      title: "Product 1",
      variantTitle: "Small",
      sku: "SKU-1-0",
      quantity: 2,
      product: { id: productGid(1) },
      variant: { id: variantGid(1, 0) },
      originalUnitPriceSet: shopMoney("19.90"),
      totalDiscountSet: shopMoney("0.00"),
      discountAllocations: [
        { allocatedAmountSet: shopMoney("3.98"), discountApplication: { __typename: "DiscountCodeApplication", code: "WELCOME10" } },
      ],
      taxLines: [{ priceSet: shopMoney("5.72") }],
    },
    {
      __typename: "LineItem",
      id: lineItemGid(n, 1),
      title: "Product 1",
      variantTitle: "Large",
      sku: null,
      quantity: 1,
      product: { id: productGid(1) },
      variant: { id: variantGid(1, 1) },
      originalUnitPriceSet: shopMoney("24.50"),
      totalDiscountSet: shopMoney("0.00"),
      discountAllocations: [],
      taxLines: [{ priceSet: shopMoney("3.91") }],
    },
  ];
  const presentment = spec.presentment ?? { currency: "EUR", total: "65.22" };
  return {
    id: orderGid(n),
    name: `#${1000 + n}`,
    email: spec.email === undefined ? `customer.${customer ?? n}@example.com` : spec.email,
    phone: null,
    createdAt: "2024-04-01T10:00:00Z",
    updatedAt: spec.updatedAt ?? "2024-04-02T10:00:00Z",
    processedAt: "2024-04-01T09:59:00Z",
    cancelledAt: null,
    cancelReason: null,
    test: false,
    tags: ["web"],
    sourceName: "web",
    displayFinancialStatus: spec.refund ? "PARTIALLY_REFUNDED" : "PAID",
    displayFulfillmentStatus: "FULFILLED",
    currencyCode: "EUR",
    presentmentCurrencyCode: presentment.currency,
    subtotalPriceSet: moneyBag("60.32"),
    totalDiscountsSet: moneyBag("3.98"),
    totalShippingPriceSet: moneyBag("4.90"),
    totalTaxSet: moneyBag("9.63"),
    totalPriceSet: moneyBag("65.22", presentment.total, "EUR", presentment.currency),
    customer:
      customer === null
        ? null
        : {
            id: customerGid(customer),
            firstName: `First${customer}`,
            lastName: `Last${customer}`,
            defaultEmailAddress: { emailAddress: `customer.${customer}@example.com` },
            defaultPhoneNumber: null,
          },
    billingAddress: { firstName: "Bill", lastName: "Payer", phone: null, city: "Wien", countryCodeV2: "AT" },
    shippingAddress: { address1: "Herrengasse 5", address2: "Top 3", city: "Graz", zip: "8010", countryCodeV2: "AT" },
    customerJourneySummary: { firstVisit: { landingPage: "https://shop.example.com/?utm_source=news", referrerUrl: "https://news.example.com/" } },
    refunds: spec.refund
      ? [
          {
            id: refundGid(n),
            createdAt: "2024-04-05T12:00:00Z",
            processedAt: "2024-04-05T12:00:00Z",
            note: "Too large",
            totalRefundedSet: moneyBag("24.50"),
            refundLineItems: [
              {
                id: refundLineGid(n, 0),
                quantity: 1,
                restockType: "RETURN",
                lineItem: { id: lineItemGid(n, 1) },
                subtotalSet: shopMoney("24.50"),
                totalTaxSet: shopMoney("3.91"),
              },
            ],
          },
        ]
      : [],
    lineItems: lines,
    discountApplications: [
      {
        __typename: "DiscountCodeApplication",
        allocationMethod: "ACROSS",
        targetType: "LINE_ITEM",
        value: { __typename: "PricingPercentageValue", percentage: 10 },
        code: "WELCOME10",
      },
    ],
    shippingLines: [{ __typename: "ShippingLine", id: gid("ShippingLine", BASE + 8_000n + BigInt(n)), title: "Standard", discountAllocations: [] }],
    ...spec.overrides,
  };
}

/** The customer of the webhook fixtures' orders (tests/fixtures/shopify), by Shopify's id. */
export const FIXTURE_ORDER_CUSTOMER = "207119551123456783";

/** Five customers, three products, six orders (one guest, one refunded, one in CHF). */
export function smallShopDataset(): FakeDataset {
  return {
    customers: [1, 2, 3, 4, 5].map((n) => customerNode(n)),
    products: [1, 2, 3].map((n) => productNode(n)),
    orders: [
      orderNode({ n: 1 }),
      orderNode({ n: 2, refund: true }),
      orderNode({ n: 3, customer: 1 }),
      orderNode({ n: 4, customer: null, email: "Guest.Buyer@Example.net" }),
      orderNode({ n: 5, presentment: { currency: "CHF", total: "63.10" } }),
      orderNode({ n: 6, customer: 5 }),
    ],
  };
}

/** The small shop, and the fixtures' order customer among its customers: writes to them reach someone. */
export function smallShopWithFixtureCustomer(): FakeDataset {
  const dataset = smallShopDataset();
  dataset.customers.push(customerNode(9, { id: gid("Customer", FIXTURE_ORDER_CUSTOMER) }));
  return dataset;
}
