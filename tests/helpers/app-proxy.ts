import type { LoaderFunctionArgs } from "@remix-run/node";
import { signAppProxyQuery, type AppProxyQuery } from "~/platforms/shopify/app-proxy-signature";
import type { Runtime } from "~/runtime.server";
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
  /** Sent as JSON, as the storefront's panel sends it. */
  body?: unknown;
  /** Sent as an HTML form would send it (which a page elsewhere can, cross-site). */
  form?: Record<string, string>;
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
    ...(options.form === undefined ? {} : { body: new URLSearchParams(options.form) }),
  });
}

export interface ProxyAnswer {
  status: number;
  body: Record<string, unknown>;
  cache: string | null;
}

/** A proxy route's JSON answer to the request, returned or thrown (the routes refuse by throwing). */
export async function askProxy(runtime: Runtime, route: (args: LoaderFunctionArgs) => Promise<Response>, options: AppProxyRequestOptions): Promise<ProxyAnswer> {
  const response = await route({ request: appProxyRequest(options), params: {}, context: { runtime } }).catch((error: unknown) => {
    if (error instanceof Response) return error;
    throw error;
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cache: response.headers.get("cache-control") };
}
