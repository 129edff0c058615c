import { z } from "zod";

// Schemas for Shopify's REST-shaped webhook payloads, as produced by parseShopifyJson (safe
// integers as numbers, big integers and non-integer numbers as their exact text). Objects are not
// strict: Shopify adds fields in every API version. Ids, money and timestamps are checked hard,
// because a rounded id or a mis-read amount is silently wrong data rather than a visible failure.
// Field names stay Shopify's; turning them into neutral snapshots is the mappers' job.

const MAX_ID = 9_223_372_036_854_775_807n;
const DIGITS = /^[1-9]\d*$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** A Shopify numeric id (number or decimal string), as a decimal string. */
export const ShopifyIdSchema = z
  .union([z.number(), z.string()], { error: "expected a numeric Shopify id" })
  .transform((value, ctx) => {
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) {
        ctx.addIssue({
          code: "custom",
          message:
            "id is a number beyond 2^53 and has been rounded by the JSON parser; parse the body with parseShopifyJson",
        });
        return z.NEVER;
      }
      value = String(value);
    }
    if (!DIGITS.test(value) || value.length > 19 || BigInt(value) > MAX_ID) {
      ctx.addIssue({ code: "custom", message: "expected a positive 64-bit integer id" });
      return z.NEVER;
    }
    return value;
  });

// Date would roll "2024-02-30" over into March instead of rejecting it.
function isValidCalendarTime(match: RegExpExecArray): boolean {
  const part = (index: number): number => Number(match[index] ?? "0");
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(part) as [
    number, number, number, number, number, number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    probe.getUTCHours() === hour &&
    probe.getUTCMinutes() === minute &&
    probe.getUTCSeconds() === second &&
    part(8) <= 23 &&
    part(9) <= 59
  );
}

/** An ISO 8601 timestamp with an explicit offset ("2024-05-01T10:00:00-04:00"), as a Date. */
export const TimestampSchema = z
  .string({ error: "expected an ISO 8601 timestamp" })
  .transform((value, ctx) => {
    const match = TIMESTAMP.exec(value);
    // Offset-less times would be read in the server's zone, so they are refused, not guessed.
    if (!match || !isValidCalendarTime(match)) {
      ctx.addIssue({ code: "custom", message: "expected an ISO 8601 timestamp with a UTC offset" });
      return z.NEVER;
    }
    return new Date(value);
  });

/** A decimal amount as exact text ("12.50"). Integers may arrive as JSON numbers. */
export const DecimalSchema = z
  .union([z.string(), z.number()], { error: "expected a decimal amount" })
  .transform((value, ctx) => {
    if (typeof value === "number") {
      if (Number.isSafeInteger(value)) return String(value);
      ctx.addIssue({ code: "custom", message: "expected an exact decimal amount, got a binary float" });
      return z.NEVER;
    }
    if (!DECIMAL.test(value)) {
      ctx.addIssue({ code: "custom", message: "expected a decimal amount such as \"12.50\"" });
      return z.NEVER;
    }
    return value;
  });

export const CurrencyCodeSchema = z
  .string({ error: "expected an ISO 4217 currency code" })
  .regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code" });

export const MoneySchema = z.object({ amount: DecimalSchema, currency_code: CurrencyCodeSchema });

/** Shopify's `*_set` objects: the amount in the shop's and in the buyer's currency. */
export const MoneySetSchema = z.object({ shop_money: MoneySchema, presentment_money: MoneySchema });

/** Comma-separated tags ("vip, wholesale"); undefined when the payload does not carry them. */
export const TagsSchema = z
  .union([z.string(), z.array(z.string())], { error: "expected comma-separated tags" })
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return undefined;
    const parts = typeof value === "string" ? value.split(",") : value;
    return [...new Set(parts.map((tag) => tag.trim()).filter((tag) => tag !== ""))];
  });

const Text = z.string().nullish();
const Count = z.number().int().nonnegative();

// ---- orders ---------------------------------------------------------------------------------

export const TaxLineSchema = z.object({
  title: Text,
  price: DecimalSchema.nullish(),
  price_set: MoneySetSchema.nullish(),
});

export const DiscountAllocationSchema = z.object({
  amount: DecimalSchema.nullish(),
  amount_set: MoneySetSchema.nullish(),
});

export const LineItemSchema = z.object({
  id: ShopifyIdSchema,
  product_id: ShopifyIdSchema.nullish(),
  variant_id: ShopifyIdSchema.nullish(),
  title: z.string(),
  variant_title: Text,
  sku: Text,
  quantity: Count,
  price: DecimalSchema.nullish(),
  price_set: MoneySetSchema.nullish(),
  total_discount: DecimalSchema.nullish(),
  total_discount_set: MoneySetSchema.nullish(),
  discount_allocations: z.array(DiscountAllocationSchema).nullish(),
  tax_lines: z.array(TaxLineSchema).nullish(),
  // What the storefront set on the cart line (engraving text, the cross-sell block's mark). A
  // property in an unexpected shape is dropped rather than failing the order.
  properties: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish().catch(null),
});

export const DiscountCodeSchema = z.object({
  code: z.string(),
  amount: DecimalSchema,
  type: Text,
});

export const TransactionSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  kind: z.string(),
  status: Text,
  amount: DecimalSchema,
  currency: CurrencyCodeSchema.nullish(),
});

export const RefundLineItemSchema = z.object({
  id: ShopifyIdSchema,
  line_item_id: ShopifyIdSchema,
  quantity: Count,
  restock_type: Text,
  subtotal: DecimalSchema.nullish(),
  subtotal_set: MoneySetSchema.nullish(),
  total_tax: DecimalSchema.nullish(),
  total_tax_set: MoneySetSchema.nullish(),
});

export const OrderAdjustmentSchema = z.object({
  kind: Text,
  amount: DecimalSchema.nullish(),
  amount_set: MoneySetSchema.nullish(),
  tax_amount: DecimalSchema.nullish(),
  tax_amount_set: MoneySetSchema.nullish(),
});

export const RefundSchema = z.object({
  id: ShopifyIdSchema,
  order_id: ShopifyIdSchema.nullish(),
  note: Text,
  created_at: TimestampSchema.nullish(),
  processed_at: TimestampSchema.nullish(),
  transactions: z.array(TransactionSchema).nullish(),
  refund_line_items: z.array(RefundLineItemSchema).nullish(),
  order_adjustments: z.array(OrderAdjustmentSchema).nullish(),
});

/** refunds/create: a refund on its own must say which order it belongs to. */
export const RefundPayloadSchema = RefundSchema.extend({ order_id: ShopifyIdSchema });

export const OrderCustomerSchema = z.object({
  id: ShopifyIdSchema,
  email: Text,
  first_name: Text,
  last_name: Text,
  phone: Text,
});

export const AddressSchema = z.object({
  first_name: Text,
  last_name: Text,
  phone: Text,
  address1: Text,
  address2: Text,
  city: Text,
  zip: Text,
  province_code: Text,
  country_code: Text,
});

export const ShippingLineSchema = z.object({
  price: DecimalSchema.nullish(),
  price_set: MoneySetSchema.nullish(),
});

/** orders/create, orders/updated, orders/paid and orders/cancelled all carry this shape. */
export const OrderPayloadSchema = z.object({
  id: ShopifyIdSchema,
  name: Text,
  order_number: z.number().int().nullish(),
  email: Text,
  contact_email: Text,
  phone: Text,
  customer: OrderCustomerSchema.nullish(),
  billing_address: AddressSchema.nullish(),
  shipping_address: AddressSchema.nullish(),
  currency: CurrencyCodeSchema.nullish(),
  presentment_currency: CurrencyCodeSchema.nullish(),
  subtotal_price: DecimalSchema.nullish(),
  subtotal_price_set: MoneySetSchema.nullish(),
  total_discounts: DecimalSchema.nullish(),
  total_discounts_set: MoneySetSchema.nullish(),
  total_tax: DecimalSchema.nullish(),
  total_tax_set: MoneySetSchema.nullish(),
  total_price: DecimalSchema.nullish(),
  total_price_set: MoneySetSchema.nullish(),
  total_shipping_price_set: MoneySetSchema.nullish(),
  shipping_lines: z.array(ShippingLineSchema).nullish(),
  financial_status: Text,
  fulfillment_status: Text,
  cancelled_at: TimestampSchema.nullish(),
  cancel_reason: Text,
  test: z.boolean().nullish(),
  tags: TagsSchema,
  source_name: Text,
  landing_site: Text,
  referring_site: Text,
  processed_at: TimestampSchema.nullish(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema.nullish(),
  line_items: z.array(LineItemSchema),
  discount_codes: z.array(DiscountCodeSchema).nullish(),
  refunds: z.array(RefundSchema).nullish(),
});

// ---- customers ------------------------------------------------------------------------------

export const EmailMarketingConsentSchema = z.object({
  // Kept open: Shopify has added states before (e.g. "invalid"), and an unknown one must not
  // make the whole customer unreadable.
  state: z.string(),
  opt_in_level: Text,
  consent_updated_at: TimestampSchema.nullish(),
});

/** customers/create and customers/update. */
export const CustomerPayloadSchema = z.object({
  id: ShopifyIdSchema,
  email: Text,
  first_name: Text,
  last_name: Text,
  phone: Text,
  tags: TagsSchema,
  locale: Text,
  email_marketing_consent: EmailMarketingConsentSchema.nullish(),
  default_address: AddressSchema.nullish(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

/** customers/delete and products/delete. */
export const DeletedResourcePayloadSchema = z.object({ id: ShopifyIdSchema });

// ---- products -------------------------------------------------------------------------------

export const ProductImageSchema = z.object({
  src: z.string(),
  position: z.number().int().nullish(),
});

export const VariantSchema = z.object({
  id: ShopifyIdSchema,
  title: z.string(),
  sku: Text,
  price: DecimalSchema,
  inventory_quantity: z.number().int().nullish(),
  inventory_policy: Text,
  inventory_management: Text,
});

/** products/create and products/update. */
export const ProductPayloadSchema = z.object({
  id: ShopifyIdSchema,
  title: z.string(),
  handle: Text,
  status: Text,
  vendor: Text,
  product_type: Text,
  tags: TagsSchema,
  image: ProductImageSchema.nullish(),
  images: z.array(ProductImageSchema).nullish(),
  created_at: TimestampSchema.nullish(),
  updated_at: TimestampSchema.nullish(),
  variants: z.array(VariantSchema).nullish(),
});

// ---- app, shop and bulk operations ----------------------------------------------------------

/** app/uninstalled: the shop resource. */
export const ShopPayloadSchema = z.object({
  id: ShopifyIdSchema,
  myshopify_domain: Text,
  domain: Text,
  currency: CurrencyCodeSchema.nullish(),
});

const ScopesSchema = z
  .union([z.array(z.string()), z.string()], { error: "expected a list of access scopes" })
  .transform((value) =>
    (typeof value === "string" ? value.split(",") : value)
      .map((scope) => scope.trim())
      .filter((scope) => scope !== ""),
  );

export const ScopesUpdatePayloadSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  shop_id: ShopifyIdSchema.nullish(),
  previous: ScopesSchema.nullish(),
  current: ScopesSchema,
  updated_at: TimestampSchema.nullish(),
});

export const BulkOperationFinishPayloadSchema = z.object({
  admin_graphql_api_id: z
    .string({ error: "expected a BulkOperation gid" })
    .regex(/^gid:\/\/shopify\/BulkOperation\/[1-9]\d*$/, { error: "expected a BulkOperation gid" }),
  status: z.string(),
  type: Text,
  error_code: Text,
  created_at: TimestampSchema.nullish(),
  completed_at: TimestampSchema.nullish(),
});

// ---- mandatory compliance topics ------------------------------------------------------------

export const PrivacyCustomerSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  email: Text,
  phone: Text,
});

export const CustomersDataRequestPayloadSchema = z.object({
  shop_id: ShopifyIdSchema,
  shop_domain: z.string(),
  customer: PrivacyCustomerSchema.nullish(),
  orders_requested: z.array(ShopifyIdSchema).nullish(),
  data_request: z.object({ id: ShopifyIdSchema }).nullish(),
});

export const CustomersRedactPayloadSchema = z.object({
  shop_id: ShopifyIdSchema,
  shop_domain: z.string(),
  customer: PrivacyCustomerSchema.nullish(),
  orders_to_redact: z.array(ShopifyIdSchema).nullish(),
});

export const ShopRedactPayloadSchema = z.object({
  shop_id: ShopifyIdSchema,
  shop_domain: z.string(),
});

export type ShopifyMoneySet = z.output<typeof MoneySetSchema>;
export type ShopifyOrderPayload = z.output<typeof OrderPayloadSchema>;
export type ShopifyAddress = z.output<typeof AddressSchema>;
export type ShopifyLineItem = z.output<typeof LineItemSchema>;
export type ShopifyRefund = z.output<typeof RefundSchema>;
export type ShopifyRefundPayload = z.output<typeof RefundPayloadSchema>;
export type ShopifyCustomerPayload = z.output<typeof CustomerPayloadSchema>;
export type ShopifyProductPayload = z.output<typeof ProductPayloadSchema>;
export type ShopifyVariant = z.output<typeof VariantSchema>;
export type ShopifyScopesUpdatePayload = z.output<typeof ScopesUpdatePayloadSchema>;
export type ShopifyBulkOperationFinishPayload = z.output<typeof BulkOperationFinishPayloadSchema>;
export type ShopifyPrivacyCustomer = z.output<typeof PrivacyCustomerSchema>;
export type ShopifyCustomersDataRequestPayload = z.output<typeof CustomersDataRequestPayloadSchema>;
export type ShopifyCustomersRedactPayload = z.output<typeof CustomersRedactPayloadSchema>;
