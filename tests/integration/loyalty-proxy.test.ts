import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { recordInstall } from "~/core/shops/shops.server";
import { loader as memberLoader } from "~/routes/proxy.loyalty.member";
import { action as redeemAction } from "~/routes/proxy.loyalty.redeem";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { customerGid } from "../fakes/shopify-dataset";
import { askProxy, type AppProxyRequestOptions } from "../helpers/app-proxy";
import { creditImportedPoints, startTestProgram } from "../helpers/loyalty-program";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// The storefront's loyalty endpoints as Shopify's app proxy calls them: signed queries naming the
// shop and the signed-in customer, answered with JSON that nobody caches. Redemptions go through
// the Shopify adapter to a fake Admin API.

const OTHER_SHOP = "other-shop.myshopify.com";
const KIM = customerGid(1).split("/").pop()!;

let runtime: Runtime;

const FLEX_REWARD = {
  id: "flex",
  kind: "variable_amount",
  title: { de: "Wunschrabatt", en: "Discount of your choice" },
  active: true,
  pointsPerUnit: 100,
  minPoints: 100,
  maxPoints: 500,
  minimumSubtotalMinor: null,
  codeValidDays: 30,
} as const;

/** The test program, with a reward whose points the shopper chooses. */
const WITH_FLEX_REWARD: Partial<ProgramSettings> = { rewards: [...DEFAULT_PROGRAM_SETTINGS.rewards, FLEX_REWARD] };

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const { fake } = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });

/** A shop with the program on and a customer holding `points`. */
async function memberWithPoints(domain: string, platformId: string, points: number) {
  const shop = await startTestProgram(runtime.db, WITH_FLEX_REWARD, domain);
  const customer = await runtime.db.customer.create({ data: { shopId: shop.id, platformId, email: `${platformId}@example.org` } });
  await creditImportedPoints(runtime.db, { shopId: shop.id, customerId: customer.id, points, at: new Date(), sourceKey: `import:${customer.id}` });
  return { shop, customer };
}

const balanceOf = async (customerId: string) => (await runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId } })).balance;

const getMember = (options: Partial<AppProxyRequestOptions> = {}) => askProxy(runtime, memberLoader, { shop: TEST_SHOP, path: "/proxy/loyalty/member", ...options });

const redeem = (body: unknown, options: Partial<AppProxyRequestOptions> = {}) =>
  askProxy(runtime, redeemAction, { shop: TEST_SHOP, customerId: KIM, path: "/proxy/loyalty/redeem", method: "POST", body, ...options });

describe("member state", () => {
  test("a signed-in member sees balances, tier, progress, affordable rewards and history in their language", async () => {
    await memberWithPoints(TEST_SHOP, KIM, 800);
    const { status, body, cache } = await getMember({ customerId: KIM, query: { locale: "de" } });
    expect(status).toBe(200);
    expect(cache).toBe("no-store");
    expect(body.member).toMatchObject({
      balance: 800,
      available: 800,
      pending: 0,
      tier: { id: "bronze", name: "Bronze" },
      next: { id: "silver", name: "Silber", missing: 25_000, text: "Noch 250,00\u00a0€ Einkaufswert bis Silber" },
      progress: 0,
      history: [{ points: 800, text: "Übernommene Punkte", note: null }],
    });
    const program = body.program as { earnText: string; rewards: Array<{ id: string; priceText: string; affordable: boolean }> };
    expect(program.earnText).toBe("Sammeln Sie 1 Punkt für jeden Einkauf von 1,00\u00a0€");
    expect(program.rewards.map((reward) => [reward.id, reward.affordable])).toEqual([
      ["five-off", true],
      ["ten-percent", true],
      ["free-shipping", true],
      ["flex", true],
    ]);
    expect(program.rewards[0]!.priceText).toBe("500 Punkte");

    const english = await getMember({ customerId: KIM, query: { locale: "en" } });
    expect(english.body.member).toMatchObject({ next: { name: "Silver", text: "Spend €250.00 more to reach Silver" }, history: [{ text: "Points carried over" }] });
  });

  test("an order's points are listed under the order's name", async () => {
    await startTestProgram(runtime.db, WITH_FLEX_REWARD);
    await deliverWebhook("orders/create");
    await runtime.queue.drain();
    const { body } = await getMember({ customerId: "207119551123456783", query: { locale: "de" } });
    expect((body.member as { history: unknown[] }).history).toEqual([expect.objectContaining({ text: "Bestellung #1042", points: 266 })]);
  });

  test("a shopper who is not signed in gets the program and no member", async () => {
    await memberWithPoints(TEST_SHOP, KIM, 800);
    const { status, body } = await getMember({ query: { locale: "en" } });
    expect(status).toBe(200);
    expect(body.member).toBeNull();
    expect(body.program).toMatchObject({ pointsPerUnit: 1, earnText: "Earn 1 point for every €1.00 you spend" });
    expect((body.program as { rewards: Array<{ affordable: boolean }> }).rewards.every((reward) => !reward.affordable)).toBe(true);
  });

  test("without a program both are null", async () => {
    expect((await getMember({ customerId: KIM })).body).toEqual({ program: null, member: null });
  });

  test("a wrong signature, another secret or an old timestamp is answered 401", async () => {
    await memberWithPoints(TEST_SHOP, KIM, 800);
    for (const options of [{ signature: "0".repeat(64) }, { secret: "not-the-app-secret" }, { timestamp: Math.trunc(Date.now() / 1000) - 600 }]) {
      const { status, body, cache } = await getMember({ customerId: KIM, ...options });
      expect({ status, body, cache }).toEqual({ status: 401, body: { error: "bad_signature" }, cache: "no-store" });
    }
  });

  test("a repeated query key is signed as Shopify signs it, its values joined by commas", async () => {
    await memberWithPoints(TEST_SHOP, KIM, 800);
    expect((await getMember({ customerId: KIM, query: { locale: "en", view: ["panel", "compact"] } })).status).toBe(200);
  });

  test("a customer id is only ever looked up in the signed shop", async () => {
    await memberWithPoints(TEST_SHOP, "111", 100);
    await recordInstall(runtime.db, { platform: "SHOPIFY", domain: OTHER_SHOP, sealedAccessToken: runtime.secretBox.seal("shpat_other"), scopes: "", currency: "EUR" });
    const { customer: theirs } = await memberWithPoints(OTHER_SHOP, KIM, 5_000);
    const { body } = await getMember({ customerId: KIM });
    expect(body.member).toBeNull();
    expect((await redeem({ rewardId: "five-off", requestKey: "cross-shop-1" })).body).toMatchObject({ error: "not_a_member" });
    expect(await balanceOf(theirs.id)).toBe(5_000);
  });
});

describe("redemption", () => {
  test("a member redeems a reward: a code with its expiry, the balance lowered, the same key gives the same code", async () => {
    const { customer } = await memberWithPoints(TEST_SHOP, KIM, 800);
    const first = await redeem({ rewardId: "five-off", requestKey: "click-0001" }, { query: { locale: "en" } });
    expect(first.status).toBe(200);
    expect(first.cache).toBe("no-store");
    expect(first.body).toMatchObject({ code: expect.stringMatching(/^TREUE-[A-Z2-9]{5}-[A-Z2-9]{5}$/), points: 500 });
    expect(new Date(first.body.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect(await balanceOf(customer.id)).toBe(300);
    // The code is the signed-in customer's alone, single use.
    expect(fake.discounts()).toEqual([expect.objectContaining({ code: first.body.code, customerIds: [customerGid(1)], status: "ACTIVE" })]);

    const again = await redeem({ rewardId: "five-off", requestKey: "click-0001" });
    expect(again.body.code).toBe(first.body.code);
    expect(await balanceOf(customer.id)).toBe(300);
    expect(fake.discounts()).toHaveLength(1);

    const member = await getMember({ customerId: KIM, query: { locale: "en" } });
    expect((member.body.member as { history: Array<{ text: string; points: number }> }).history[0]).toMatchObject({
      text: "Redeemed for €5 off",
      points: -500,
    });
  });

  test("refusals answer with their reason: 409 for too few points, 422 for an amount the reward does not allow", async () => {
    const { customer } = await memberWithPoints(TEST_SHOP, KIM, 300);
    const poor = await redeem({ rewardId: "ten-percent", requestKey: "click-0002" }, { query: { locale: "de" } });
    expect(poor).toMatchObject({ status: 409, body: { error: "not_enough_points", message: "Für diese Prämie haben Sie noch nicht genug Punkte." } });
    expect((await redeem({ rewardId: "flex", chosenPoints: 150, requestKey: "click-0003" })).body).toMatchObject({ error: "not_a_step" });
    expect((await redeem({ rewardId: "flex", chosenPoints: 900, requestKey: "click-0004" })).status).toBe(422);
    expect((await redeem({ rewardId: "no-such-reward", requestKey: "click-0005" })).body).toMatchObject({ error: "inactive" });
    expect(await balanceOf(customer.id)).toBe(300);
    expect(fake.discounts()).toHaveLength(0);
  });

  test("only a signed-in customer with a JSON request and a signed query can redeem", async () => {
    const { customer } = await memberWithPoints(TEST_SHOP, KIM, 800);
    expect((await redeem({ rewardId: "five-off", requestKey: "click-0006" }, { customerId: "" })).status).toBe(403);
    expect((await redeem({ rewardId: "five-off", requestKey: "click-0007" }, { signature: "f".repeat(64) })).status).toBe(401);
    expect((await redeem({ rewardId: "five-off" })).status).toBe(400);
    expect((await redeem(undefined, { form: { rewardId: "five-off", requestKey: "click-0008" } })).status).toBe(415);
    expect(await balanceOf(customer.id)).toBe(800);
  });
});
