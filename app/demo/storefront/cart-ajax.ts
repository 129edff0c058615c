import { z } from "zod";
import { id, toShopifyJson } from "../payloads";
import { lineKey, MAX_QUANTITY, type CartLine, type LineProperties } from "./session";

// Shopify's Ajax Cart API as the demo storefront answers it (shopify.dev/docs/api/ajax/reference/cart):
// POST cart/add.js takes `{ items: [{ id, quantity, properties }] }` and answers the added lines
// (or one item's fields at the top level, answered with its line alone); GET cart.js answers the cart. A variant that does not
// exist or is sold out is a 422 with Shopify's `{ status, message, description }`; nothing of the
// request is added then. Ids are written as bare JSON numbers, as Shopify writes them.

/** Ids as numbers or numeric strings (Shopify takes both). */
const variantIdSchema = z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String);

const itemSchema = z.object({
  id: variantIdSchema,
  quantity: z.coerce.number().int().min(1).max(MAX_QUANTITY).default(1),
  properties: z.record(z.string().min(1).max(100), z.string().max(500)).refine((properties) => Object.keys(properties).length <= 20).optional(),
});

export const cartAddSchema = z.union([
  z.object({ items: z.array(itemSchema).min(1).max(50) }).transform(({ items }) => ({ items, single: false })),
  itemSchema.transform((item) => ({ items: [item], single: true })),
]);
export type CartAddRequest = z.output<typeof cartAddSchema>;

export interface CartError {
  status: 400 | 422;
  message: string;
  description: string;
}

export const badCartRequest = (description: string): CartError => ({ status: 400, message: "Parameter Missing or Invalid", description });
export const cartError = (description: string): CartError => ({ status: 422, message: "Cart Error", description });

/** A cart line as the demo shows it: the line and what the shop knows of its variant. */
export interface AjaxLine extends CartLine {
  productId: string;
  title: string;
  variantTitle: string | null;
  handle: string;
  unitMinor: number;
}

const propertiesOf = (properties: LineProperties | undefined) => properties ?? {};

function lineJson(line: AjaxLine) {
  return {
    id: id(line.variantId),
    key: lineKey(line),
    quantity: line.quantity,
    variant_id: id(line.variantId),
    product_id: id(line.productId),
    title: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    product_title: line.title,
    variant_title: line.variantTitle,
    price: line.unitMinor,
    line_price: line.unitMinor * line.quantity,
    final_line_price: line.unitMinor * line.quantity,
    properties: propertiesOf(line.properties),
    handle: line.handle,
    url: `/demo-store/products/${encodeURIComponent(line.handle)}`,
    requires_shipping: true,
  };
}

/** cart/add.js's answer: the lines the items went to, with their quantities now; a single item's line alone. */
export function addedJson(lines: readonly AjaxLine[], single: boolean): string {
  return toShopifyJson(single && lines[0] ? lineJson(lines[0]) : { items: lines.map(lineJson) });
}

/** cart.js's answer. */
export function cartJson(lines: readonly AjaxLine[], currency: string): string {
  const total = lines.reduce((sum, line) => sum + line.unitMinor * line.quantity, 0);
  return toShopifyJson({
    item_count: lines.reduce((sum, line) => sum + line.quantity, 0),
    items: lines.map(lineJson),
    total_price: total,
    items_subtotal_price: total,
    original_total_price: total,
    total_discount: 0,
    currency,
    requires_shipping: lines.length > 0,
  });
}
