import { normalizeEmail } from "~/core/customers/email";
import { recommendedFrom } from "~/core/recommendations/line-property";
import type {
  DiscountCodeUse,
  LineItemSnapshot,
  OrderBuyer,
  OrderSnapshot,
  RefundLineSnapshot,
  RefundSnapshot,
} from "~/core/platform";

import { joinPath, PayloadFieldError } from "./errors";
import { orderAddress, orderPlace, restAddressParts } from "./map-address";
import { optionalShopMinor, requiredShopMinor, scaleMinor, toMinor } from "./map-money";
import type {
  ShopifyLineItem,
  ShopifyMoneySet,
  ShopifyOrderPayload,
  ShopifyRefund,
} from "./payloads";
import { cleanText } from "./text";

/** The same money stated in both currencies: their quotient is the rate Shopify applied. */
export interface ExchangeRatio {
  presentmentCurrency: string;
  shopMinor: bigint;
  presentmentMinor: bigint;
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}

function orderCurrency(order: ShopifyOrderPayload, shopCurrency: string): string {
  const fromSet = order.total_price_set?.shop_money.currency_code;
  if (order.currency && fromSet && order.currency !== fromSet) {
    throw new PayloadFieldError(
      "total_price_set.shop_money.currency_code",
      `is ${fromSet}, but the order currency is ${order.currency}`,
    );
  }
  // The order's own currency wins over the shop's current one: a shop can change currency later.
  return order.currency ?? fromSet ?? shopCurrency;
}

function mapBuyer(order: ShopifyOrderPayload): OrderBuyer | null {
  const customer = order.customer ?? null;
  const billing = order.billing_address ?? null;
  const buyer: OrderBuyer = {
    platformId: customer?.id ?? null,
    email:
      normalizeEmail(customer?.email) ??
      normalizeEmail(order.email) ??
      normalizeEmail(order.contact_email),
    firstName: cleanText(customer?.first_name) ?? cleanText(billing?.first_name),
    lastName: cleanText(customer?.last_name) ?? cleanText(billing?.last_name),
    phone: cleanText(customer?.phone) ?? cleanText(order.phone) ?? cleanText(billing?.phone),
  };
  const saysNothing =
    buyer.platformId === null &&
    buyer.email === null &&
    buyer.firstName === null &&
    buyer.lastName === null &&
    buyer.phone === null;
  return saysNothing ? null : buyer;
}

function mapLineItem(item: ShopifyLineItem, path: string, currency: string): LineItemSnapshot {
  const allocations = item.discount_allocations ?? [];
  // Shopify fills total_discount only for discounts set through the API; discount codes and
  // automatic discounts show up as allocations, so those are the line's real discount.
  const totalDiscountMinor =
    allocations.length > 0
      ? sum(
          allocations.map((allocation, index) =>
            requiredShopMinor({
              parentPath: joinPath(path, `discount_allocations[${index}]`),
              field: "amount",
              set: allocation.amount_set,
              plain: allocation.amount,
              currency,
            }),
          ),
        )
      : (optionalShopMinor({
          parentPath: path,
          field: "total_discount",
          set: item.total_discount_set,
          plain: item.total_discount,
          currency,
        }) ?? 0n);
  const totalTaxMinor = sum(
    (item.tax_lines ?? []).map((taxLine, index) =>
      requiredShopMinor({
        parentPath: joinPath(path, `tax_lines[${index}]`),
        field: "price",
        set: taxLine.price_set,
        plain: taxLine.price,
        currency,
      }),
    ),
  );
  return {
    platformId: item.id,
    productPlatformId: item.product_id ?? null,
    variantPlatformId: item.variant_id ?? null,
    title: item.title,
    variantTitle: cleanText(item.variant_title),
    sku: cleanText(item.sku),
    quantity: item.quantity,
    unitPriceMinor: requiredShopMinor({
      parentPath: path,
      field: "price",
      set: item.price_set,
      plain: item.price,
      currency,
    }),
    totalDiscountMinor,
    totalTaxMinor,
    recommendedFrom: recommendedFrom(item.properties ?? []),
  };
}

function mapDiscountCodes(order: ShopifyOrderPayload, currency: string): DiscountCodeUse[] {
  // discount_codes carry a plain amount only; like every plain order amount it is in the order's
  // shop currency.
  return (order.discount_codes ?? []).map((discount, index) => ({
    code: discount.code,
    kind: cleanText(discount.type) ?? "unknown",
    amountMinor: toMinor(`discount_codes[${index}].amount`, discount.amount, currency),
  }));
}

function presentmentOf(set: ShopifyMoneySet | null | undefined, path: string) {
  if (!set) return undefined;
  return {
    currency: set.presentment_money.currency_code,
    minor: toMinor(
      `${path}.presentment_money.amount`,
      set.presentment_money.amount,
      set.presentment_money.currency_code,
    ),
  };
}

/** The rate Shopify itself used for this refund, read off money it states in both currencies. */
function refundExchangeRatio(
  refund: ShopifyRefund,
  path: string,
  currency: string,
  presentmentCurrency: string,
): ExchangeRatio | undefined {
  let shopMinor = 0n;
  let presentmentMinor = 0n;
  const add = (set: ShopifyMoneySet | null | undefined, setPath: string) => {
    if (!set || set.presentment_money.currency_code !== presentmentCurrency) return;
    if (set.shop_money.currency_code !== currency) return;
    const shop = toMinor(`${setPath}.shop_money.amount`, set.shop_money.amount, currency);
    const presentment = presentmentOf(set, setPath)?.minor ?? 0n;
    // Adjustments are signed; the rate only needs magnitudes.
    shopMinor += shop < 0n ? -shop : shop;
    presentmentMinor += presentment < 0n ? -presentment : presentment;
  };
  (refund.refund_line_items ?? []).forEach((line, index) => {
    const linePath = joinPath(path, `refund_line_items[${index}]`);
    add(line.subtotal_set, `${linePath}.subtotal_set`);
    add(line.total_tax_set, `${linePath}.total_tax_set`);
  });
  (refund.order_adjustments ?? []).forEach((adjustment, index) => {
    const adjustmentPath = joinPath(path, `order_adjustments[${index}]`);
    add(adjustment.amount_set, `${adjustmentPath}.amount_set`);
    add(adjustment.tax_amount_set, `${adjustmentPath}.tax_amount_set`);
  });
  if (presentmentMinor === 0n) return undefined;
  return { presentmentCurrency, shopMinor, presentmentMinor };
}

/**
 * Money returned to the buyer: successful "refund" transactions. Transactions are in the currency
 * the buyer paid in, which on a multi-currency order is the presentment currency, not the shop's;
 * such amounts are converted at the rate Shopify applied to the same refund (or order).
 */
function refundAmountMinor(
  refund: ShopifyRefund,
  path: string,
  currency: string,
  orderRatio: ExchangeRatio | undefined,
): bigint {
  let shopTotal = 0n;
  const foreign = new Map<string, bigint>();
  (refund.transactions ?? []).forEach((transaction, index) => {
    if (transaction.kind.toLowerCase() !== "refund") return;
    if ((transaction.status ?? "").toLowerCase() !== "success") return;
    const transactionCurrency = transaction.currency ?? currency;
    const minor = toMinor(
      joinPath(path, `transactions[${index}].amount`),
      transaction.amount,
      transactionCurrency,
    );
    if (transactionCurrency === currency) shopTotal += minor;
    else foreign.set(transactionCurrency, (foreign.get(transactionCurrency) ?? 0n) + minor);
  });
  for (const [presentmentCurrency, minor] of foreign) {
    const ratio =
      refundExchangeRatio(refund, path, currency, presentmentCurrency) ??
      (orderRatio?.presentmentCurrency === presentmentCurrency ? orderRatio : undefined);
    if (!ratio) {
      throw new PayloadFieldError(
        joinPath(path, "transactions"),
        `refund transactions are in ${presentmentCurrency}, and nothing in the payload gives its rate to the shop currency ${currency}`,
      );
    }
    shopTotal += scaleMinor(minor, ratio.shopMinor, ratio.presentmentMinor);
  }
  return shopTotal;
}

function mapRefundLine(
  line: NonNullable<ShopifyRefund["refund_line_items"]>[number],
  path: string,
  currency: string,
): RefundLineSnapshot {
  return {
    platformId: line.id,
    lineItemPlatformId: line.line_item_id,
    quantity: line.quantity,
    subtotalMinor: requiredShopMinor({
      parentPath: path,
      field: "subtotal",
      set: line.subtotal_set,
      plain: line.subtotal,
      currency,
    }),
    totalTaxMinor:
      optionalShopMinor({
        parentPath: path,
        field: "total_tax",
        set: line.total_tax_set,
        plain: line.total_tax,
        currency,
      }) ?? 0n,
    restockType: cleanText(line.restock_type),
  };
}

export interface RefundContext {
  /** "" for a refunds/create payload, "refunds[1]" inside an order. */
  path: string;
  orderPlatformId: string;
  currency: string;
  orderRatio?: ExchangeRatio | undefined;
}

export function mapRefund(refund: ShopifyRefund, context: RefundContext): RefundSnapshot {
  const { path, currency } = context;
  if (refund.order_id && refund.order_id !== context.orderPlatformId) {
    throw new PayloadFieldError(
      joinPath(path, "order_id"),
      `is ${refund.order_id}, but the refund is inside order ${context.orderPlatformId}`,
    );
  }
  const processedAt = refund.processed_at ?? refund.created_at;
  if (!processedAt) {
    throw new PayloadFieldError(joinPath(path, "processed_at"), "a refund needs processed_at or created_at");
  }
  return {
    platformId: refund.id,
    orderPlatformId: context.orderPlatformId,
    note: cleanText(refund.note),
    amountMinor: refundAmountMinor(refund, path, currency, context.orderRatio),
    currency,
    processedAt,
    lineItems: (refund.refund_line_items ?? []).map((line, index) =>
      mapRefundLine(line, joinPath(path, `refund_line_items[${index}]`), currency),
    ),
  };
}

/**
 * The shop currency of a standalone refund. Its transactions may be in the presentment currency,
 * so only money sets, which name the shop currency explicitly, can tell.
 */
export function refundShopCurrency(refund: ShopifyRefund, shopCurrency: string): string {
  for (const line of refund.refund_line_items ?? []) {
    const code = line.subtotal_set?.shop_money.currency_code ?? line.total_tax_set?.shop_money.currency_code;
    if (code) return code;
  }
  for (const adjustment of refund.order_adjustments ?? []) {
    const code = adjustment.amount_set?.shop_money.currency_code;
    if (code) return code;
  }
  return shopCurrency;
}

export function mapOrder(order: ShopifyOrderPayload, shopCurrency: string): OrderSnapshot {
  const currency = orderCurrency(order, shopCurrency);
  const amount = (field: string, set: ShopifyMoneySet | null | undefined, plain: string | null | undefined) =>
    requiredShopMinor({ parentPath: "", field, set, plain, currency });

  const totalMinor = amount("total_price", order.total_price_set, order.total_price);
  const presentment = presentmentOf(order.total_price_set, "total_price_set");
  if (
    presentment &&
    order.presentment_currency &&
    presentment.currency !== order.presentment_currency
  ) {
    throw new PayloadFieldError(
      "total_price_set.presentment_money.currency_code",
      `is ${presentment.currency}, but presentment_currency is ${order.presentment_currency}`,
    );
  }
  const presentmentCurrency = presentment?.currency ?? order.presentment_currency ?? currency;
  let presentmentTotalMinor: bigint;
  if (presentment) presentmentTotalMinor = presentment.minor;
  else if (presentmentCurrency === currency) presentmentTotalMinor = totalMinor;
  else {
    throw new PayloadFieldError(
      "total_price_set",
      `is required when the presentment currency (${presentmentCurrency}) differs from the shop currency (${currency})`,
    );
  }

  const shippingFromSet = optionalShopMinor({
    parentPath: "",
    field: "total_shipping_price",
    set: order.total_shipping_price_set,
    plain: undefined,
    currency,
  });
  const totalShippingMinor =
    shippingFromSet ??
    sum(
      (order.shipping_lines ?? []).map((line, index) =>
        requiredShopMinor({
          parentPath: `shipping_lines[${index}]`,
          field: "price",
          set: line.price_set,
          plain: line.price,
          currency,
        }),
      ),
    );

  const orderRatio: ExchangeRatio | undefined =
    presentmentCurrency !== currency && presentmentTotalMinor !== 0n
      ? { presentmentCurrency, shopMinor: totalMinor, presentmentMinor: presentmentTotalMinor }
      : undefined;

  return {
    platformId: order.id,
    name: cleanText(order.name),
    orderNumber: order.order_number ?? null,
    email: normalizeEmail(order.email) ?? normalizeEmail(order.contact_email),
    buyer: mapBuyer(order),
    currency,
    subtotalMinor: amount("subtotal_price", order.subtotal_price_set, order.subtotal_price),
    totalDiscountsMinor: amount("total_discounts", order.total_discounts_set, order.total_discounts),
    totalShippingMinor,
    totalTaxMinor: amount("total_tax", order.total_tax_set, order.total_tax),
    totalMinor,
    presentmentCurrency,
    presentmentTotalMinor,
    financialStatus: cleanText(order.financial_status),
    fulfillmentStatus: cleanText(order.fulfillment_status),
    cancelledAt: order.cancelled_at ?? null,
    cancelReason: cleanText(order.cancel_reason),
    test: order.test ?? false,
    tags: order.tags ?? [],
    sourceName: cleanText(order.source_name),
    landingSite: cleanText(order.landing_site),
    referringSite: cleanText(order.referring_site),
    shippingAddress: orderAddress(order.shipping_address && restAddressParts(order.shipping_address)),
    billingAddress: orderPlace(order.billing_address && restAddressParts(order.billing_address)),
    processedAt: order.processed_at ?? order.created_at,
    createdAt: order.created_at,
    updatedAt: order.updated_at ?? order.created_at,
    lineItems: order.line_items.map((item, index) => mapLineItem(item, `line_items[${index}]`, currency)),
    discountCodes: mapDiscountCodes(order, currency),
    refunds: (order.refunds ?? []).map((refund, index) =>
      mapRefund(refund, {
        path: `refunds[${index}]`,
        orderPlatformId: order.id,
        currency,
        orderRatio,
      }),
    ),
  };
}
