// The neutral language between commerce platforms and the CRM core. Platform adapters
// (app/platforms/*) turn webhook and import payloads into these events; the core never sees a
// platform's own payload shapes.

export type PlatformName = "SHOPIFY" | "WOOCOMMERCE";

/** Platform ids are opaque decimal strings (64-bit safe), never numbers. */
export type PlatformId = string;

export type MarketingConsentState =
  | "SUBSCRIBED"
  | "NOT_SUBSCRIBED"
  | "UNSUBSCRIBED"
  | "PENDING"
  | "REDACTED"
  | "UNKNOWN";

/**
 * A customer's default address: the place a merchant needs to recognise and find them, and the
 * street lines the referral fraud check compares households by.
 */
export interface CustomerAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  zip: string | null;
  /** ISO 3166-2 subdivision code without the country ("BY"), where the platform states one. */
  provinceCode: string | null;
  /** ISO 3166-1 alpha-2 ("DE"). */
  countryCode: string | null;
}

/** Where an order was billed to, as far as the CRM keeps it: the place, no street. */
export interface OrderPlace {
  city: string | null;
  /** ISO 3166-1 alpha-2 ("DE"). */
  countryCode: string | null;
}

/**
 * Where an order went. The street lines and postal code are kept for the referral fraud check's
 * household signal (~/core/referrals/address-identity), which compares where parcels go.
 */
export interface OrderAddress extends OrderPlace {
  address1: string | null;
  address2: string | null;
  zip: string | null;
}

export interface CustomerSnapshot {
  platformId: PlatformId;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /**
   * Undefined when the source does not say: Shopify's customer webhooks stopped carrying consent
   * and tags in API 2025-01 (they have topics of their own). The stored values are then kept.
   */
  emailMarketingConsent: MarketingConsentState | undefined;
  consentUpdatedAt: Date | null | undefined;
  tags: string[] | undefined;
  locale: string | null;
  /**
   * The default address. Undefined when the source does not say (the stored one is kept); null
   * when the customer has none.
   */
  address: CustomerAddress | null | undefined;
  createdAt: Date;
  updatedAt: Date;
}

/** Who placed an order, as far as the order itself tells. `platformId` is null for guests. */
export interface OrderBuyer {
  platformId: PlatformId | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

export interface LineItemSnapshot {
  platformId: PlatformId;
  productPlatformId: PlatformId | null;
  variantPlatformId: PlatformId | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Shop currency, minor units, before discounts. */
  unitPriceMinor: bigint;
  totalDiscountMinor: bigint;
  totalTaxMinor: bigint;
  /** The product whose cross-sell block added the line (core/recommendations/line-property.ts); null otherwise. */
  recommendedFrom: string | null;
}

export interface DiscountCodeUse {
  code: string;
  /** Platform's discount kind, e.g. "percentage", "fixed_amount", "shipping". */
  kind: string;
  amountMinor: bigint;
}

export interface RefundLineSnapshot {
  platformId: PlatformId;
  lineItemPlatformId: PlatformId;
  quantity: number;
  subtotalMinor: bigint;
  totalTaxMinor: bigint;
  restockType: string | null;
}

export interface RefundSnapshot {
  platformId: PlatformId;
  orderPlatformId: PlatformId;
  note: string | null;
  /** Money actually returned to the buyer (successful refund transactions), shop currency. */
  amountMinor: bigint;
  currency: string;
  processedAt: Date;
  lineItems: RefundLineSnapshot[];
}

export interface OrderSnapshot {
  platformId: PlatformId;
  name: string | null;
  orderNumber: number | null;
  email: string | null;
  buyer: OrderBuyer | null;
  /** Shop currency: every *Minor amount of the order is in it. */
  currency: string;
  subtotalMinor: bigint;
  totalDiscountsMinor: bigint;
  totalShippingMinor: bigint;
  totalTaxMinor: bigint;
  totalMinor: bigint;
  presentmentCurrency: string;
  presentmentTotalMinor: bigint;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  test: boolean;
  tags: string[];
  sourceName: string | null;
  landingSite: string | null;
  referringSite: string | null;
  /** Null when the order has no such address (no shipping for digital goods, POS sales). */
  shippingAddress: OrderAddress | null;
  billingAddress: OrderPlace | null;
  processedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lineItems: LineItemSnapshot[];
  discountCodes: DiscountCodeUse[];
  refunds: RefundSnapshot[];
}

export interface VariantSnapshot {
  platformId: PlatformId;
  title: string;
  sku: string | null;
  /** Shop currency, minor units. */
  priceMinor: bigint;
  inventoryQuantity: number | null;
  available: boolean;
}

export interface ProductSnapshot {
  platformId: PlatformId;
  title: string;
  handle: string | null;
  status: string | null;
  vendor: string | null;
  productType: string | null;
  imageUrl: string | null;
  tags: string[];
  /** Undefined when the source does not say (webhooks): the stored membership is kept. */
  collectionIds: PlatformId[] | undefined;
  createdAt: Date | null;
  updatedAt: Date;
  variants: VariantSnapshot[];
}

export interface PrivacySubject {
  customerPlatformId: PlatformId | null;
  email: string | null;
  phone: string | null;
  orderPlatformIds: PlatformId[];
}

export type CommerceEvent =
  | { type: "customer.upserted"; customer: CustomerSnapshot }
  | { type: "customer.deleted"; platformId: PlatformId; occurredAt: Date }
  | { type: "order.upserted"; order: OrderSnapshot }
  | { type: "refund.created"; refund: RefundSnapshot }
  | { type: "product.upserted"; product: ProductSnapshot }
  | { type: "product.deleted"; platformId: PlatformId; occurredAt: Date }
  | { type: "shop.uninstalled"; occurredAt: Date }
  | { type: "shop.scopes_updated"; scopes: string[]; occurredAt: Date }
  // requestedAt: when the platform says the request was made; the 30 days to answer run from it.
  | { type: "privacy.customer_data_requested"; subject: PrivacySubject; requestRef: string | null; requestedAt: Date | null }
  | { type: "privacy.customer_redact_requested"; subject: PrivacySubject; requestedAt: Date | null }
  | { type: "privacy.shop_redact_requested" };

export type CommerceEventType = CommerceEvent["type"];
