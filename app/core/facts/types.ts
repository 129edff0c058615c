import type { MarketingConsentState, PlatformId } from "~/core/platform";

// Business facts: what a sync transaction changed, in the words a program (loyalty, analytics,
// win-back, recommendations) reacts to. They are written to the outbox in the transaction that
// made the change (see ./outbox.ts) and reach subscribers at least once, in commit order.
//
// A fact carries what a subscriber needs without re-reading history: ids (ours and the
// platform's), the customer it concerns, the currency, amounts in integer minor units as decimal
// strings, line items, and before/after where it matters. It carries no personal data: no names,
// e-mail addresses, phone numbers, addresses, notes, tags or discount codes (a code can be a
// name). The platform id of a customer is erased from its facts when the customer is redacted.

/** Integer minor units of the fact's currency, as a decimal string (JSON has no 64-bit integers). */
export type Minor = string;

export const FACT_KINDS = [
  "order.placed",
  "order.paid",
  "order.cancelled",
  "refund.applied",
  "customer.created",
  "customer.updated",
  "customer.redacted",
  "product.changed",
] as const;

export type FactKind = (typeof FACT_KINDS)[number];

/** Our id and the platform's; platformId is null for a guest and after a redaction. */
export interface CustomerRef {
  id: string;
  platformId: PlatformId | null;
}

export interface RecordRef {
  id: string;
  platformId: PlatformId;
}

export interface FactLine {
  /** The platform's line item id. */
  lineId: PlatformId;
  productId: PlatformId | null;
  variantId: PlatformId | null;
  quantity: number;
  /** Unit price × quantity less the line's discounts. */
  amountMinor: Minor;
}

export interface OrderAmounts {
  /** Merchandise after discounts, before shipping (as the platform states it). */
  subtotalMinor: Minor;
  discountsMinor: Minor;
  shippingMinor: Minor;
  taxMinor: Minor;
  totalMinor: Minor;
  /** Money returned by the refunds counted in this state. */
  refundedMinor: Minor;
  /** See ./eligible-amount.ts. */
  eligibleMinor: Minor;
}

export interface OrderState {
  order: RecordRef;
  customer: CustomerRef | null;
  currency: string;
  /** The platform's financial status, lower case (paid, pending, partially_refunded, ...). */
  financialStatus: string | null;
  paid: boolean;
  cancelled: boolean;
  test: boolean;
  amounts: OrderAmounts;
  lines: FactLine[];
}

export interface RefundFactLine {
  lineId: PlatformId;
  productId: PlatformId | null;
  variantId: PlatformId | null;
  quantity: number;
  subtotalMinor: Minor;
  taxMinor: Minor;
}

export interface FactData {
  /**
   * An order new to the store. Live, its amounts are the order's as placed (refunds that came with
   * it follow as refund.applied, a cancellation as order.cancelled). Imported (history), it is the
   * only fact of the order and states where the order stands now: paid, cancelled, refunded.
   */
  "order.placed": OrderState & { placedAt: string };
  /** The order became paid (it was not before). */
  "order.paid": OrderState;
  "order.cancelled": {
    order: RecordRef;
    customer: CustomerRef | null;
    currency: string;
    reason: string | null;
    eligibleBeforeMinor: Minor;
    eligibleAfterMinor: Minor;
  };
  "refund.applied": {
    refund: RecordRef;
    order: RecordRef;
    customer: CustomerRef | null;
    currency: string;
    /** Money returned to the buyer. */
    amountMinor: Minor;
    lines: RefundFactLine[];
    eligibleBeforeMinor: Minor;
    eligibleAfterMinor: Minor;
  };
  "customer.created": {
    customer: CustomerRef;
    /** The account took over a guest known from orders with its e-mail address. */
    fromGuest: boolean;
    emailMarketingConsent: MarketingConsentState;
  };
  "customer.updated": {
    customer: CustomerRef;
    /** Names of the fields that changed (values are not part of the fact). */
    changed: CustomerField[];
    /** Present when the marketing consent changed. */
    emailMarketingConsent?: { before: MarketingConsentState; after: MarketingConsentState };
  };
  "customer.redacted": { customer: CustomerRef };
  "product.changed": {
    product: RecordRef;
    created: boolean;
    deleted: boolean;
    status: string | null;
    variants: Array<{ variantId: PlatformId; priceMinor: Minor; available: boolean }>;
  };
}

export type CustomerField =
  | "email"
  | "firstName"
  | "lastName"
  | "phone"
  | "locale"
  | "tags"
  | "emailMarketingConsent"
  | "deletedAt";

/** A fact as the rules make it and the outbox records it. */
export type DomainFact = {
  [K in FactKind]: {
    kind: K;
    /** When it happened at the source. */
    occurredAt: Date;
    /** Our id of the customer it concerns, if any. */
    customerId: string | null;
    data: FactData[K];
  };
}[FactKind];

export type FactOf<K extends FactKind> = Extract<DomainFact, { kind: K }>;

/** Money as a fact states it. */
export function minor(amount: bigint): Minor {
  return amount.toString();
}
