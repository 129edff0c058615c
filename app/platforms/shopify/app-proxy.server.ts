import type { z } from "zod";
import { findShop } from "~/core/shops/shops.server";
import { resolveLocale } from "~/i18n/locale.server";
import type { Db } from "~/db/prisma.server";
import { translate, type Locale } from "~/i18n/translate";
import type { ShopifyApp } from "./shopify-app.server";

// Storefront requests through Shopify's app proxy (shopify.app.toml [app_proxy]: the shop's
// /apps/crm/* arrives here as /proxy/*). Shopify signs the query; the official library checks
// the signature and its timestamp. Who the shopper is comes only from that signed query
// (`logged_in_customer_id`, empty when nobody is signed in), never from anything the browser sends.

interface ProxyShopper {
  shop: { id: string; domain: string; currency: string };
  /** The platform's customer id of the signed-in shopper; null when nobody is signed in. */
  customerPlatformId: string | null;
  /** The storefront's language: the `locale` our script adds to the query, else the browser's. */
  locale: Locale;
}

/** A JSON answer that no browser or CDN keeps: it is about one shopper at one moment. */
export function proxyJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/**
 * Verifies an app-proxy request and names the shop and shopper. Throws a JSON 401 for a missing
 * or wrong signature (the library answers 400; for the storefront it means "not from Shopify")
 * and a 404 for a shop that is not installed.
 */
export async function authenticateProxy(runtime: { shopify: ShopifyApp; db: Db }, request: Request): Promise<ProxyShopper> {
  try {
    await runtime.shopify.authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response) throw proxyJson({ error: "bad_signature" }, 401);
    throw error;
  }
  const query = new URL(request.url).searchParams;
  const shop = await findShop(runtime.db, "SHOPIFY", query.get("shop") ?? "");
  if (!shop || shop.status !== "ACTIVE") throw proxyJson({ error: "unknown_shop" }, 404);
  return {
    shop: { id: shop.id, domain: shop.domain, currency: shop.currency },
    customerPlatformId: query.get("logged_in_customer_id") || null,
    locale: resolveLocale(request),
  };
}

/** The answer of a route that takes only POSTs (a shopper's change) to anything else. */
export async function postOnly(): Promise<Response> {
  return proxyJson({ error: "method_not_allowed" }, 405);
}

/**
 * A shopper's change through the app proxy, checked in the order each such route needs: a POST,
 * signed by Shopify, as JSON (a page elsewhere cannot send JSON cross-site without CORS approval,
 * so it cannot make a shopper's browser act), with a body `schema` accepts (else `invalidBody`'s
 * answer). The shopper may be signed out. Throws the JSON answer that refuses it.
 */
export async function authenticateProxyPost<S extends z.ZodType>(
  runtime: { shopify: ShopifyApp; db: Db },
  request: Request,
  schema: S,
  invalidBody: (locale: Locale) => Response,
  options: { signInRequired: boolean } = { signInRequired: false },
): Promise<{ shopper: ProxyShopper; body: z.output<S> }> {
  if (request.method !== "POST") throw await postOnly();
  const shopper = await authenticateProxy(runtime, request);
  if (options.signInRequired && !shopper.customerPlatformId) throw proxyJson({ error: "sign_in_required" }, 403);
  if (!request.headers.get("content-type")?.startsWith("application/json")) throw proxyJson({ error: "json_required" }, 415);
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) throw invalidBody(shopper.locale);
  return { shopper, body: body.data };
}

/** authenticateProxyPost for a signed-in shopper, by a customer the shop has. */
export async function authenticateShopperPost<S extends z.ZodType>(
  runtime: { shopify: ShopifyApp; db: Db },
  request: Request,
  schema: S,
  invalidBody: (locale: Locale) => Response,
): Promise<{ shopper: ProxyShopper; customerId: string; body: z.output<S> }> {
  const { shopper, body } = await authenticateProxyPost(runtime, request, schema, invalidBody, { signInRequired: true });
  const customer =
    shopper.customerPlatformId &&
    (await runtime.db.customer.findUnique({
      where: { shopId_platformId: { shopId: shopper.shop.id, platformId: shopper.customerPlatformId } },
      select: { id: true },
    }));
  if (!customer) throw proxyJson({ error: "not_a_member", message: translate(shopper.locale, "storefront.refused.not_a_member") }, 422);
  return { shopper, customerId: customer.id, body };
}
