// Links from the CRM into the merchant's Shopify admin. The admin's address names the store by
// its handle, the part of the permanent myshopify domain before ".myshopify.com".

const MYSHOPIFY = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;

/** The store handle of a myshopify domain ("alpine-outfitters"), or null for any other domain. */
export function storeHandle(shopDomain: string): string | null {
  return MYSHOPIFY.exec(shopDomain.trim().toLowerCase())?.[1] ?? null;
}

/** The order's page in the Shopify admin, or null when the shop or the id cannot name one. */
export function shopifyAdminOrderUrl(shopDomain: string, orderPlatformId: string): string | null {
  const handle = storeHandle(shopDomain);
  if (handle === null || !NUMERIC_ID.test(orderPlatformId)) return null;
  return `https://admin.shopify.com/store/${handle}/orders/${orderPlatformId}`;
}
