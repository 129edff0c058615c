import { formatMinor } from "../catalog";
import { id, orderAddressPayload, toShopifyJson } from "../payloads";
import { formatShopTime } from "../shop-time";
import type { PricedCheckout } from "./checkout-pricing";

// The orders/create body Shopify sends when the demo storefront's checkout completes: paid at
// once (the storefront takes no real payment), with the signed-in customer, the address the
// parcel goes to, the lines and the code used, in the REST shape the demo history's orders have
// (app/demo/payloads.ts). Prices include VAT, as German shops show them; the demo storefront
// reports no separate tax lines.

export interface StorefrontOrderLine {
  lineId: string;
  productId: string;
  variantId: string;
  title: string;
  /** null for a product's only ("Default Title") variant. */
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  unitMinor: number;
  /** The cart line's properties (the cross-sell block's `_crm_rec` among them); absent: none. */
  properties?: Readonly<Record<string, string>>;
}

export interface StorefrontOrderCustomer {
  platformId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** Where the parcel goes, as the checkout took it (a signed-in customer's default address). */
export interface StorefrontShipTo {
  firstName: string | null;
  lastName: string | null;
  address1: string;
  address2: string | null;
  zip: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface StorefrontOrder {
  orderId: string;
  number: number;
  shippingLineId: string;
  createdAt: number;
  currency: string;
  locale: string;
  customer: StorefrontOrderCustomer | null;
  lines: readonly StorefrontOrderLine[];
  priced: PricedCheckout;
  /**
   * Billed and shipped to (the storefront's buyer pays for their own parcel). Absent or null: the
   * checkout took no address, and the order has none, as Shopify's orders without shipping.
   */
  shipTo?: StorefrontShipTo | null;
  /**
   * Cancelled by the shop after it was paid (Shopify's orders/cancelled carries the whole order,
   * every line's current quantity gone, the payment returned). Absent or null: not cancelled.
   */
  cancelled?: { at: number; reason: "customer" | "inventory" | "fraud" | "declined" | "other" } | null;
}

const ONLINE_STORE_APP_ID = 580111;
const COUNTRY_NAMES = new Intl.DisplayNames("en", { type: "region" });

function shipToPayload(shipTo: StorefrontShipTo) {
  const country = COUNTRY_NAMES.of(shipTo.countryCode) ?? shipTo.countryCode;
  return orderAddressPayload({ ...shipTo, phone: null, company: null, country });
}

function money(minor: number, currency: string) {
  const amount = { amount: formatMinor(minor), currency_code: currency };
  return { shop_money: amount, presentment_money: amount };
}

export function storefrontOrderPayload(order: StorefrontOrder): string {
  const { priced, currency } = order;
  const at = formatShopTime(order.createdAt);
  const cancelled = order.cancelled ?? null;
  const lineDiscounts = priced.lineDiscountsMinor.reduce((sum, amount) => sum + amount, 0);
  const subtotal = priced.lineItemsMinor - lineDiscounts;
  const shipping = priced.shippingMinor - priced.shippingDiscountMinor;
  const discounts = lineDiscounts + priced.shippingDiscountMinor;
  const code = priced.discount;
  const email = order.customer?.email ?? null;
  const address = order.shipTo ? shipToPayload(order.shipTo) : null;
  return toShopifyJson({
    id: id(order.orderId),
    admin_graphql_api_id: `gid://shopify/Order/${order.orderId}`,
    app_id: ONLINE_STORE_APP_ID,
    name: `#${order.number}`,
    number: order.number - 1000,
    order_number: order.number,
    email,
    contact_email: email,
    phone: null,
    customer_locale: order.locale,
    customer: order.customer
      ? {
          id: id(order.customer.platformId),
          email: order.customer.email,
          first_name: order.customer.firstName,
          last_name: order.customer.lastName,
          phone: null,
        }
      : null,
    billing_address: address,
    shipping_address: address,
    currency,
    presentment_currency: currency,
    confirmed: true,
    created_at: at,
    processed_at: at,
    updated_at: cancelled ? formatShopTime(cancelled.at) : at,
    cancelled_at: cancelled ? formatShopTime(cancelled.at) : null,
    cancel_reason: cancelled?.reason ?? null,
    financial_status: cancelled ? "refunded" : "paid",
    fulfillment_status: null,
    test: false,
    tags: "",
    source_name: "web",
    landing_site: "/demo-store",
    referring_site: null,
    taxes_included: true,
    tax_lines: [],
    total_tax: "0.00",
    total_tax_set: money(0, currency),
    total_line_items_price: formatMinor(priced.lineItemsMinor),
    total_line_items_price_set: money(priced.lineItemsMinor, currency),
    subtotal_price: formatMinor(subtotal),
    subtotal_price_set: money(subtotal, currency),
    total_discounts: formatMinor(discounts),
    total_discounts_set: money(discounts, currency),
    total_shipping_price_set: money(shipping, currency),
    total_price: formatMinor(priced.totalMinor),
    total_price_set: money(priced.totalMinor, currency),
    total_outstanding: "0.00",
    discount_codes: code ? [{ code: code.code, amount: formatMinor(code.amountMinor), type: code.type }] : [],
    discount_applications: code
      ? [
          {
            type: "discount_code",
            code: code.code,
            value: code.value,
            value_type: code.type === "percentage" ? "percentage" : "fixed_amount",
            allocation_method: "across",
            target_selection: "all",
            target_type: code.type === "shipping" ? "shipping_line" : "line_item",
          },
        ]
      : [],
    line_items: order.lines.map((line, index) => {
      const discount = priced.lineDiscountsMinor[index] ?? 0;
      return {
        id: id(line.lineId),
        admin_graphql_api_id: `gid://shopify/LineItem/${line.lineId}`,
        product_id: id(line.productId),
        variant_id: id(line.variantId),
        title: line.title,
        variant_title: line.variantTitle,
        name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
        sku: line.sku,
        vendor: line.vendor,
        quantity: line.quantity,
        current_quantity: cancelled ? 0 : line.quantity,
        fulfillable_quantity: cancelled ? 0 : line.quantity,
        requires_shipping: true,
        taxable: true,
        gift_card: false,
        price: formatMinor(line.unitMinor),
        price_set: money(line.unitMinor, currency),
        // Left at zero by Shopify for code discounts: the allocations carry them.
        total_discount: "0.00",
        total_discount_set: money(0, currency),
        discount_allocations:
          discount > 0 ? [{ amount: formatMinor(discount), amount_set: money(discount, currency), discount_application_index: 0 }] : [],
        tax_lines: [],
        // As Shopify's order webhook lists them: name and value, in the order the cart had them.
        properties: Object.entries(line.properties ?? {}).map(([name, value]) => ({ name, value })),
      };
    }),
    shipping_lines: [
      {
        id: id(order.shippingLineId),
        code: "Standard",
        title: "Standard",
        source: "shopify",
        price: formatMinor(priced.shippingMinor),
        price_set: money(priced.shippingMinor, currency),
        discounted_price: formatMinor(shipping),
        discounted_price_set: money(shipping, currency),
        discount_allocations:
          priced.shippingDiscountMinor > 0
            ? [{ amount: formatMinor(priced.shippingDiscountMinor), amount_set: money(priced.shippingDiscountMinor, currency), discount_application_index: 0 }]
            : [],
        tax_lines: [],
      },
    ],
    refunds: [],
    fulfillments: [],
  });
}
