import { createHmac } from "node:crypto";
import { TEST_API_SECRET, TEST_ENV } from "./test-runtime";

// Storefront requests as Shopify's app proxy forwards them: Shopify adds `shop`,
// `logged_in_customer_id` (empty when nobody is signed in), `path_prefix` and `timestamp` to the
// shopper's query and signs all of it. The signature is the hex HMAC-SHA256, with the app's
// secret, of every other parameter as `key=value` (a repeated key's values joined by commas),
// sorted by key and concatenated with no separator.

type ProxyQuery = Readonly<Record<string, string | readonly string[]>>;

function appProxySignature(query: ProxyQuery, secret: string = TEST_API_SECRET): string {
  const message = Object.entries(query)
    .filter(([key]) => key !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : value.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface AppProxyRequestOptions {
  shop: string;
  /** The platform id of the signed-in customer; omitted: nobody is signed in. */
  customerId?: string;
  /** The app's path behind the proxy, e.g. /proxy/loyalty/member. */
  path: string;
  /** The shopper's own query parameters (signed along with Shopify's). */
  query?: ProxyQuery;
  method?: "GET" | "POST";
  body?: unknown;
  secret?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Replaces the signature (to send a forged one). */
  signature?: string;
}

export function appProxyRequest(options: AppProxyRequestOptions): Request {
  const query: Record<string, string | readonly string[]> = {
    ...options.query,
    shop: options.shop,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: "/apps/crm",
    timestamp: String(options.timestamp ?? Math.trunc(Date.now() / 1000)),
  };
  const url = new URL(options.path, TEST_ENV.SHOPIFY_APP_URL);
  for (const [key, value] of Object.entries(query)) {
    for (const item of typeof value === "string" ? [value] : value) url.searchParams.append(key, item);
  }
  url.searchParams.set("signature", options.signature ?? appProxySignature(query, options.secret));
  return new Request(url, {
    method: options.method ?? "GET",
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body), headers: { "content-type": "application/json" } }),
  });
}
