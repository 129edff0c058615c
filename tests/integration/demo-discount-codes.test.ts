import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { PlatformActionError, type DiscountCodeRequest } from "~/core/platform-actions";
import { demoPlatformActions } from "~/demo/demo-platform-actions";
import { placeOrder, viewCheckout, type CheckoutShop } from "~/demo/storefront/checkout.server";
import type { StoreCustomer } from "~/demo/storefront/storefront-data.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// The demo's platform keeps the codes the programs create and counts their uses as Shopify does:
// a code is the shop's once (in any case), a single-use code is refused at the second checkout,
// a customer's code for anyone else, and of two checkouts racing for its one use only one gets it.
// The app's webhook endpoint is stood in for by a server that counts the orders it is sent.

const DOMAIN = "demo-codes.myshopify.com";
const VARIANT = "40001";
let runtime: Runtime;
let shop: CheckoutShop;
let app: Server;
let appUrl: string;
let ordersReceived: number;
let appAnswers: number;
let lastBody: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  app = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      lastBody = body;
      if (appAnswers === 200) ordersReceived += 1;
      response.writeHead(appAnswers).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await runtime.close();
});

beforeEach(async () => {
  ordersReceived = 0;
  appAnswers = 200;
  await runtime.db.shop.deleteMany();
  await runtime.db.demoDiscountCode.deleteMany();
  const row = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: DOMAIN, currency: "EUR" } });
  shop = { id: row.id, domain: DOMAIN, currency: "EUR" };
  await runtime.db.product.create({
    data: {
      shopId: row.id,
      platformId: "30001",
      title: "Tasse",
      handle: "tasse",
      status: "active",
      variants: { create: { shopId: row.id, platformId: VARIANT, title: "Default Title", priceMinor: 2_500n, currency: "EUR", available: true } },
    },
  });
});

const customer = (platformId: string): StoreCustomer => ({ id: platformId, platformId, first_name: "Test", last_name: platformId, name: `Test ${platformId}`, email: `${platformId}@example.org`, available: 0 });

function codeRequest(code: string, overrides: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest {
  return {
    code,
    title: code,
    value: { kind: "amount", amountMinor: 1_000n, currency: "EUR" },
    customerPlatformId: null,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: null,
    startsAt: new Date(Date.now() - 60_000),
    endsAt: null,
    ...overrides,
  };
}

const cart = (code: string, quantity = 1) => ({ lines: [{ variantId: VARIANT, quantity }], code });
const view = (code: string, shopper: StoreCustomer | null, quantity = 1) => viewCheckout(runtime.db, shop, cart(code, quantity), shopper, new Date());
const order = async (code: string, shopper: StoreCustomer | null) =>
  placeOrder(runtime.db, { shop, view: await view(code, shopper), customer: shopper, locale: "de", appUrl, secret: "test-secret" });
const usedCount = async (code: string) => (await runtime.db.demoDiscountCode.findFirstOrThrow({ where: { shopId: shop.id, code } })).usedCount;

describe("the demo platform's discount codes", () => {
  test("a code is the shop's once, in any case; deactivating an unknown code is not_found", async () => {
    const actions = demoPlatformActions(runtime.db, DOMAIN);
    const created = await actions.createDiscountCode(codeRequest("FREUND-ABCD"));
    expect(created).toEqual({ platformId: expect.stringMatching(/^demo-discount:/), code: "FREUND-ABCD" });
    await expect(actions.createDiscountCode(codeRequest("freund-abcd"))).rejects.toMatchObject({ action: "createDiscountCode", failure: "code_taken" });
    const missing = await actions.deactivateDiscountCode("demo-discount:none").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(PlatformActionError);
    expect(missing).toMatchObject({ failure: "not_found" });
    expect(await runtime.db.demoDiscountCode.count()).toBe(1);
  });

  test("a single-use code takes off its value once; the second checkout refuses it, even for another customer", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("FREUND-ONCE"));
    const first = await view("freund-once", customer("1001"));
    expect(first.refusal).toBeNull();
    expect(first.priced.discount).toMatchObject({ code: "FREUND-ONCE", amountMinor: 1_000 });
    expect(await order("FREUND-ONCE", customer("1001"))).toMatchObject({ placed: true, orderId: expect.stringMatching(/^\d+$/) });
    expect(await usedCount("FREUND-ONCE")).toBe(1);

    // The leaked code: refused for a second customer and a guest, as Shopify refuses it.
    expect((await view("FREUND-ONCE", customer("1002"))).refusal).toBe("used");
    expect((await view("FREUND-ONCE", null)).refusal).toBe("used");
    expect(ordersReceived).toBe(1);
  });

  test("a customer's code is refused for another customer and a guest", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("ANNA-ONLY", { customerPlatformId: "1001" }));
    expect((await view("ANNA-ONLY", customer("1002"))).refusal).toBe("notYours");
    expect((await view("ANNA-ONLY", null)).refusal).toBe("notYours");
    expect((await view("ANNA-ONLY", customer("1001"))).refusal).toBeNull();
  });

  test("a code with a minimum is refused below it", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("MIN-60", { minimumSubtotal: { amountMinor: 6_000n, currency: "EUR" } }));
    expect(await view("MIN-60", null)).toMatchObject({ refusal: "minimum_not_reached", minimumSubtotalMinor: 6_000, codePlatformId: null });
    expect((await view("MIN-60", null, 3)).refusal).toBeNull();
  });

  test("of two checkouts racing for a single-use code, one places its order and the other is refused", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("FREUND-RACE"));
    // Both saw the code valid before either placed the order.
    const [anna, ben] = await Promise.all([view("FREUND-RACE", customer("1001")), view("FREUND-RACE", customer("1002"))]);
    expect([anna.refusal, ben.refusal]).toEqual([null, null]);
    const placed = await Promise.all([
      placeOrder(runtime.db, { shop, view: anna, customer: customer("1001"), locale: "de", appUrl, secret: "test-secret" }),
      placeOrder(runtime.db, { shop, view: ben, customer: customer("1002"), locale: "de", appUrl, secret: "test-secret" }),
    ]);
    expect(placed.filter((result) => result.placed)).toHaveLength(1);
    expect(placed.filter((result) => !result.placed)).toEqual([{ placed: false, refusal: "used" }]);
    expect(await usedCount("FREUND-RACE")).toBe(1);
    expect(ordersReceived).toBe(1);
  });

  test("an order the app did not take gives the code's use back", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("FREUND-RETRY"));
    appAnswers = 500;
    await expect(order("FREUND-RETRY", null)).rejects.toThrow(/answered 500/);
    expect(await usedCount("FREUND-RETRY")).toBe(0);
    appAnswers = 200;
    expect(await order("FREUND-RETRY", null)).toMatchObject({ placed: true });
    expect(await usedCount("FREUND-RETRY")).toBe(1);
  });

  test("an order of the demo's history is placed at its own time, with its address", async () => {
    const at = new Date("2026-03-02T10:15:00Z");
    const shipTo = { firstName: "Ida", lastName: "Berg", address1: "Lindenweg 4", address2: null, zip: "80331", city: "München", countryCode: "DE" };
    const view = await viewCheckout(runtime.db, shop, cart(""), null, at);
    expect(await placeOrder(runtime.db, { shop, view, customer: null, locale: "de", appUrl, secret: "test-secret", at, shipTo })).toMatchObject({ placed: true });
    const body = JSON.parse(lastBody) as { created_at: string; shipping_address: { address1: string; zip: string } };
    expect(new Date(body.created_at)).toEqual(at);
    expect(body.shipping_address).toMatchObject({ address1: "Lindenweg 4", zip: "80331" });
  });
});
