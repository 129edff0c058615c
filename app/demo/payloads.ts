// Renders planned entities as Shopify REST webhook bodies (products/create, customers/*,
// orders/*, refunds/create), as of the state at the delivery's instant.
//
// Ids are 64-bit integers that Shopify writes as bare JSON numbers. They are carried through
// JSON.stringify as marked strings and unquoted afterwards, which is exact and much faster than
// a lossless serializer over ~30k large bodies.

import { RECOMMENDATION_PROPERTY } from "~/core/recommendations/line-property";
import type { CatalogProduct, CatalogVariant } from "./catalog";
import { formatMinor } from "./catalog";
import type { Amount, CustomerPlan, LinePlan, OrderPlan, RefundPlan } from "./model";
import { giftRecipient, type Person } from "./people";
import { consentAt } from "./plan";
import { hashString, Random } from "./random";
import { formatShopTime } from "./shop-time";

export const SHOP_CURRENCY = "EUR";

/** Online Store sales channel and Draft Orders, the app ids Shopify stamps on such orders. */
const ONLINE_STORE_APP_ID = 580111;
const DRAFT_ORDERS_APP_ID = 1354745;
const LOCATION_ID = "920000000000000017";

const ID_MARK = "\u0001#";
const MARKED_ID = /"\\u0001#(\d+)"/g;

/** An id to be written as a bare JSON number (by toShopifyJson). */
export function id(value: string): string {
  return ID_MARK + value;
}

export function toShopifyJson(value: unknown): string {
  return JSON.stringify(value).replace(MARKED_ID, "$1");
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function money(minor: number, currency: string): Json {
  return { amount: formatMinor(minor), currency_code: currency };
}

function moneySet(amount: Amount, presentmentCurrency: string): Json {
  return { shop_money: money(amount.shop, SHOP_CURRENCY), presentment_money: money(amount.presentment, presentmentCurrency) };
}

const ZERO: Amount = { shop: 0, presentment: 0 };

function gid(kind: string, value: string): string {
  return `gid://shopify/${kind}/${value}`;
}

// ---- products -------------------------------------------------------------------------------

function variantPayload(product: CatalogProduct, variant: CatalogVariant, at: string): Json {
  return {
    admin_graphql_api_id: gid("ProductVariant", variant.id),
    barcode: null,
    compare_at_price: variant.compareAtPrice,
    created_at: at,
    fulfillment_service: "manual",
    grams: variant.grams,
    id: id(variant.id),
    image_id: null,
    inventory_item_id: id(variant.inventoryItemId),
    inventory_management: "shopify",
    inventory_policy: variant.inventoryPolicy,
    inventory_quantity: variant.inventoryQuantity,
    old_inventory_quantity: variant.inventoryQuantity,
    option1: variant.option1,
    option2: null,
    option3: null,
    position: variant.position,
    price: variant.price,
    product_id: id(product.id),
    requires_shipping: true,
    sku: variant.sku,
    taxable: true,
    title: variant.title,
    updated_at: at,
    weight: variant.grams / 1000,
    weight_unit: "kg",
  };
}

export function productPayload(product: CatalogProduct, createdAt: number): string {
  const at = formatShopTime(createdAt);
  return toShopifyJson({
    admin_graphql_api_id: gid("Product", product.id),
    body_html: product.bodyHtml,
    created_at: at,
    handle: product.handle,
    id: id(product.id),
    product_type: product.productType,
    published_at: at,
    published_scope: "global",
    status: "active",
    tags: product.tags.join(", "),
    template_suffix: null,
    title: product.title,
    updated_at: at,
    vendor: product.vendor,
    variants: product.variants.map((v) => variantPayload(product, v, at)),
    options: [
      {
        id: id(product.optionId),
        name: product.optionName ?? "Title",
        position: 1,
        product_id: id(product.id),
        values: product.variants.map((v) => v.option1 ?? "Default Title"),
      },
    ],
    images: [],
    image: null,
  });
}

// ---- customers ------------------------------------------------------------------------------

function customerAddress(customer: CustomerPlan): Json {
  const p = customer.person;
  const a = p.address;
  return {
    id: id(customer.addressId as string),
    customer_id: id(customer.id as string),
    first_name: p.firstName,
    last_name: p.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: null,
    country: a.country,
    zip: a.zip,
    phone: p.phone,
    name: `${p.firstName} ${p.lastName}`,
    province_code: null,
    country_code: a.countryCode,
    country_name: a.country,
    default: true,
  };
}

/** The customer resource as of an instant (consent and updated_at change over time). */
function customerObject(customer: CustomerPlan, at: number, withAddresses: boolean): { [key: string]: Json } {
  const consent = consentAt(customer, at) ?? customer.consent[0];
  const p = customer.person;
  const updatedAt = consent && consent.at > (customer.signupAt as number) ? consent.at : (customer.signupAt as number);
  const address = customerAddress(customer);
  const object: { [key: string]: Json } = {
    id: id(customer.id as string),
    email: p.email,
    created_at: formatShopTime(customer.signupAt as number),
    updated_at: formatShopTime(updatedAt),
    first_name: p.firstName,
    last_name: p.lastName,
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: p.phone,
    email_marketing_consent: consent
      ? {
          state: consent.state,
          opt_in_level: consent.optInLevel,
          consent_updated_at: consent.consentUpdatedAt === null ? null : formatShopTime(consent.consentUpdatedAt),
        }
      : null,
    sms_marketing_consent: p.phone
      ? { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null, consent_collected_from: "OTHER" }
      : null,
    tags: customer.tags.join(", "),
    currency: SHOP_CURRENCY,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", customer.id as string),
    default_address: address,
  };
  if (withAddresses) object.addresses = [address];
  return object;
}

export function customerPayload(customer: CustomerPlan, at: number): string {
  return toShopifyJson(customerObject(customer, at, true));
}

// ---- orders ---------------------------------------------------------------------------------

type Recipient = Pick<Person, "firstName" | "lastName" | "phone" | "address">;

/**
 * Where an order's parcel goes: the buyer, except for one web order in twelve sent to someone
 * else (a present, the office), so shipping and billing differ as they do in a real shop. Drawn
 * from a generator of the order's own, so nothing else in the history changes.
 */
function shippingRecipient(order: OrderPlan): Recipient {
  const buyer = order.customer.person;
  const rng = new Random(hashString(`ship-to:${order.id}`));
  if (order.sourceName !== "web" || !rng.chance(1 / 12)) return buyer;
  return { ...giftRecipient(rng, buyer.address.countryCode), phone: null };
}

/** An address on an order, in the parts Shopify's order payloads carry. */
export interface OrderAddressParts {
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  address1: string;
  address2: string | null;
  city: string;
  zip: string;
  /** English country name, as Shopify writes it in addresses. */
  country: string;
  countryCode: string;
  company: string | null;
}

/** An order's shipping or billing address as Shopify writes it: the street lines and zip included. */
export function orderAddressPayload(a: OrderAddressParts): Json {
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: null,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: [a.firstName, a.lastName].filter((part) => part !== null).join(" ") || null,
    country_code: a.countryCode,
    province_code: null,
  };
}

function orderAddress(p: Recipient): Json {
  return orderAddressPayload({ ...p.address, firstName: p.firstName, lastName: p.lastName, phone: p.phone });
}

interface OrderState {
  refunds: RefundPlan[];
  paid: boolean;
  fulfilled: boolean;
  cancelled: boolean;
  refundedQuantity: Map<LinePlan, number>;
  refunded: Amount;
}

function orderState(order: OrderPlan, at: number): OrderState {
  const refunds = order.refunds.filter((r) => r.at <= at);
  const refundedQuantity = new Map<LinePlan, number>();
  let refunded: Amount = ZERO;
  for (const r of refunds) {
    refunded = { shop: refunded.shop + r.amount.shop, presentment: refunded.presentment + r.amount.presentment };
    for (const l of r.lines) refundedQuantity.set(l.line, (refundedQuantity.get(l.line) ?? 0) + l.quantity);
  }
  return {
    refunds,
    paid: order.paidAt !== null && order.paidAt <= at,
    fulfilled: order.fulfilledAt !== null && order.fulfilledAt <= at,
    cancelled: order.cancel !== null && order.cancel.at <= at,
    refundedQuantity,
    refunded,
  };
}

function financialStatus(order: OrderPlan, state: OrderState): string {
  if (state.cancelled && !state.paid) return "voided";
  if (!state.paid) return "pending";
  if (state.refunded.shop >= order.totals.total.shop) return "refunded";
  if (state.refunded.shop > 0) return "partially_refunded";
  return "paid";
}

function taxLine(title: string, rate: number, amount: Amount, currency: string): Json {
  return { channel_liable: false, price: formatMinor(amount.shop), price_set: moneySet(amount, currency), rate, title };
}

function lineItemPayload(order: OrderPlan, line: LinePlan, state: OrderState | null): Json {
  const currency = order.presentmentCurrency;
  const v = line.variant;
  const removed = state ? (state.refundedQuantity.get(line) ?? 0) : 0;
  // Cancelling removes every line; unpaid cancelled orders have no refund that would say so.
  const currentQuantity = state?.cancelled ? 0 : line.quantity - removed;
  const fulfilled = state?.fulfilled ?? false;
  return {
    id: id(line.id),
    admin_graphql_api_id: gid("LineItem", line.id),
    attributed_staffs: [],
    current_quantity: currentQuantity,
    fulfillable_quantity: fulfilled || state?.cancelled ? 0 : currentQuantity,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    gift_card: false,
    grams: v.grams,
    name: v.option1 && v.option1 !== "Default Title" ? `${line.product.title} - ${v.title}` : line.product.title,
    price: formatMinor(line.unitPrice.shop),
    price_set: moneySet(line.unitPrice, currency),
    product_exists: true,
    product_id: id(line.product.id),
    properties: line.recommendedFrom ? [{ name: RECOMMENDATION_PROPERTY, value: line.recommendedFrom.id }] : [],
    quantity: line.quantity,
    requires_shipping: true,
    sku: v.sku,
    taxable: true,
    title: line.product.title,
    // Deprecated and left at zero by Shopify for code discounts: discount_allocations carry them.
    total_discount: "0.00",
    total_discount_set: moneySet(ZERO, currency),
    variant_id: id(v.id),
    variant_inventory_management: "shopify",
    variant_title: v.option1 && v.option1 !== "Default Title" ? v.title : null,
    vendor: line.product.vendor,
    tax_lines: line.taxRate > 0 ? [taxLine(line.taxTitle, line.taxRate, line.tax, currency)] : [],
    duties: [],
    discount_allocations:
      line.discount.shop > 0
        ? [{ amount: formatMinor(line.discount.shop), amount_set: moneySet(line.discount, currency), discount_application_index: 0 }]
        : [],
  };
}

function refundObject(order: OrderPlan, refund: RefundPlan): { [key: string]: Json } {
  const currency = order.presentmentCurrency;
  const at = formatShopTime(refund.at);
  const negative = (a: Amount): Amount => ({ shop: -a.shop, presentment: -a.presentment });
  return {
    id: id(refund.id),
    admin_graphql_api_id: gid("Refund", refund.id),
    created_at: at,
    note: refund.note,
    order_id: id(order.id),
    processed_at: at,
    restock: refund.lines.some((l) => l.restockType !== "no_restock"),
    total_duties_set: moneySet(ZERO, currency),
    user_id: null,
    order_adjustments: refund.shipping
      ? [
          {
            id: id(refund.shipping.adjustmentId),
            amount: formatMinor(-refund.shipping.amount.shop),
            amount_set: moneySet(negative(refund.shipping.amount), currency),
            kind: "shipping_refund",
            order_id: id(order.id),
            reason: "Shipping refund",
            refund_id: id(refund.id),
            tax_amount: formatMinor(-refund.shipping.tax.shop),
            tax_amount_set: moneySet(negative(refund.shipping.tax), currency),
          },
        ]
      : [],
    transactions: [
      {
        id: id(refund.transactionId),
        admin_graphql_api_id: gid("OrderTransaction", refund.transactionId),
        amount: formatMinor(refund.amount.presentment),
        authorization: null,
        created_at: at,
        currency,
        device_id: null,
        error_code: null,
        gateway: order.gateway,
        kind: "refund",
        location_id: null,
        message: "Rückerstattung erfolgreich",
        order_id: id(order.id),
        parent_id: order.saleTransactionId === null ? null : id(order.saleTransactionId),
        payment_id: `${order.confirmationNumber}.${order.refunds.indexOf(refund) + 2}`,
        processed_at: at,
        receipt: {},
        source_name: "1830279",
        status: "success",
        test: false,
        user_id: null,
        manual_payment_gateway: order.manualPayment,
      },
    ],
    refund_line_items: refund.lines.map((l) => ({
      id: id(l.id),
      line_item_id: id(l.line.id),
      location_id: l.restockType === "no_restock" ? null : id(LOCATION_ID),
      quantity: l.quantity,
      restock_type: l.restockType,
      // The REST refund resource writes these two as JSON numbers; their *_set twins are exact.
      subtotal: l.subtotal.shop / 100,
      subtotal_set: moneySet(l.subtotal, currency),
      total_tax: l.tax.shop / 100,
      total_tax_set: moneySet(l.tax, currency),
      line_item: lineItemPayload(order, l.line, null),
    })),
    duties: [],
    refund_shipping_lines: [],
    return: null,
  };
}

export function refundPayload(order: OrderPlan, refund: RefundPlan): string {
  return toShopifyJson(refundObject(order, refund));
}

/** The order as Shopify would send it at `at`: status, refunds and current_* figures as of then. */
export function orderPayload(order: OrderPlan, at: number, shopDomain: string): string {
  const state = orderState(order, at);
  const currency = order.presentmentCurrency;
  const t = order.totals;
  const customer = order.customer;
  const created = formatShopTime(order.createdAt);

  // current_* drop whatever left the order through refunds (or everything, once cancelled).
  let current = { subtotal: t.subtotal, discounts: t.discounts, tax: t.tax, shipping: t.shipping };
  const minus = (a: Amount, b: Amount): Amount => ({ shop: a.shop - b.shop, presentment: a.presentment - b.presentment });
  if (state.cancelled) {
    current = { subtotal: ZERO, discounts: ZERO, tax: ZERO, shipping: ZERO };
  } else {
    for (const r of state.refunds) {
      for (const l of r.lines) {
        current = {
          ...current,
          subtotal: minus(current.subtotal, l.subtotal),
          discounts: minus(current.discounts, l.discount),
          tax: minus(current.tax, l.tax),
        };
      }
      if (r.shipping) current = { ...current, shipping: minus(current.shipping, r.shipping.amount), tax: minus(current.tax, r.shipping.tax) };
    }
  }
  const currentTotal: Amount = {
    shop: current.subtotal.shop + current.shipping.shop + current.tax.shop,
    presentment: current.subtotal.presentment + current.shipping.presentment + current.tax.presentment,
  };

  // Order-level tax lines: one per title and rate, shipping tax included.
  const taxes = new Map<string, { title: string; rate: number; amount: Amount }>();
  const addTax = (title: string, rate: number, amount: Amount) => {
    if (rate <= 0) return;
    const key = `${title}|${rate}`;
    const entry = taxes.get(key) ?? { title, rate, amount: ZERO };
    entry.amount = { shop: entry.amount.shop + amount.shop, presentment: entry.amount.presentment + amount.presentment };
    taxes.set(key, entry);
  };
  for (const l of order.lines) addTax(l.taxTitle, l.taxRate, l.tax);
  if (order.shipping.price.shop > 0) addTax(order.shipping.taxTitle, order.shipping.taxRate, order.shipping.tax);

  const d = order.discount;
  const closedAt = state.cancelled ? order.cancel?.at : state.fulfilled ? order.fulfilledAt : null;
  const email = customer.person.email;

  return toShopifyJson({
    id: id(order.id),
    admin_graphql_api_id: gid("Order", order.id),
    app_id: order.sourceName === "web" ? ONLINE_STORE_APP_ID : DRAFT_ORDERS_APP_ID,
    browser_ip: order.sourceName === "web" ? order.browserIp : null,
    buyer_accepts_marketing: order.buyerAcceptsMarketing,
    cancel_reason: state.cancelled ? (order.cancel?.reason ?? null) : null,
    cancelled_at: state.cancelled && order.cancel ? formatShopTime(order.cancel.at) : null,
    cart_token: order.cartToken,
    checkout_token: order.checkoutToken,
    client_details:
      order.sourceName === "web"
        ? { accept_language: customer.person.locale === "de" ? "de-DE" : customer.person.locale, browser_height: null, browser_ip: order.browserIp, browser_width: null, session_hash: null, user_agent: null }
        : null,
    closed_at: closedAt ? formatShopTime(closedAt) : null,
    confirmation_number: order.confirmationNumber,
    confirmed: true,
    contact_email: email,
    created_at: created,
    currency: SHOP_CURRENCY,
    current_subtotal_price: formatMinor(current.subtotal.shop),
    current_subtotal_price_set: moneySet(current.subtotal, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: formatMinor(current.discounts.shop),
    current_total_discounts_set: moneySet(current.discounts, currency),
    current_total_duties_set: null,
    current_total_price: formatMinor(currentTotal.shop),
    current_total_price_set: moneySet(currentTotal, currency),
    current_total_tax: formatMinor(current.tax.shop),
    current_total_tax_set: moneySet(current.tax, currency),
    customer_locale: customer.person.locale,
    device_id: null,
    discount_codes: d ? [{ code: d.code, amount: formatMinor(d.amount.shop), type: d.type }] : [],
    duties_included: false,
    email,
    estimated_taxes: false,
    financial_status: financialStatus(order, state),
    fulfillment_status: state.fulfilled ? "fulfilled" : null,
    landing_site: order.landingSite,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: `#${1000 + order.number}`,
    note: order.note,
    note_attributes: [],
    number: order.number,
    order_number: 1000 + order.number,
    order_status_url: `https://${shopDomain}/orders/${order.token}/authenticate?key=${order.checkoutToken}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [order.gateway],
    phone: null,
    po_number: null,
    presentment_currency: currency,
    processed_at: created,
    reference: null,
    referring_site: order.referringSite,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: formatMinor(t.subtotal.shop),
    subtotal_price_set: moneySet(t.subtotal, currency),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [...taxes.values()].map((x) => taxLine(x.title, x.rate, x.amount, currency)),
    taxes_included: false,
    test: false,
    token: order.token,
    total_discounts: formatMinor(t.discounts.shop),
    total_discounts_set: moneySet(t.discounts, currency),
    total_line_items_price: formatMinor(t.lineItems.shop),
    total_line_items_price_set: moneySet(t.lineItems, currency),
    total_outstanding: state.paid || state.cancelled ? "0.00" : formatMinor(t.total.shop),
    total_price: formatMinor(t.total.shop),
    total_price_set: moneySet(t.total, currency),
    total_shipping_price_set: moneySet(t.shipping, currency),
    total_tax: formatMinor(t.tax.shop),
    total_tax_set: moneySet(t.tax, currency),
    total_tip_received: "0.00",
    total_weight: order.lines.reduce((g, l) => g + l.variant.grams * l.quantity, 0),
    updated_at: formatShopTime(at),
    user_id: null,
    billing_address: orderAddress(customer.person),
    customer: customer.guest ? null : customerObject(customer, at, false),
    discount_applications: d
      ? [
          {
            target_type: "line_item",
            type: "discount_code",
            value: d.type === "percentage" ? d.value.toFixed(1) : d.value.toFixed(2),
            value_type: d.type,
            allocation_method: "across",
            target_selection: "all",
            code: d.code,
          },
        ]
      : [],
    fulfillments:
      state.fulfilled && order.fulfillmentId && order.fulfilledAt !== null
        ? [
            {
              id: id(order.fulfillmentId),
              admin_graphql_api_id: gid("Fulfillment", order.fulfillmentId),
              created_at: formatShopTime(order.fulfilledAt),
              location_id: id(LOCATION_ID),
              name: `#${1000 + order.number}.1`,
              order_id: id(order.id),
              origin_address: {},
              receipt: {},
              service: "manual",
              shipment_status: null,
              status: "success",
              tracking_company: customer.person.address.countryCode === "AT" ? "Österreichische Post" : "DHL",
              tracking_number: order.trackingNumber,
              tracking_numbers: [order.trackingNumber],
              tracking_url: `https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${order.trackingNumber}`,
              tracking_urls: [`https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=${order.trackingNumber}`],
              updated_at: formatShopTime(order.fulfilledAt),
              line_items: order.lines.map((l) => lineItemPayload(order, l, state)),
            },
          ]
        : [],
    line_items: order.lines.map((l) => lineItemPayload(order, l, state)),
    payment_terms: null,
    refunds: state.refunds.map((r) => refundObject(order, r)),
    shipping_address: orderAddress(shippingRecipient(order)),
    shipping_lines: [
      {
        id: id(order.shipping.id),
        carrier_identifier: null,
        code: order.shipping.code,
        discounted_price: formatMinor(order.shipping.price.shop),
        discounted_price_set: moneySet(order.shipping.price, currency),
        is_removed: false,
        phone: null,
        price: formatMinor(order.shipping.price.shop),
        price_set: moneySet(order.shipping.price, currency),
        requested_fulfillment_service_id: null,
        source: "shopify",
        title: order.shipping.title,
        tax_lines:
          order.shipping.taxRate > 0 && order.shipping.price.shop > 0
            ? [taxLine(order.shipping.taxTitle, order.shipping.taxRate, order.shipping.tax, currency)]
            : [],
        discount_allocations: [],
      },
    ],
  });
}
