// The planned history before it becomes payloads: who exists, what was bought when, what was
// paid, cancelled and refunded. Payload rendering reads this and nothing else, so every
// delivery of the same order is cut from one consistent set of numbers.

import type { CatalogProduct, CatalogVariant, TasteProfile } from "./catalog";
import type { Person } from "./people";
import type { PrivacyRequestPlan, PrivacyTopic } from "./privacy-requests";

export type DemoTopic =
  | "products/create"
  | "customers/create"
  | "customers/update"
  | "orders/create"
  | "orders/paid"
  | "orders/updated"
  | "orders/cancelled"
  | "refunds/create"
  | PrivacyTopic;

export type Segment = "loyal" | "regular" | "occasional" | "one-time" | "browser";

export type ConsentState = "subscribed" | "not_subscribed" | "unsubscribed" | "pending";

export interface ConsentRecord {
  /** When this state took effect (ms). */
  at: number;
  state: ConsentState;
  optInLevel: "single_opt_in" | "confirmed_opt_in" | "unknown" | null;
  consentUpdatedAt: number | null;
}

export interface CustomerPlan {
  index: number;
  /** Guests check out without an account: no customer record, no customer webhooks. */
  guest: boolean;
  /** Null for guests: they never get a customer record, only orders with their email. */
  id: string | null;
  addressId: string | null;
  person: Person;
  segment: Segment;
  taste: TasteProfile;
  favourites: CatalogProduct[];
  /** Preference for larger pack sizes (0 = smallest, 1 = largest). */
  sizeBias: number;
  signupAt: number | null;
  /** The payment method this buyer usually picks. */
  usualGateway: string;
  /** Swiss buyers who see prices in CHF at checkout. */
  paysInChf: boolean;
  /** Ordered by time; the first entry is the state at signup. Registered customers only. */
  consent: ConsentRecord[];
  tags: string[];
  orderTimes: number[];
  /** Orders in time order, filled while planning orders. */
  orders: OrderPlan[];
}

/** A pair of amounts in minor units: shop currency (EUR) and presentment currency. */
export interface Amount {
  shop: number;
  presentment: number;
}

export interface TaxLinePlan {
  title: string;
  rate: number;
  amount: Amount;
}

export interface LinePlan {
  id: string;
  product: CatalogProduct;
  variant: CatalogVariant;
  quantity: number;
  unitPrice: Amount;
  /** Code discount allocated to this line (all units). */
  discount: Amount;
  /** Tax on the discounted line (all units); zero-rated lines carry no tax line. */
  tax: Amount;
  taxRate: number;
  taxTitle: string;
  /** The product whose cross-sell block put the line in the cart (./cross-sell-plan.ts). */
  recommendedFrom?: CatalogProduct;
}

export interface DiscountPlan {
  code: string;
  type: "percentage" | "fixed_amount";
  /** Percent for percentage codes, major units of shop currency for fixed ones. */
  value: number;
  amount: Amount;
}

export interface ShippingPlan {
  id: string;
  title: string;
  code: string;
  price: Amount;
  tax: Amount;
  taxRate: number;
  taxTitle: string;
}

export interface OrderTotals {
  lineItems: Amount;
  discounts: Amount;
  /** Shopify's subtotal_price: line items after discounts, before shipping and tax. */
  subtotal: Amount;
  shipping: Amount;
  tax: Amount;
  total: Amount;
}

export interface RefundLinePlan {
  id: string;
  line: LinePlan;
  quantity: number;
  /** Refunded line amount after its share of discounts. */
  subtotal: Amount;
  tax: Amount;
  /** Share of the line's discount that leaves the order with these units. */
  discount: Amount;
  restockType: "no_restock" | "cancel" | "return";
}

export interface RefundPlan {
  id: string;
  at: number;
  kind: "cancel" | "return" | "damage";
  note: string | null;
  lines: RefundLinePlan[];
  shipping: { adjustmentId: string; amount: Amount; tax: Amount } | null;
  transactionId: string;
  /** What goes back to the buyer: line subtotals + line tax + shipping with its tax. */
  amount: Amount;
}

export interface OrderPlan {
  id: string;
  number: number;
  customer: CustomerPlan;
  /** Zero-based position in the customer's own order history. */
  customerOrderIndex: number;
  createdAt: number;
  presentmentCurrency: "EUR" | "CHF";
  lines: LinePlan[];
  discount: DiscountPlan | null;
  shipping: ShippingPlan;
  totals: OrderTotals;
  gateway: string;
  manualPayment: boolean;
  /** The captured payment that refunds point back to; null while unpaid. */
  saleTransactionId: string | null;
  paidAt: number | null;
  fulfilledAt: number | null;
  fulfillmentId: string | null;
  trackingNumber: string | null;
  cancel: { at: number; reason: "customer" | "inventory" | "fraud" | "declined" | "other" } | null;
  refunds: RefundPlan[];
  token: string;
  checkoutToken: string;
  cartToken: string | null;
  confirmationNumber: string;
  browserIp: string;
  landingSite: string | null;
  referringSite: string | null;
  sourceName: "web" | "shopify_draft_order";
  note: string | null;
  buyerAcceptsMarketing: boolean;
  tags: string[];
}

export type PlannedEvent =
  | { at: number; seq: number; topic: "products/create"; product: CatalogProduct }
  | { at: number; seq: number; topic: "customers/create" | "customers/update"; customer: CustomerPlan }
  | { at: number; seq: number; topic: "orders/create" | "orders/paid" | "orders/updated" | "orders/cancelled"; order: OrderPlan }
  | { at: number; seq: number; topic: "refunds/create"; order: OrderPlan; refund: RefundPlan }
  | { at: number; seq: number; topic: PrivacyTopic; request: PrivacyRequestPlan };

export interface HistoryPlan {
  seed: number;
  start: number;
  end: number;
  customers: CustomerPlan[];
  orders: OrderPlan[];
  productCreatedAt: ReadonlyMap<string, number>;
  events: PlannedEvent[];
}
