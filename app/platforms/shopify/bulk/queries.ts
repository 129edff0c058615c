// The Admin GraphQL selections the full import (Bulk Operations) and the reconciliation (paginated
// queries) share, so both feed the same mappers.
//
// Bulk query rules that shape these (shopify.dev, bulk operations guide and bulkOperationRunQuery):
// at most five connections, nested at most two levels deep, a nested connection's parent selects
// `id`, and connections are not allowed inside list fields. That is why refunds (a list on Order)
// carry no refundLineItems here: those are fetched per batch with `nodes(ids:)` instead
// (refund-details.server.ts). Children are recognised by `__typename` in the JSONL.

export type ImportPhase = "customers" | "products" | "orders";
export const IMPORT_PHASES: readonly ImportPhase[] = ["customers", "products", "orders"];

const MONEY = "amount currencyCode";
const MONEY_BAG = `shopMoney { ${MONEY} } presentmentMoney { ${MONEY} }`;
const SHOP_MONEY = `shopMoney { ${MONEY} }`;

export const CUSTOMER_FIELDS = `
  id firstName lastName locale tags createdAt updatedAt
  defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
  defaultPhoneNumber { phoneNumber }
  defaultAddress { address1 address2 city zip provinceCode countryCodeV2 }`;

export const PRODUCT_FIELDS = `
  id title handle status vendor productType tags createdAt updatedAt
  featuredMedia { preview { image { url } } }`;

export const VARIANT_FIELDS = `
  __typename id title sku price inventoryQuantity inventoryPolicy inventoryItem { tracked }`;

export const COLLECTION_FIELDS = `__typename id`;

export const ORDER_FIELDS = `
  id name email phone createdAt updatedAt processedAt cancelledAt cancelReason test tags sourceName
  displayFinancialStatus displayFulfillmentStatus currencyCode presentmentCurrencyCode
  subtotalPriceSet { ${MONEY_BAG} }
  totalDiscountsSet { ${MONEY_BAG} }
  totalShippingPriceSet { ${MONEY_BAG} }
  totalTaxSet { ${MONEY_BAG} }
  totalPriceSet { ${MONEY_BAG} }
  customer { id firstName lastName defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
  billingAddress { firstName lastName phone city countryCodeV2 }
  shippingAddress { address1 address2 city zip countryCodeV2 }
  customerJourneySummary { firstVisit { landingPage referrerUrl } }
  refunds { id createdAt processedAt note totalRefundedSet { ${MONEY_BAG} } }`;

const DISCOUNT_ALLOCATIONS = `
  discountAllocations {
    allocatedAmountSet { ${SHOP_MONEY} }
    discountApplication { __typename ... on DiscountCodeApplication { code } }
  }`;

export const LINE_ITEM_FIELDS = `
  __typename id title variantTitle sku quantity
  product { id } variant { id }
  customAttributes { key value }
  originalUnitPriceSet { ${SHOP_MONEY} }
  totalDiscountSet { ${SHOP_MONEY} }
  ${DISCOUNT_ALLOCATIONS}
  taxLines { priceSet { ${SHOP_MONEY} } }`;

export const DISCOUNT_APPLICATION_FIELDS = `
  __typename allocationMethod targetType
  value { __typename ... on MoneyV2 { ${MONEY} } ... on PricingPercentageValue { percentage } }
  ... on DiscountCodeApplication { code }`;

export const SHIPPING_LINE_FIELDS = `__typename id title ${DISCOUNT_ALLOCATIONS}`;

export const REFUND_LINE_ITEM_FIELDS = `
  id quantity restockType lineItem { id }
  subtotalSet { ${SHOP_MONEY} }
  totalTaxSet { ${SHOP_MONEY} }`;

const edges = (field: string, selection: string) => `${field} { edges { node { ${selection} } } }`;

/** The bulk query of each phase: every record of the shop, children as their own JSONL lines. */
export const BULK_QUERIES: Readonly<Record<ImportPhase, string>> = {
  customers: `{ ${edges("customers", CUSTOMER_FIELDS)} }`,
  products: `{ ${edges(
    "products",
    `${PRODUCT_FIELDS} ${edges("variants", VARIANT_FIELDS)} ${edges("collections", COLLECTION_FIELDS)}`,
  )} }`,
  orders: `{ ${edges(
    "orders",
    `${ORDER_FIELDS} ${edges("lineItems", LINE_ITEM_FIELDS)} ${edges("discountApplications", DISCOUNT_APPLICATION_FIELDS)} ${edges("shippingLines", SHIPPING_LINE_FIELDS)}`,
  )} }`,
};

/** Which array of the assembled parent a JSONL child line belongs to, by its `__typename`. */
export const CHILD_FIELDS: Readonly<Record<ImportPhase, Readonly<Record<string, string>>>> = {
  customers: {},
  products: { ProductVariant: "variants", Collection: "collections" },
  orders: {
    LineItem: "lineItems",
    ShippingLine: "shippingLines",
    DiscountCodeApplication: "discountApplications",
    AutomaticDiscountApplication: "discountApplications",
    ManualDiscountApplication: "discountApplications",
    ScriptDiscountApplication: "discountApplications",
  },
};

export const BULK_OPERATION_FIELDS = `
  id status errorCode objectCount rootObjectCount fileSize url partialDataUrl query createdAt completedAt`;

export const BULK_RUN_QUERY = `#graphql
  mutation StartBulkImport($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation { ${BULK_OPERATION_FIELDS} }
      userErrors { field message code }
    }
  }`;

export const BULK_OPERATION_BY_ID = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) { ... on BulkOperation { ${BULK_OPERATION_FIELDS} } }
  }`;

export const CURRENT_BULK_OPERATION = `#graphql
  query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) { ${BULK_OPERATION_FIELDS} }
  }`;

// Page sizes keep each query's calculated cost well under the 1,000-point ceiling of one query;
// nested connections that have more are completed with node(id:) queries.
export const RECONCILE_PAGE_SIZE: Readonly<Record<ImportPhase, number>> = { customers: 100, products: 5, orders: 4 };
export const NESTED_PAGE_SIZE = { lineItems: 25, discountApplications: 10, shippingLines: 5, variants: 50, collections: 20 } as const;

const PAGE_INFO = "pageInfo { hasNextPage endCursor }";
const page = (field: string, first: number, selection: string) =>
  `${field}(first: ${first}) { ${PAGE_INFO} nodes { ${selection} } }`;

export const RECONCILE_QUERIES: Readonly<Record<ImportPhase, string>> = {
  customers: `#graphql
    query ReconcileCustomers($query: String!, $after: String) {
      customers(first: ${RECONCILE_PAGE_SIZE.customers}, after: $after, query: $query, sortKey: UPDATED_AT) {
        ${PAGE_INFO} nodes { ${CUSTOMER_FIELDS} }
      }
    }`,
  products: `#graphql
    query ReconcileProducts($query: String!, $after: String) {
      products(first: ${RECONCILE_PAGE_SIZE.products}, after: $after, query: $query, sortKey: UPDATED_AT) {
        ${PAGE_INFO}
        nodes {
          ${PRODUCT_FIELDS}
          ${page("variants", NESTED_PAGE_SIZE.variants, VARIANT_FIELDS)}
          ${page("collections", NESTED_PAGE_SIZE.collections, COLLECTION_FIELDS)}
        }
      }
    }`,
  orders: `#graphql
    query ReconcileOrders($query: String!, $after: String) {
      orders(first: ${RECONCILE_PAGE_SIZE.orders}, after: $after, query: $query, sortKey: UPDATED_AT) {
        ${PAGE_INFO}
        nodes {
          ${ORDER_FIELDS}
          ${page("lineItems", NESTED_PAGE_SIZE.lineItems, LINE_ITEM_FIELDS)}
          ${page("discountApplications", NESTED_PAGE_SIZE.discountApplications, DISCOUNT_APPLICATION_FIELDS)}
          ${page("shippingLines", NESTED_PAGE_SIZE.shippingLines, SHIPPING_LINE_FIELDS)}
        }
      }
    }`,
};

/** The rest of one nested connection of one record, after the first page came inline. */
export function nestedPageQuery(parentType: "Order" | "Product", field: keyof typeof NESTED_PAGE_SIZE): string {
  const selection: Record<keyof typeof NESTED_PAGE_SIZE, string> = {
    lineItems: LINE_ITEM_FIELDS,
    discountApplications: DISCOUNT_APPLICATION_FIELDS,
    shippingLines: SHIPPING_LINE_FIELDS,
    variants: VARIANT_FIELDS,
    collections: COLLECTION_FIELDS,
  };
  return `#graphql
    query NestedPage($id: ID!, $after: String) {
      node(id: $id) {
        ... on ${parentType} {
          ${field}(first: 100, after: $after) { ${PAGE_INFO} nodes { ${selection[field]} } }
        }
      }
    }`;
}

// Ten refunds with fifty lines each stay near 500 points.
export const REFUND_DETAILS_CHUNK = 10;
export const REFUND_DETAILS_QUERY = `#graphql
  query RefundDetails($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Refund { id refundLineItems(first: 50) { ${PAGE_INFO} nodes { ${REFUND_LINE_ITEM_FIELDS} } } }
    }
  }`;
export const REFUND_LINES_PAGE_QUERY = `#graphql
  query RefundLinesPage($id: ID!, $after: String) {
    node(id: $id) {
      ... on Refund { refundLineItems(first: 100, after: $after) { ${PAGE_INFO} nodes { ${REFUND_LINE_ITEM_FIELDS} } } }
    }
  }`;

/** Shopify search syntax for "changed since": records updated at or after `since`. */
export function updatedSinceFilter(since: Date): string {
  return `updated_at:>='${since.toISOString()}'`;
}
