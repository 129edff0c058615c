import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import { action, loader } from "~/routes/app.customers.$customerId";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { customerGid } from "../fakes/shopify-dataset";
import { signedAdminRequest } from "../helpers/admin-requests";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { startTestProgram } from "../helpers/loyalty-program";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// The customer's page as the Shopify admin calls it: address, products bought, paged orders,
// loyalty, and the forms that change tags (through the platform) and points.

const STORE = TEST_SHOP.replace(".myshopify.com", "");
const ANA = "207119551123456783";
/** A customer the fake Shopify store knows, so tag changes reach it. */
const KIM = customerGid(1).split("/").pop()!;

let runtime: Runtime;
let queue: JobQueue;

const customerId = async (platformId: string) => (await runtime.db.customer.findFirstOrThrow({ where: { platformId } })).id;

async function load(id: string, query = "") {
  const request = await signedAdminRequest(STORE, new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/customers/${id}${query}`));
  return loader({ request, params: { customerId: id }, context: { runtime } });
}

async function post(id: string, fields: Record<string, string>) {
  const request = await signedAdminRequest(
    STORE,
    new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/customers/${id}`, { method: "POST", body: new URLSearchParams(fields) }),
  );
  const result = await action({ request, params: { customerId: id }, context: { runtime } });
  if (!result) throw new Error("The action answered nothing");
  return result.notice;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);
});
const { fake } = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES, fresh: "all" });
beforeAll(async () => {
  await startTestProgram(runtime.db);
  await deliverWebhook("orders/create");
  await deliverWebhook("refunds/create");
  await deliverWebhook("orders/paid");
  await deliverWebhook("customers/create", { body: replaceAll(shopifyFixture("customers/create"), "207119551123456821", KIM) });
  await queue.drain();
});
afterAll(async () => {
  await runtime.close();
});

describe("customer page", () => {
  test("shows the address, the products kept, the orders page and the member's points", async () => {
    const page = await load(await customerId(ANA));
    expect(page.profile.address).toMatchObject({ countryCode: expect.stringMatching(/^[A-Z]{2}$/) });
    expect(page.products.length).toBeGreaterThan(0);
    // The refund took one unit back: units kept, not bought.
    const bought = await runtime.db.orderLineItem.aggregate({ _sum: { quantity: true }, where: { order: { customer: { platformId: ANA } } } });
    expect(page.products.reduce((sum, product) => sum + product.quantity, 0)).toBe((bought._sum.quantity ?? 0) - 1);
    expect(page).toMatchObject({ ordersPage: 1, ordersPageCount: 1, ordersTotal: 1 });
    expect(page.loyalty).toMatchObject({ programActive: true, member: { tier: { id: "bronze" } } });
    expect(page.loyalty.member!.balance).toBeGreaterThan(0);
    expect(page.timeline.some((item) => item.kind === "loyalty.points_earned" && (item.points ?? 0) > 0)).toBe(true);
  });

  test("a hand-edited orders page is ignored", async () => {
    const page = await load(await customerId(ANA), "?orders=abc");
    expect(page.ordersPage).toBe(1);
  });

  test("tags change at the platform first, then in the CRM", async () => {
    const id = await customerId(KIM);
    expect(await post(id, { intent: "addTag", tag: "  Stammkunde " })).toMatchObject({ tone: "success", key: "customer.tags.saved" });
    expect(fake.dataset.customers.find((node) => node.id === customerGid(1))?.tags).toContain("Stammkunde");
    expect((await load(id)).profile.tags).toContain("Stammkunde");
    expect(await post(id, { intent: "removeTag", tag: "Stammkunde" })).toMatchObject({ tone: "success" });
    expect((await load(id)).profile.tags).not.toContain("Stammkunde");
    expect(await post(id, { intent: "addTag", tag: "a,b" })).toMatchObject({ tone: "critical", key: "customer.tags.problem.comma" });
  });

  test("a tag the platform refuses is reported, and the CRM's copy stays as it was", async () => {
    // Ana is not a customer of the fake store: Shopify answers that the customer does not exist.
    const id = await customerId(ANA);
    const before = (await load(id)).profile.tags;
    expect(await post(id, { intent: "addTag", tag: "VIP" })).toMatchObject({ tone: "critical", key: "customer.tags.failed" });
    expect((await load(id)).profile.tags).toEqual(before);
  });

  test("a guest's tags cannot be changed", async () => {
    const guest = await runtime.db.customer.findFirstOrThrow({ where: { isGuest: true } });
    expect(await post(guest.id, { intent: "addTag", tag: "x" })).toMatchObject({ tone: "critical", key: "customer.tags.refused.no_account" });
  });

  test("points are corrected with a reason, once per form, never below the floor", async () => {
    const id = await customerId(ANA);
    const before = (await load(id)).loyalty.member!.balance;
    const requestKey = "8d4d7a6c-6f8b-4d1e-9d7e-2f1b3c4d5e6f";
    expect(await post(id, { intent: "adjustPoints", points: "50", reason: "Kulanz", requestKey })).toMatchObject({ tone: "success" });
    await post(id, { intent: "adjustPoints", points: "50", reason: "Kulanz", requestKey });
    const after = (await load(id)).loyalty.member!;
    expect(after.balance).toBe(before + 50);
    expect(after.entries[0]).toMatchObject({ kind: "ADJUST", points: 50, reason: "Kulanz" });
    expect(await post(id, { intent: "adjustPoints", points: "5", reason: " ", requestKey: crypto.randomUUID() })).toMatchObject({
      key: "customer.loyalty.refused.no_reason",
    });
  });

  test("the merchant redeems a reward for the customer and can withdraw it while unused", async () => {
    const id = await customerId(KIM);
    await post(id, { intent: "adjustPoints", points: "600", reason: "Kulanz", requestKey: crypto.randomUUID() });
    // Kim also earned points for her account and newsletter subscription.
    const before = (await load(id)).loyalty.member!.balance;
    const redeemed = await post(id, { intent: "redeemReward", rewardId: "five-off", requestKey: crypto.randomUUID() });
    expect(redeemed).toMatchObject({ tone: "success", key: "customer.loyalty.redeemed" });
    const page = await load(id);
    expect(page.loyalty.member).toMatchObject({ balance: before - 500 });
    const reward = page.loyalty.member!.rewards[0]!;
    expect(reward).toMatchObject({ status: "ISSUED", points: 500 });
    expect(fake.discounts().some((discount) => discount.code === reward.code)).toBe(true);

    expect(await post(id, { intent: "cancelReward", rewardRowId: reward.id })).toMatchObject({ tone: "success", key: "customer.loyalty.cancelled" });
    expect((await load(id)).loyalty.member).toMatchObject({ balance: before });
    expect(fake.discounts().find((discount) => discount.code === reward.code)?.status).toBe("EXPIRED");
    // Withdrawing again (a double click) returns nothing twice.
    await post(id, { intent: "cancelReward", rewardRowId: reward.id });
    expect((await load(id)).loyalty.member).toMatchObject({ balance: before });
    // Everything on "10 % off" (800) is more than she has once "€5 off" (500) is taken again.
    await post(id, { intent: "redeemReward", rewardId: "five-off", requestKey: crypto.randomUUID() });
    expect(await post(id, { intent: "redeemReward", rewardId: "ten-percent", requestKey: crypto.randomUUID() })).toMatchObject({
      key: "customer.loyalty.redeemRefused.not_enough_points",
    });
  });
});
