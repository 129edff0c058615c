// The cart line property that ties a line to the cross-sell block it was added from. Shopify keeps
// a line's properties through checkout into the order (webhook `line_items[].properties`, Admin
// API `LineItem.customAttributes`); a leading underscore hides it from the shopper at checkout.
// Its value is the platform id of the product whose block offered the line.

export const RECOMMENDATION_PROPERTY = "_crm_rec";

/** The product the line was recommended with, from the line's properties; null when it was not. */
export function recommendedFrom(properties: ReadonlyArray<{ readonly name: string; readonly value: unknown }>): string | null {
  const property = properties.find((entry) => entry.name === RECOMMENDATION_PROPERTY);
  const value = typeof property?.value === "number" ? String(property.value) : property?.value;
  // A platform id: digits (Shopify, WooCommerce), nothing a shopper could stuff into a cart.
  return typeof value === "string" && /^\d{1,20}$/.test(value.trim()) ? value.trim() : null;
}
