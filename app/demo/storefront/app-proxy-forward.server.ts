import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { signAppProxyQuery } from "~/platforms/shopify/app-proxy-signature";
import { cookieCustomerId, readCookies } from "./session";

// Shopify's app proxy for the demo storefront: the shop's /apps/crm/* reaches the app's /proxy/*
// (shopify.app.toml [app_proxy]) with the query signed, the signed-in customer named in it, the
// shopper's address in X-Forwarded-For and their browser's User-Agent, and the shopper's cookies
// left behind, as Shopify forwards it. A redirect of the app's goes back to the browser, its
// shop-relative Location on the demo shop (whose home is /demo-store).

export const PROXY_PREFIX = "/apps/crm";
const APP_PATH = "/proxy";
const SHOP_ROOT = "/demo-store";

export interface ProxyTarget {
  shop: string;
  secret: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

/** Where Shopify would send a storefront request for /apps/crm/…: the app's path and signed query. */
export function appProxyTarget(storefrontUrl: string, customerId: string | null, target: ProxyTarget): string {
  const url = new URL(storefrontUrl, "http://storefront.invalid");
  if (!url.pathname.startsWith(`${PROXY_PREFIX}/`)) throw new Error(`Not an app proxy path: ${url.pathname}`);
  const shopperQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (shopperQuery[key] ??= []).push(value);
  const signed = signAppProxyQuery(shopperQuery, { shop: target.shop, customerId, pathPrefix: PROXY_PREFIX, timestamp: target.timestamp }, target.secret);
  return `${APP_PATH}${url.pathname.slice(PROXY_PREFIX.length)}?${signed}`;
}

/**
 * Where a Location the app answered leads on the demo shop: a path relative to the shop's domain
 * ("/?crm_ref=…") is under the demo shop's home; the app proxy's own paths and absolute URLs stay.
 */
export function shopLocation(location: string): string {
  if (!location.startsWith("/") || location.startsWith("//") || location.startsWith(`${PROXY_PREFIX}/`) || location.startsWith(SHOP_ROOT)) return location;
  const url = new URL(location, "http://storefront.invalid");
  return `${SHOP_ROOT}${url.pathname === "/" ? "" : url.pathname}${url.search}${url.hash}`;
}

/** The express handlers that forward /apps/crm/* to the app on `appUrl(request)`. */
export function forwardAppProxy(shop: string, secret: string, appUrl: (request: ExpressRequest) => string) {
  return [
    express.raw({ type: () => true, limit: "16kb" }),
    async (request: ExpressRequest, response: ExpressResponse) => {
      const customerId = cookieCustomerId(readCookies(request.headers.cookie));
      const path = appProxyTarget(request.originalUrl, customerId, { shop, secret, timestamp: Math.trunc(Date.now() / 1000) });
      const hasBody = request.method !== "GET" && request.method !== "HEAD" && Buffer.isBuffer(request.body);
      const answer = await fetch(`${appUrl(request)}${path}`, {
        method: request.method,
        redirect: "manual",
        headers: {
          accept: request.headers.accept ?? "*/*",
          "accept-language": request.headers["accept-language"] ?? "",
          "user-agent": request.headers["user-agent"] ?? "",
          "x-forwarded-for": [request.headers["x-forwarded-for"], request.socket.remoteAddress].filter(Boolean).join(", "),
          ...(hasBody ? { "content-type": request.headers["content-type"] ?? "application/octet-stream" } : {}),
        },
        ...(hasBody ? { body: new Uint8Array(request.body as Buffer) } : {}),
      });
      response.status(answer.status);
      for (const header of ["content-type", "cache-control"]) {
        const value = answer.headers.get(header);
        if (value) response.set(header, value);
      }
      const location = answer.headers.get("location");
      if (location) response.set("location", shopLocation(location));
      response.send(Buffer.from(await answer.arrayBuffer()));
    },
  ] as const;
}
