import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { signAppProxyQuery } from "~/platforms/shopify/app-proxy-signature";
import { cookieCustomerId, readCookies } from "./session";

// Shopify's app proxy for the demo storefront: the shop's /apps/crm/* reaches the app's /proxy/*
// (shopify.app.toml [app_proxy]) with the query signed, the signed-in customer named in it, and
// the shopper's cookies left behind, as Shopify forwards it.

export const PROXY_PREFIX = "/apps/crm";
const APP_PATH = "/proxy";

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
        headers: {
          accept: request.headers.accept ?? "*/*",
          "accept-language": request.headers["accept-language"] ?? "",
          ...(hasBody ? { "content-type": request.headers["content-type"] ?? "application/octet-stream" } : {}),
        },
        ...(hasBody ? { body: new Uint8Array(request.body as Buffer) } : {}),
      });
      response.status(answer.status);
      for (const header of ["content-type", "cache-control"]) {
        const value = answer.headers.get(header);
        if (value) response.set(header, value);
      }
      response.send(Buffer.from(await answer.arrayBuffer()));
    },
  ] as const;
}
