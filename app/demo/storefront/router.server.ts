import path from "node:path";
import express, { type Request as ExpressRequest, type Response as ExpressResponse, type NextFunction } from "express";
import { z } from "zod";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import type { Locale } from "~/i18n/translate";
import { PROJECT_ROOT } from "~/project-root.server";
import type { Runtime } from "~/runtime.server";
import { DEMO_SHOP } from "../demo-shop";
import { forwardAppProxy, PROXY_PREFIX } from "./app-proxy-forward.server";
import { addedJson, badCartRequest, cartAddSchema, cartError, cartJson, type AjaxLine, type CartError } from "./cart-ajax";
import { FREE_SHIPPING_FROM_MINOR } from "./checkout-pricing";
import { placeOrder, viewCheckout, type CheckoutShop } from "./checkout.server";
import { EXTENSION_ASSETS_PATH, StorefrontRenderer, type StorefrontContext, type ThemeTemplate } from "./liquid.server";
import { addToCart, CartStore, cookieCustomerId, COOKIES, lineKey, MAX_QUANTITY, readCookies, removeFromCart, shopperLocale, type Cart } from "./session";
import { orderOutcome, pickableCustomers, storeCustomer, storeProduct, storeProducts, variantsForCart, type StoreCustomer } from "./storefront-data.server";

// The demo storefront (demo mode only): a small shop at /demo-store around the loyalty
// extension's blocks, and Shopify's app proxy at /apps/crm (app-proxy-forward.server.ts), so a
// newcomer can see the program from the shopper's side end to end. It plays Shopify's part: it signs the proxy's query and the
// checkout's webhook with the app's secret, and the app checks both as it checks Shopify's.

const CUSTOMERS_OFFERED = 10;
/** After this long a stored order is shown as processed even if it earned nothing. */
const PROCESSING_WAIT_MS = 15_000;

interface Shopper {
  locale: Locale;
  customer: StoreCustomer | null;
  cartId: string | undefined;
}

const addSchema = z.object({ variantId: z.string().regex(/^\d+$/), quantity: z.coerce.number().int().min(1).max(MAX_QUANTITY).default(1) });
const lineSchema = z.object({ key: z.string().regex(/^\d+(:[0-9a-f]+)?$/) });
const codeSchema = z.object({ code: z.string().trim().max(64) });
const signInSchema = z.object({ customerId: z.string().regex(/^\d{1,20}$/) });
const localeSchema = z.object({ locale: z.enum(["de", "en"]), back: z.string().startsWith("/demo-store").default("/demo-store") });

/** The storefront's router; refuses to exist outside demo mode (it signs with the app's secret). */
export function demoStorefront(runtime: Runtime): express.Router {
  if (!runtime.config.demo) throw new Error("The demo storefront runs only in demo mode.");
  const { db, config } = runtime;
  const renderer = new StorefrontRenderer();
  const carts = new CartStore();
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "16kb" });

  async function shop(): Promise<CheckoutShop> {
    const row = await db.shop.findUniqueOrThrow({ where: { platform_domain: { platform: "SHOPIFY", domain: DEMO_SHOP.domain } }, select: { id: true, currency: true } });
    return { id: row.id, domain: DEMO_SHOP.domain, currency: row.currency };
  }

  async function shopper(request: ExpressRequest, shopId: string): Promise<Shopper> {
    const cookies = readCookies(request.headers.cookie);
    const customerId = cookieCustomerId(cookies);
    return {
      locale: shopperLocale(cookies, request.headers["accept-language"]),
      customer: customerId ? await storeCustomer(db, shopId, customerId) : null,
      cartId: cookies.get(COOKIES.cart),
    };
  }

  /** This server's own address: the app's endpoints are on it. */
  const appUrl = (request: ExpressRequest) => `http://127.0.0.1:${request.socket.localPort}`;

  async function page(request: ExpressRequest, response: ExpressResponse, template: ThemeTemplate, data: (context: StorefrontContext, current: Shopper, shop: CheckoutShop) => Promise<Record<string, unknown> | null>) {
    const currentShop = await shop();
    const current = await shopper(request, currentShop.id);
    const context: StorefrontContext = { locale: current.locale, currency: currentShop.currency, shopName: DEMO_SHOP.name, customer: current.customer, path: request.originalUrl };
    const own = await data(context, current, currentShop);
    if (own === null) return void response.status(404).type("text/plain").send("Not found");
    const cart = carts.get(current.cartId);
    const html = await renderer.renderPage(template, context, { cart_count: cart.lines.reduce((sum, line) => sum + line.quantity, 0), ...own });
    response.set({ "Cache-Control": "no-store", "Content-Language": current.locale }).type("html").send(html);
  }

  const handle =
    (handler: (request: ExpressRequest, response: ExpressResponse) => Promise<void>) => (request: ExpressRequest, response: ExpressResponse, next: NextFunction) =>
      void handler(request, response).catch(next);

  router.get("/demo-store/assets/theme.css", (_request, response) => response.sendFile(path.join(PROJECT_ROOT, "app/demo/storefront/theme/theme.css")));
  router.use(EXTENSION_ASSETS_PATH, express.static(path.join(PROJECT_ROOT, "extensions/loyalty/assets"), { maxAge: 0 }));

  router.get(
    "/demo-store",
    handle((request, response) => page(request, response, "index", async (_context, _current, current) => ({ products: await storeProducts(db, current.id) }))),
  );

  router.get(
    "/demo-store/products/:handle",
    handle((request, response) =>
      page(request, response, "product", async (context, _current, current) => {
        const product = await storeProduct(db, current.id, String(request.params.handle));
        if (!product) return null;
        return {
          product,
          product_points_block: await renderer.renderBlock("product-points", context, { product }),
          frequently_bought_together_block: await renderer.renderBlock("frequently-bought-together", context, { product }),
        };
      }),
    ),
  );

  router.get(
    "/demo-store/account/login",
    handle((request, response) =>
      page(request, response, "login", async (context, _current, current) => ({
        candidates: (await pickableCustomers(db, current.id, CUSTOMERS_OFFERED)).map((candidate) => ({ ...candidate, available_text: formatNumber(context.locale, candidate.available) })),
      })),
    ),
  );

  router.post(
    "/demo-store/account/login",
    form,
    handle(async (request, response) => {
      const parsed = signInSchema.safeParse(request.body);
      if (!parsed.success) return void response.status(400).type("text/plain").send("Choose a customer");
      response.cookie(COOKIES.customer, parsed.data.customerId, { httpOnly: true, sameSite: "lax", path: "/" }).redirect(303, "/demo-store/account");
    }),
  );

  router.post("/demo-store/account/logout", (_request, response) => {
    response.clearCookie(COOKIES.customer, { path: "/" }).redirect(303, "/demo-store");
  });

  router.get(
    "/demo-store/account",
    handle(async (request, response) => {
      const current = await shopper(request, (await shop()).id);
      if (!current.customer) return void response.redirect(303, "/demo-store/account/login");
      await page(request, response, "account", async (context) => ({ account_hub_block: await renderer.renderBlock("account-hub", context) }));
    }),
  );

  router.post("/demo-store/locale", form, (request, response) => {
    const parsed = localeSchema.safeParse(request.body);
    if (!parsed.success) return void response.status(400).type("text/plain").send("Choose de or en");
    response.cookie(COOKIES.locale, parsed.data.locale, { sameSite: "lax", path: "/" }).redirect(303, parsed.data.back);
  });

  /** Stores the shopper's changed cart under their cookie (a new one for a shopper without a cart). */
  function storeCart(request: ExpressRequest, response: ExpressResponse, update: (cart: Cart) => Cart): Cart {
    const id = readCookies(request.headers.cookie).get(COOKIES.cart);
    const cart = update(carts.get(id));
    response.cookie(COOKIES.cart, carts.put(id, cart), { httpOnly: true, sameSite: "lax", path: "/" });
    return cart;
  }

  function saveCart(request: ExpressRequest, response: ExpressResponse, update: (cart: Cart) => Cart) {
    storeCart(request, response, update);
    response.redirect(303, "/demo-store/cart");
  }

  /** The cart's lines with what the shop knows of their variants (lines of variants gone since are left out). */
  async function ajaxLines(shopId: string, cart: Cart): Promise<AjaxLine[]> {
    const variants = await variantsForCart(db, shopId, cart.lines.map((line) => line.variantId));
    return cart.lines.flatMap((line) => {
      const variant = variants.get(line.variantId);
      return variant ? [{ ...line, productId: variant.productId, title: variant.title, variantTitle: variant.variantTitle, handle: variant.handle, unitMinor: variant.unitMinor }] : [];
    });
  }

  const cartFailure = (response: ExpressResponse, error: CartError) => void response.status(error.status).type("json").send(JSON.stringify(error));

  // Shopify's Ajax Cart API (cart-ajax.ts), which the cross-sell block uses.
  router.post(
    "/demo-store/cart/add.js",
    express.json({ limit: "16kb" }),
    handle(async (request, response) => {
      const parsed = cartAddSchema.safeParse(request.body);
      if (!parsed.success) return cartFailure(response, badCartRequest("Send items: [{ id, quantity, properties }] with a variant id and a quantity from 1 to 20."));
      const { items, single } = parsed.data;
      const currentShop = await shop();
      const variants = await variantsForCart(db, currentShop.id, items.map((item) => item.id));
      for (const item of items) {
        const variant = variants.get(item.id);
        if (!variant) return cartFailure(response, cartError("Cannot find variant"));
        if (!variant.available) return cartFailure(response, cartError(`The product '${variant.title}' is already sold out.`));
      }
      const cart = storeCart(request, response, (current) => items.reduce((next, item) => addToCart(next, item.id, item.quantity, item.properties), current));
      const added = new Set(items.map((item) => lineKey({ variantId: item.id, properties: item.properties })));
      const lines = (await ajaxLines(currentShop.id, cart)).filter((line) => added.has(lineKey(line)));
      response.set("Cache-Control", "no-store").type("json").send(addedJson(lines, single));
    }),
  );

  router.get(
    "/demo-store/cart.js",
    handle(async (request, response) => {
      const currentShop = await shop();
      const lines = await ajaxLines(currentShop.id, carts.get(readCookies(request.headers.cookie).get(COOKIES.cart)));
      response.set("Cache-Control", "no-store").type("json").send(cartJson(lines, currentShop.currency));
    }),
  );

  router.post("/demo-store/cart/add", form, (request, response) => {
    const parsed = addSchema.safeParse(request.body);
    if (!parsed.success) return void response.status(400).type("text/plain").send("Choose a variant");
    saveCart(request, response, (cart) => addToCart(cart, parsed.data.variantId, parsed.data.quantity));
  });

  router.post("/demo-store/cart/remove", form, (request, response) => {
    const parsed = lineSchema.safeParse(request.body);
    if (!parsed.success) return void response.status(400).type("text/plain").send("Choose a line");
    saveCart(request, response, (cart) => removeFromCart(cart, parsed.data.key));
  });

  router.post("/demo-store/cart/code", form, (request, response) => {
    const parsed = codeSchema.safeParse(request.body);
    if (!parsed.success) return void response.status(400).type("text/plain").send("Enter a code");
    saveCart(request, response, (cart) => ({ ...cart, code: parsed.data.code || null }));
  });

  router.get(
    "/demo-store/cart",
    handle((request, response) =>
      page(request, response, "cart", async (context, current, currentShop) => {
        const view = await viewCheckout(db, currentShop, carts.get(current.cartId), current.customer, new Date());
        const money = (minor: number) => formatMoney(context.locale, minor, currentShop.currency);
        // Shopify's `cart` object, as much of it as the cross-sell block reads.
        const cart = { items: view.lines.map((line) => ({ product_id: line.productId, variant_id: line.variantId, quantity: line.quantity })) };
        return {
          frequently_bought_together_block: await renderer.renderBlock("frequently-bought-together", context, { cart }),
          checkout: {
            ...view,
            lines: view.lines.map((line) => ({ ...line, line_price: line.unitMinor * line.quantity })),
            line_discounts: view.priced.lineDiscountsMinor.reduce((sum, amount) => sum + amount, 0) + view.priced.shippingDiscountMinor,
          },
          code: carts.get(current.cartId).code,
          refusal: view.refusal && `demoStore.cart.refused.${view.refusal}`,
          minimum: view.minimumSubtotalMinor === null ? "" : money(view.minimumSubtotalMinor),
          free_shipping_from: money(FREE_SHIPPING_FROM_MINOR),
        };
      }),
    ),
  );

  router.post(
    "/demo-store/checkout",
    handle(async (request, response) => {
      const currentShop = await shop();
      const current = await shopper(request, currentShop.id);
      const cart = carts.get(current.cartId);
      const view = await viewCheckout(db, currentShop, cart, current.customer, new Date());
      // A refused code or an empty cart goes back to the cart, which says why.
      if (view.refusal || view.lines.length === 0) return void response.redirect(303, "/demo-store/cart");
      const placed = await placeOrder(db, {
        shop: currentShop,
        view,
        customer: current.customer,
        locale: current.locale,
        appUrl: appUrl(request),
        secret: config.shopify.apiSecret,
        shipTo: current.customer?.shipTo ?? null,
      });
      // The code was used up meanwhile: the cart says so when shown again.
      if (!placed.placed) return void response.redirect(303, "/demo-store/cart");
      carts.clear(current.cartId);
      response.redirect(303, `/demo-store/orders/${placed.orderId}?placed=${Date.now()}`);
    }),
  );

  router.get(
    "/demo-store/orders/:orderId",
    handle((request, response) =>
      page(request, response, "order", async (context, _current, currentShop) => {
        const orderId = z.string().regex(/^\d+$/).safeParse(request.params.orderId);
        if (!orderId.success) return null;
        const outcome = await orderOutcome(db, currentShop.id, orderId.data);
        const placedAt = Number(request.query.placed) || 0;
        // Processed: the order is stored and the program has earned on it (or has had its time, or
        // it is a guest's).
        const processed = outcome !== null && (outcome.earned !== null || outcome.guest || Date.now() - placedAt > PROCESSING_WAIT_MS);
        return {
          processed,
          order: outcome && {
            name: outcome.orderName ?? "",
            total: outcome.totalMinor,
            earned_points: outcome.earned?.points ?? 0,
            available_on: formatDate(context.locale, outcome.earned?.availableAt?.toISOString() ?? null) ?? "",
            used_codes: outcome.usedCodes,
          },
        };
      }),
    ),
  );

  const [rawBody, forward] = forwardAppProxy(DEMO_SHOP.domain, config.shopify.apiSecret, appUrl);
  router.all(`${PROXY_PREFIX}/*`, rawBody, handle(forward));

  return router;
}
