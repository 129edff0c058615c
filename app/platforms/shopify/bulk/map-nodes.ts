import { z } from "zod";
import { normalizeEmail } from "~/core/customers/email";
import { recommendedFrom } from "~/core/recommendations/line-property";
import type {
  CustomerSnapshot,
  DiscountCodeUse,
  LineItemSnapshot,
  OrderBuyer,
  OrderSnapshot,
  ProductSnapshot,
  RefundLineSnapshot,
  RefundSnapshot,
  VariantSnapshot,
} from "~/core/platform";
import { PayloadError, PayloadFieldError, joinPath } from "../errors";
import { numericIdFromGid } from "../gid";
import { customerAddress, orderAddress, orderPlace, type AddressParts } from "../map-address";
import { mapConsentState } from "../map-customer";
import { toMinor } from "../map-money";
import { CurrencyCodeSchema, DecimalSchema, TimestampSchema } from "../payloads";
import { cleanText } from "../text";

// Admin GraphQL nodes (from a bulk JSONL record with its children gathered, or from a paginated
// query with its nested connections flattened to arrays) to the neutral snapshots. Pure.
// Money is read from `*Set.shopMoney` (the shop currency, named explicitly), the buyer's total from
// `presentmentMoney`, ids from gids.

const Text = z.string().nullish();
const Gid = z.string().min(1);
const Money = z.object({ amount: DecimalSchema, currencyCode: CurrencyCodeSchema });
const ShopMoney = z.object({ shopMoney: Money });
const MoneyBag = z.object({ shopMoney: Money, presentmentMoney: Money.nullish() });
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);
// A MailingAddress, as far as the queries select it (an order's has no provinceCode).
const MailingAddressSchema = z.object({
  address1: Text,
  address2: Text,
  city: Text,
  zip: Text,
  provinceCode: Text,
  countryCodeV2: Text,
});

function addressParts(address: z.output<typeof MailingAddressSchema>): AddressParts {
  const { address1, address2, city, zip, provinceCode } = address;
  return { address1, address2, city, zip, provinceCode, countryCode: address.countryCodeV2 };
}

export const CustomerNodeSchema = z.object({
  id: Gid,
  firstName: Text,
  lastName: Text,
  locale: Text,
  tags: list(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  defaultEmailAddress: z
    .object({ emailAddress: Text, marketingState: Text, marketingUpdatedAt: TimestampSchema.nullish() })
    .nullish(),
  defaultPhoneNumber: z.object({ phoneNumber: Text }).nullish(),
  defaultAddress: MailingAddressSchema.nullish(),
});

export const VariantNodeSchema = z.object({
  id: Gid,
  title: z.string(),
  sku: Text,
  price: DecimalSchema,
  inventoryQuantity: z.number().int().nullish(),
  inventoryPolicy: Text,
  inventoryItem: z.object({ tracked: z.boolean().nullish() }).nullish(),
});

export const ProductNodeSchema = z.object({
  id: Gid,
  title: z.string(),
  handle: Text,
  status: Text,
  vendor: Text,
  productType: Text,
  tags: list(z.string()),
  createdAt: TimestampSchema.nullish(),
  updatedAt: TimestampSchema,
  featuredMedia: z
    .object({ preview: z.object({ image: z.object({ url: z.string() }).nullish() }).nullish() })
    .nullish(),
  variants: list(VariantNodeSchema),
  collections: list(z.object({ id: Gid })),
});

const DiscountAllocation = z.object({
  allocatedAmountSet: ShopMoney,
  discountApplication: z.object({ __typename: z.string().optional(), code: Text }).nullish(),
});

export const LineItemNodeSchema = z.object({
  id: Gid,
  title: z.string(),
  variantTitle: Text,
  sku: Text,
  quantity: z.number().int(),
  product: z.object({ id: Gid }).nullish(),
  variant: z.object({ id: Gid }).nullish(),
  // The cart line's properties (./line-property.ts in core/recommendations); dropped when malformed.
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullish() })).nullish().catch(null),
  originalUnitPriceSet: ShopMoney,
  totalDiscountSet: ShopMoney.nullish(),
  discountAllocations: list(DiscountAllocation),
  taxLines: list(z.object({ priceSet: ShopMoney })),
});

export const DiscountApplicationNodeSchema = z.object({
  __typename: z.string(),
  allocationMethod: Text,
  targetType: Text,
  value: z
    // A Float: the lossless parser hands fractional numbers over as their text.
    .object({ __typename: z.string().optional(), amount: DecimalSchema.optional(), percentage: z.union([z.number(), z.string()]).optional() })
    .nullish(),
  code: Text,
});

export const ShippingLineNodeSchema = z.object({
  discountAllocations: list(DiscountAllocation),
});

export const RefundNodeSchema = z.object({
  id: Gid,
  createdAt: TimestampSchema,
  // Admin API 2026-01+: when the refund was processed (backdatable), REST's processed_at.
  processedAt: TimestampSchema.nullish(),
  note: Text,
  totalRefundedSet: MoneyBag,
});

export const RefundLineItemNodeSchema = z.object({
  id: Gid.nullish(),
  quantity: z.number().int(),
  restockType: Text,
  lineItem: z.object({ id: Gid }),
  subtotalSet: ShopMoney,
  totalTaxSet: ShopMoney.nullish(),
});
export type RefundLineItemNode = z.input<typeof RefundLineItemNodeSchema>;

export const OrderNodeSchema = z.object({
  id: Gid,
  name: Text,
  email: Text,
  phone: Text,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  processedAt: TimestampSchema.nullish(),
  cancelledAt: TimestampSchema.nullish(),
  cancelReason: Text,
  test: z.boolean().nullish(),
  tags: list(z.string()),
  sourceName: Text,
  displayFinancialStatus: Text,
  displayFulfillmentStatus: Text,
  currencyCode: CurrencyCodeSchema,
  presentmentCurrencyCode: CurrencyCodeSchema.nullish(),
  subtotalPriceSet: MoneyBag,
  totalDiscountsSet: MoneyBag,
  totalShippingPriceSet: MoneyBag.nullish(),
  totalTaxSet: MoneyBag,
  totalPriceSet: MoneyBag,
  customer: z
    .object({
      id: Gid,
      firstName: Text,
      lastName: Text,
      defaultEmailAddress: z.object({ emailAddress: Text }).nullish(),
      defaultPhoneNumber: z.object({ phoneNumber: Text }).nullish(),
    })
    .nullish(),
  billingAddress: MailingAddressSchema.extend({ firstName: Text, lastName: Text, phone: Text }).nullish(),
  shippingAddress: MailingAddressSchema.nullish(),
  customerJourneySummary: z
    .object({ firstVisit: z.object({ landingPage: Text, referrerUrl: Text }).nullish() })
    .nullish(),
  refunds: list(RefundNodeSchema),
  lineItems: list(LineItemNodeSchema),
  discountApplications: list(DiscountApplicationNodeSchema),
  shippingLines: list(ShippingLineNodeSchema),
});

type Shape<T extends z.ZodType> = z.output<T>;

function parseNode<T extends z.ZodType>(resource: string, schema: T, node: unknown): z.output<T> {
  const result = schema.safeParse(node);
  if (!result.success) throw PayloadError.fromZod(`GraphQL ${resource}`, result.error);
  return result.data;
}

function id(gid: string, type: string, path: string): string {
  try {
    return numericIdFromGid(gid, type);
  } catch (error) {
    throw new PayloadFieldError(path, (error as Error).message);
  }
}

/** Shop-currency minor units of a money set, refusing one stated in another currency. */
function shopMinor(set: { shopMoney: { amount: string; currencyCode: string } }, currency: string, path: string): bigint {
  if (set.shopMoney.currencyCode !== currency) {
    throw new PayloadFieldError(
      joinPath(path, "shopMoney.currencyCode"),
      `is ${set.shopMoney.currencyCode}, but the record's shop currency is ${currency}`,
    );
  }
  return toMinor(joinPath(path, "shopMoney.amount"), set.shopMoney.amount, currency);
}

const lower = (value: string | null | undefined) => cleanText(value)?.toLowerCase() ?? null;

function withFieldErrors<T>(resource: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof PayloadFieldError) {
      throw new PayloadError(`GraphQL ${resource}`, [{ path: error.path, message: error.detail }]);
    }
    throw error;
  }
}

// ---- customers ------------------------------------------------------------------------------

export function mapCustomerNode(node: unknown): CustomerSnapshot {
  const customer = parseNode("Customer", CustomerNodeSchema, node);
  return withFieldErrors("Customer", () => {
    const email = customer.defaultEmailAddress;
    return {
      platformId: id(customer.id, "Customer", "id"),
      email: normalizeEmail(email?.emailAddress),
      firstName: cleanText(customer.firstName),
      lastName: cleanText(customer.lastName),
      phone: cleanText(customer.defaultPhoneNumber?.phoneNumber),
      // GraphQL always states the consent of the default address; no address, no consent.
      emailMarketingConsent: mapConsentState(email?.marketingState),
      consentUpdatedAt: email?.marketingUpdatedAt ?? null,
      tags: [...new Set(customer.tags.map((tag) => tag.trim()).filter((tag) => tag !== ""))],
      locale: cleanText(customer.locale),
      // The query selects the default address, so its absence means the customer has none.
      address: customerAddress(customer.defaultAddress && addressParts(customer.defaultAddress)),
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
    };
  });
}

// ---- products -------------------------------------------------------------------------------

/** Mirrors the webhook rule: sells past zero, or untracked, or no quantity known, or in stock. */
function isAvailable(variant: Shape<typeof VariantNodeSchema>): boolean {
  if (variant.inventoryPolicy?.toUpperCase() === "CONTINUE") return true;
  if (variant.inventoryItem?.tracked === false) return true;
  const quantity = variant.inventoryQuantity;
  return quantity === null || quantity === undefined || quantity > 0;
}

export function mapProductNode(node: unknown, shopCurrency: string): ProductSnapshot {
  const product = parseNode("Product", ProductNodeSchema, node);
  return withFieldErrors("Product", () => ({
    platformId: id(product.id, "Product", "id"),
    title: product.title,
    handle: cleanText(product.handle),
    // Lower case like the REST/webhook values ("active"), so both sources store the same.
    status: lower(product.status),
    vendor: cleanText(product.vendor),
    productType: cleanText(product.productType),
    imageUrl: product.featuredMedia?.preview?.image?.url ?? null,
    tags: product.tags,
    // The import lists every collection, so it is the full membership (unlike webhooks).
    collectionIds: product.collections.map((collection, index) => id(collection.id, "Collection", `collections[${index}].id`)),
    createdAt: product.createdAt ?? null,
    updatedAt: product.updatedAt,
    variants: product.variants.map(
      (variant, index): VariantSnapshot => ({
        platformId: id(variant.id, "ProductVariant", `variants[${index}].id`),
        title: variant.title,
        sku: cleanText(variant.sku),
        // ProductVariant.price is in the shop currency.
        priceMinor: toMinor(`variants[${index}].price`, variant.price, shopCurrency),
        inventoryQuantity: variant.inventoryQuantity ?? null,
        available: isAvailable(variant),
      }),
    ),
  }));
}

// ---- orders ---------------------------------------------------------------------------------

type OrderNode = Shape<typeof OrderNodeSchema>;

function sum(values: readonly bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}

function mapBuyer(order: OrderNode): OrderBuyer | null {
  const customer = order.customer ?? null;
  const billing = order.billingAddress ?? null;
  const buyer: OrderBuyer = {
    platformId: customer ? id(customer.id, "Customer", "customer.id") : null,
    email: normalizeEmail(customer?.defaultEmailAddress?.emailAddress) ?? normalizeEmail(order.email),
    firstName: cleanText(customer?.firstName) ?? cleanText(billing?.firstName),
    lastName: cleanText(customer?.lastName) ?? cleanText(billing?.lastName),
    phone: cleanText(customer?.defaultPhoneNumber?.phoneNumber) ?? cleanText(order.phone) ?? cleanText(billing?.phone),
  };
  const saysNothing =
    buyer.platformId === null && buyer.email === null && buyer.firstName === null && buyer.lastName === null && buyer.phone === null;
  return saysNothing ? null : buyer;
}

function mapLineItem(item: OrderNode["lineItems"][number], path: string, currency: string): LineItemSnapshot {
  // As for webhooks: code and automatic discounts show as allocations, which are the real
  // discount; totalDiscountSet only covers discounts set through the API.
  const allocations = item.discountAllocations;
  const totalDiscountMinor =
    allocations.length > 0
      ? sum(allocations.map((allocation, index) => shopMinor(allocation.allocatedAmountSet, currency, `${path}.discountAllocations[${index}].allocatedAmountSet`)))
      : item.totalDiscountSet
        ? shopMinor(item.totalDiscountSet, currency, `${path}.totalDiscountSet`)
        : 0n;
  return {
    platformId: id(item.id, "LineItem", `${path}.id`),
    productPlatformId: item.product ? id(item.product.id, "Product", `${path}.product.id`) : null,
    variantPlatformId: item.variant ? id(item.variant.id, "ProductVariant", `${path}.variant.id`) : null,
    title: item.title,
    variantTitle: cleanText(item.variantTitle),
    sku: cleanText(item.sku),
    quantity: item.quantity,
    unitPriceMinor: shopMinor(item.originalUnitPriceSet, currency, `${path}.originalUnitPriceSet`),
    totalDiscountMinor,
    totalTaxMinor: sum(item.taxLines.map((line, index) => shopMinor(line.priceSet, currency, `${path}.taxLines[${index}].priceSet`))),
    recommendedFrom: recommendedFrom((item.customAttributes ?? []).map((attribute) => ({ name: attribute.key, value: attribute.value }))),
  };
}

/**
 * Codes used on the order with the amount each took off: the allocations naming the code on
 * line items and shipping lines. The kind follows the REST names ("percentage", "fixed_amount",
 * "shipping") so webhook and import data agree.
 */
function mapDiscountCodes(order: OrderNode, currency: string): DiscountCodeUse[] {
  const amounts = new Map<string, bigint>();
  const allocate = (allocations: OrderNode["lineItems"][number]["discountAllocations"], path: string) =>
    allocations.forEach((allocation, index) => {
      const code = cleanText(allocation.discountApplication?.code);
      if (!code) return;
      const minor = shopMinor(allocation.allocatedAmountSet, currency, `${path}[${index}].allocatedAmountSet`);
      amounts.set(code, (amounts.get(code) ?? 0n) + minor);
    });
  order.lineItems.forEach((item, index) => allocate(item.discountAllocations, `lineItems[${index}].discountAllocations`));
  order.shippingLines.forEach((line, index) => allocate(line.discountAllocations, `shippingLines[${index}].discountAllocations`));

  const uses = new Map<string, DiscountCodeUse>();
  for (const application of order.discountApplications) {
    const code = cleanText(application.code);
    if (application.__typename !== "DiscountCodeApplication" || !code || uses.has(code)) continue;
    const kind =
      application.targetType?.toUpperCase() === "SHIPPING_LINE"
        ? "shipping"
        : application.value?.__typename === "PricingPercentageValue" || application.value?.percentage !== undefined
          ? "percentage"
          : "fixed_amount";
    uses.set(code, { code, kind, amountMinor: amounts.get(code) ?? 0n });
  }
  return [...uses.values()];
}

function mapRefundLine(line: z.output<typeof RefundLineItemNodeSchema>, path: string, currency: string): RefundLineSnapshot {
  const lineItemPlatformId = id(line.lineItem.id, "LineItem", `${path}.lineItem.id`);
  return {
    // RefundLineItem.id is nullable in the schema; the refunded line item is unique within a refund.
    platformId: line.id ? id(line.id, "RefundLineItem", `${path}.id`) : lineItemPlatformId,
    lineItemPlatformId,
    quantity: line.quantity,
    subtotalMinor: shopMinor(line.subtotalSet, currency, `${path}.subtotalSet`),
    totalTaxMinor: line.totalTaxSet ? shopMinor(line.totalTaxSet, currency, `${path}.totalTaxSet`) : 0n,
    restockType: lower(line.restockType),
  };
}

/** Refund lines by refund gid, fetched separately (bulk queries cannot nest them under refunds). */
export type RefundLinesByRefund = ReadonlyMap<string, readonly RefundLineItemNode[]>;

/** Gids of the refunds on an order node, for fetching their lines before mapping. */
export function refundGidsOf(node: unknown): string[] {
  const refunds = (node as { refunds?: unknown } | null)?.refunds;
  if (!Array.isArray(refunds)) return [];
  return refunds.flatMap((refund) => {
    const gid = (refund as { id?: unknown } | null)?.id;
    return typeof gid === "string" ? [gid] : [];
  });
}

function orderNumberFromName(name: string | null): number | null {
  // "#1001" → 1001; a custom prefix or suffix leaves it unknown rather than guessed.
  const match = name ? /^#?(\d{1,9})$/.exec(name) : null;
  return match ? Number(match[1]) : null;
}

export function mapOrderNode(node: unknown, refundLines: RefundLinesByRefund = new Map()): OrderSnapshot {
  const order = parseNode("Order", OrderNodeSchema, node);
  return withFieldErrors("Order", () => {
    const currency = order.currencyCode;
    const platformId = id(order.id, "Order", "id");
    const amount = (set: OrderNode["totalPriceSet"], field: string) => shopMinor(set, currency, field);
    const totalMinor = amount(order.totalPriceSet, "totalPriceSet");
    const presentment = order.totalPriceSet.presentmentMoney;
    const presentmentCurrency = presentment?.currencyCode ?? order.presentmentCurrencyCode ?? currency;
    if (order.presentmentCurrencyCode && presentment && presentment.currencyCode !== order.presentmentCurrencyCode) {
      throw new PayloadFieldError(
        "totalPriceSet.presentmentMoney.currencyCode",
        `is ${presentment.currencyCode}, but presentmentCurrencyCode is ${order.presentmentCurrencyCode}`,
      );
    }
    let presentmentTotalMinor: bigint;
    if (presentment) presentmentTotalMinor = toMinor("totalPriceSet.presentmentMoney.amount", presentment.amount, presentment.currencyCode);
    else if (presentmentCurrency === currency) presentmentTotalMinor = totalMinor;
    else throw new PayloadFieldError("totalPriceSet.presentmentMoney", "is required when the presentment currency differs from the shop currency");

    const fulfillment = order.displayFulfillmentStatus?.toUpperCase() ?? null;
    const visit = order.customerJourneySummary?.firstVisit ?? null;
    const name = cleanText(order.name);
    return {
      platformId,
      name,
      orderNumber: orderNumberFromName(name),
      email: normalizeEmail(order.email),
      buyer: mapBuyer(order),
      currency,
      subtotalMinor: amount(order.subtotalPriceSet, "subtotalPriceSet"),
      totalDiscountsMinor: amount(order.totalDiscountsSet, "totalDiscountsSet"),
      totalShippingMinor: order.totalShippingPriceSet ? amount(order.totalShippingPriceSet, "totalShippingPriceSet") : 0n,
      totalTaxMinor: amount(order.totalTaxSet, "totalTaxSet"),
      totalMinor,
      presentmentCurrency,
      presentmentTotalMinor,
      // REST names, which the webhooks store: "paid", "partially_refunded"; null when unfulfilled.
      financialStatus: lower(order.displayFinancialStatus),
      fulfillmentStatus:
        fulfillment === null || fulfillment === "UNFULFILLED"
          ? null
          : fulfillment === "PARTIALLY_FULFILLED"
            ? "partial"
            : fulfillment.toLowerCase(),
      cancelledAt: order.cancelledAt ?? null,
      cancelReason: lower(order.cancelReason),
      test: order.test ?? false,
      tags: order.tags,
      sourceName: cleanText(order.sourceName),
      landingSite: cleanText(visit?.landingPage),
      referringSite: cleanText(visit?.referrerUrl),
      shippingAddress: orderAddress(order.shippingAddress && addressParts(order.shippingAddress)),
      billingAddress: orderPlace(order.billingAddress && addressParts(order.billingAddress)),
      processedAt: order.processedAt ?? order.createdAt,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      lineItems: order.lineItems.map((item, index) => mapLineItem(item, `lineItems[${index}]`, currency)),
      discountCodes: mapDiscountCodes(order, currency),
      refunds: order.refunds.map((refund, index): RefundSnapshot => {
        const path = `refunds[${index}]`;
        const lines = (refundLines.get(refund.id) ?? []).map((line, lineIndex) =>
          mapRefundLine(parseNode("RefundLineItem", RefundLineItemNodeSchema, line), `${path}.refundLineItems[${lineIndex}]`, currency),
        );
        return {
          platformId: id(refund.id, "Refund", `${path}.id`),
          orderPlatformId: platformId,
          note: cleanText(refund.note),
          // The sum of the refund's transactions, in the shop currency: what the buyer got back.
          amountMinor: shopMinor(refund.totalRefundedSet, currency, `${path}.totalRefundedSet`),
          currency,
          // As the webhook mapper: processed_at, else the creation time.
          processedAt: refund.processedAt ?? refund.createdAt,
          lineItems: lines,
        };
      }),
    };
  });
}
