import { createHmac } from "node:crypto";

// How Shopify signs a request it forwards through the app proxy: it adds `shop`,
// `logged_in_customer_id` (empty when nobody is signed in), `path_prefix` and `timestamp` to the
// shopper's query and signs all of it. The signature is the hex HMAC-SHA256, with the app's
// secret, of every other parameter as `key=value` (a repeated key's values joined by commas),
// sorted by key and concatenated with no separator. The app verifies with the library; this side
// is for whatever plays Shopify's part (the demo storefront, tests).

export type AppProxyQuery = Readonly<Record<string, string | readonly string[]>>;

export function appProxySignature(query: AppProxyQuery, secret: string): string {
  const message = Object.entries(query)
    .filter(([key]) => key !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : value.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxiedShopper {
  shop: string;
  /** The signed-in customer's platform id; null: nobody is signed in. */
  customerId: string | null;
  /** Where the shop mounts the proxy, e.g. /apps/crm. */
  pathPrefix: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

/** The shopper's query with Shopify's parameters added and signed, as the app receives it. */
export function signAppProxyQuery(shopperQuery: AppProxyQuery, shopper: ProxiedShopper, secret: string): URLSearchParams {
  const query: Record<string, string | readonly string[]> = {
    ...shopperQuery,
    shop: shopper.shop,
    logged_in_customer_id: shopper.customerId ?? "",
    path_prefix: shopper.pathPrefix,
    timestamp: String(shopper.timestamp),
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of typeof value === "string" ? [value] : value) params.append(key, item);
  }
  params.set("signature", appProxySignature(query, secret));
  return params;
}
