import { randomUUID } from "node:crypto";
import type { Db } from "~/db/prisma.server";
import { postDemoDelivery } from "../demo-delivery.server";
import { priceCheckout, type PricedCheckout, type PricingRefusal } from "./checkout-pricing";
import { storefrontOrderPayload, type StorefrontOrder, type StorefrontShipTo } from "./order-payload";
import { lineKey, type Cart, type LineProperties } from "./session";
import { lookUpCode, returnDiscountCodeUse, countDiscountCodeUse, type CodeRefusal } from "./discount-codes.server";
import { variantsForCart, type StoreCustomer, type VariantForCart } from "./storefront-data.server";

// The demo storefront's checkout, playing Shopify's part: prices the cart with its code (one of the
// platform's codes, discount-codes.server.ts), and on "place order" counts the code's use and sends
// the app the orders/create webhook Shopify would send, signed, through the app's real endpoint. The order is paid at once, so it earns points and uses the reward's code
// when the app processes it (there is no separate orders/paid: a paid orders/create is enough).

export interface CheckoutShop {
  id: string;
  domain: string;
  currency: string;
}

export interface CheckoutLine extends VariantForCart {
  quantity: number;
  /** The cart line's key (session.ts lineKey): the same variant may be on several lines. */
  key: string;
  properties?: LineProperties;
}

export type CheckoutRefusal = CodeRefusal | PricingRefusal;

export interface CheckoutView {
  lines: CheckoutLine[];
  /** Priced without the code when the code is refused. */
  priced: PricedCheckout;
  refusal: CheckoutRefusal | null;
  minimumSubtotalMinor: number | null;
  /** The platform id of the code applied; null: none. */
  codePlatformId: string | null;
}

/** The cart's lines as they are now in the shop, priced, with the code applied or refused. */
export async function viewCheckout(db: Db, shop: CheckoutShop, cart: Cart, customer: StoreCustomer | null, now: Date): Promise<CheckoutView> {
  const variants = await variantsForCart(db, shop.id, cart.lines.map((line) => line.variantId));
  const lines = cart.lines.flatMap((line) => {
    const variant = variants.get(line.variantId);
    return variant ? [{ ...variant, quantity: line.quantity, key: lineKey(line), ...(line.properties ? { properties: line.properties } : {}) }] : [];
  });
  const withoutCode = priceCheckout(lines, null);
  if (!withoutCode.ok) throw new Error("A checkout without a code cannot be refused");
  const none = { lines, priced: withoutCode.checkout, refusal: null, minimumSubtotalMinor: null, codePlatformId: null };
  if (!cart.code) return none;
  const lookup = await lookUpCode(db, shop.id, cart.code, customer?.platformId ?? null, now);
  if (!lookup.ok) return { ...none, refusal: lookup.reason };
  const withCode = priceCheckout(lines, lookup.discount);
  if (!withCode.ok) return { ...none, refusal: withCode.reason, minimumSubtotalMinor: lookup.discount.minimumSubtotalMinor };
  return { ...none, priced: withCode.checkout, codePlatformId: lookup.platformId };
}

let lastId = 0;
/** A fresh numeric platform id (Shopify's are 64-bit integers): microseconds, strictly increasing. */
function nextPlatformId(now: number): string {
  lastId = Math.max(lastId + 1, now * 1000);
  return String(lastId);
}

export interface PlaceOrderInput {
  shop: CheckoutShop;
  view: CheckoutView;
  customer: StoreCustomer | null;
  locale: string;
  /** Where the app's webhook endpoints are (this very server). */
  appUrl: string;
  secret: string;
  /** When the order is placed (the demo's history places past orders); now if absent. */
  at?: Date;
  /** Where the parcel goes; absent: the order has no address. */
  shipTo?: StorefrontShipTo | null;
}

export type PlacedOrder = { placed: true; orderId: string; order: StorefrontOrder } | { placed: false; refusal: "used" };

/**
 * Counts the code's use and sends the order to the app; resolves with its platform id once the app
 * has acknowledged it. Refused when the code was used up since the checkout was viewed (another
 * checkout took its last use).
 */
export async function placeOrder(db: Db, input: PlaceOrderInput): Promise<PlacedOrder> {
  const { shop, view } = input;
  if (view.codePlatformId && !(await countDiscountCodeUse(db, shop.id, view.codePlatformId))) return { placed: false, refusal: "used" };
  try {
    const order = await sendOrder(db, input);
    return { placed: true, orderId: order.orderId, order };
  } catch (error) {
    if (view.codePlatformId) await returnDiscountCodeUse(db, shop.id, view.codePlatformId);
    throw error;
  }
}

async function sendOrder(db: Db, input: PlaceOrderInput): Promise<StorefrontOrder> {
  const { shop, view, customer } = input;
  const now = Date.now();
  const placedAt = input.at?.getTime() ?? now;
  const last = await db.order.aggregate({ where: { shopId: shop.id }, _max: { orderNumber: true } });
  const orderId = nextPlatformId(now);
  const order: StorefrontOrder = {
    orderId,
    number: Math.max(1000, last._max.orderNumber ?? 1000) + 1,
    shippingLineId: nextPlatformId(now),
    createdAt: placedAt,
    currency: shop.currency,
    locale: input.locale,
    customer: customer && { platformId: customer.platformId, email: customer.email || null, firstName: customer.first_name || null, lastName: customer.last_name || null },
    lines: view.lines.map((line) => ({ ...line, lineId: nextPlatformId(now) })),
    priced: view.priced,
    shipTo: input.shipTo ?? null,
  };
  await postDemoDelivery(input.appUrl, shop.domain, input.secret, {
    topic: "orders/create",
    eventId: randomUUID(),
    triggeredAt: new Date(placedAt).toISOString(),
    body: storefrontOrderPayload(order),
    key: orderId,
  });
  return order;
}

export interface CancelOrderInput {
  shop: CheckoutShop;
  /** The order as placeOrder sent it. */
  order: StorefrontOrder;
  appUrl: string;
  secret: string;
  at: Date;
}

/** Cancels a placed order as a merchant does in Shopify's admin: the app gets orders/cancelled. */
export async function cancelOrder(input: CancelOrderInput): Promise<void> {
  const at = input.at.getTime();
  await postDemoDelivery(input.appUrl, input.shop.domain, input.secret, {
    topic: "orders/cancelled",
    eventId: randomUUID(),
    triggeredAt: input.at.toISOString(),
    body: storefrontOrderPayload({ ...input.order, cancelled: { at, reason: "customer" } }),
    key: input.order.orderId,
  });
}
