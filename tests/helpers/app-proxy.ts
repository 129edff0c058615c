import { signAppProxyQuery, type AppProxyQuery } from "~/platforms/shopify/app-proxy-signature";
import { TEST_API_SECRET, TEST_ENV } from "./test-runtime";

// Storefront requests as Shopify's app proxy forwards them (signed by the app's own module that
// the demo storefront uses too).

export interface AppProxyRequestOptions {
  shop: string;
  /** The platform id of the signed-in customer; omitted: nobody is signed in. */
  customerId?: string;
  /** The app's path behind the proxy, e.g. /proxy/loyalty/member. */
  path: string;
  /** The shopper's own query parameters (signed along with Shopify's). */
  query?: AppProxyQuery;
  method?: "GET" | "POST";
  body?: unknown;
  secret?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Replaces the signature (to send a forged one). */
  signature?: string;
}

export function appProxyRequest(options: AppProxyRequestOptions): Request {
  const params = signAppProxyQuery(
    options.query ?? {},
    {
      shop: options.shop,
      customerId: options.customerId ?? null,
      pathPrefix: "/apps/crm",
      timestamp: options.timestamp ?? Math.trunc(Date.now() / 1000),
    },
    options.secret ?? TEST_API_SECRET,
  );
  if (options.signature !== undefined) params.set("signature", options.signature);
  const url = new URL(options.path, TEST_ENV.SHOPIFY_APP_URL);
  url.search = params.toString();
  return new Request(url, {
    method: options.method ?? "GET",
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body), headers: { "content-type": "application/json" } }),
  });
}
