import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureReferralCode } from "~/core/referrals/advocate-code.server";
import { DEFAULT_REFERRAL_SETTINGS, type ReferralSettings } from "~/core/referrals/program-settings";
import { saveReferralSettings, setReferralProgramEnabled } from "~/core/referrals/program.server";
import { ipKey, visitorKeys } from "~/core/referrals/visitor-keys";
import { loader as clickLoader } from "~/routes/proxy.r.$code";
import { action as claimAction, loader as claimLoader } from "~/routes/proxy.referrals.claim";
import { loader as meLoader } from "~/routes/proxy.referrals.me";
import { loader as offerLoader } from "~/routes/proxy.referrals.offer";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { customerGid } from "../fakes/shopify-dataset";
import { appProxyRequest, askProxy, type AppProxyRequestOptions } from "../helpers/app-proxy";
import { TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_API_SECRET } from "../helpers/test-runtime";

// The storefront's referral endpoints as Shopify's app proxy calls them: the advocate's link (a
// click counted, a redirect on the shop's domain), the offer behind a code, the shopper's own
// referral block, and the friend's claim, answered with JSON that nobody caches.

const ADVOCATE = customerGid(1).split("/").pop()!;
const FRIEND = customerGid(2).split("/").pop()!;

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const shopify = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });

/** The program on (with the test's changes) and Anna with her code. */
async function program(overrides: Partial<ReferralSettings> = {}, enabled = true) {
  const { db } = runtime;
  const shop = shopify.shop();
  await saveReferralSettings(db, shop.id, { ...DEFAULT_REFERRAL_SETTINGS, ...overrides });
  await setReferralProgramEnabled(db, shop.id, enabled);
  const anna = await db.customer.create({ data: { shopId: shop.id, platformId: ADVOCATE, email: "anna@example.org", firstName: "Anna", lastName: "Berg" } });
  const code = (await ensureReferralCode(db, shop.id, anna.id))!;
  return { shop, anna, code: code.code, codeId: code.id };
}

/** The link's request as the proxy forwards it, from the shopper's address and browser. */
async function click(code: string, headers: Record<string, string> = {}) {
  const signed = appProxyRequest({ shop: TEST_SHOP, path: `/proxy/r/${code}` });
  const request = new Request(signed.url, { headers });
  return clickLoader({ request, params: { code }, context: { runtime } });
}

const getOffer = (query: AppProxyRequestOptions["query"]) => askProxy(runtime, offerLoader, { shop: TEST_SHOP, path: "/proxy/referrals/offer", query });
const getMe = (options: Partial<AppProxyRequestOptions> = {}) => askProxy(runtime, meLoader, { shop: TEST_SHOP, path: "/proxy/referrals/me", ...options });
const postClaim = (body: unknown, options: Partial<AppProxyRequestOptions> = {}) =>
  askProxy(runtime, claimAction, { shop: TEST_SHOP, path: "/proxy/referrals/claim", method: "POST", body, query: { locale: "de" }, ...options });

describe("the advocate's link", () => {
  test("a click is counted under the visitor's keys and sent on to the shop's home page with the code", async () => {
    const { shop, code, codeId } = await program();
    const response = await click(code.toLowerCase(), { "x-forwarded-for": "203.0.113.7, 10.0.0.1", "user-agent": "Mozilla/5.0" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/?crm_ref=${code}`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const clicks = await runtime.db.referralClick.findMany({ where: { shopId: shop.id } });
    expect(clicks).toEqual([
      expect.objectContaining({ codeId, ...visitorKeys(TEST_API_SECRET, shop.id, { ip: "203.0.113.7", userAgent: "Mozilla/5.0" }) }),
    ]);
  });

  test("an unknown code or a switched-off program leads to the home page and counts nothing", async () => {
    const { shop, code } = await program();
    const unknown = await click("NIEMAND-2345");
    expect([unknown.status, unknown.headers.get("location")]).toEqual([302, "/"]);
    await setReferralProgramEnabled(runtime.db, shop.id, false);
    const off = await click(code);
    expect([off.status, off.headers.get("location")]).toEqual([302, "/"]);
    expect(await runtime.db.referralClick.count()).toBe(0);
  });

  test("a request Shopify did not sign is refused", async () => {
    const { code } = await program();
    const signed = appProxyRequest({ shop: TEST_SHOP, path: `/proxy/r/${code}`, signature: "0".repeat(64) });
    const refused = await clickLoader({ request: signed, params: { code }, context: { runtime } }).catch((error: unknown) => error as Response);
    expect(refused.status).toBe(401);
    expect(await runtime.db.referralClick.count()).toBe(0);
  });
});

describe("the offer", () => {
  test("names the advocate by first name and the friend's reward in the shopper's language", async () => {
    const { code } = await program();
    const german = await getOffer({ code: code.toLowerCase(), locale: "de" });
    expect(german).toEqual({
      status: 200,
      cache: "no-store",
      body: { code, advocateName: "Anna", friendReward: { text: "10,00\u00a0€ Rabatt", minimumText: "ab 30,00\u00a0€ Bestellwert", validDays: 30 } },
    });
    const english = await getOffer({ code, locale: "en" });
    expect(english.body.friendReward).toEqual({ text: "€10.00 off", minimumText: "on orders of €30.00 or more", validDays: 30 });
  });

  test("an unknown code and a switched-off program are 404 with a message", async () => {
    const { shop, code } = await program();
    expect(await getOffer({ code: "NIEMAND-2345", locale: "en" })).toMatchObject({
      status: 404,
      body: { error: "unknown_code", message: "This referral link is not valid (any more)." },
    });
    await setReferralProgramEnabled(runtime.db, shop.id, false);
    expect(await getOffer({ code, locale: "de" })).toMatchObject({ status: 404, body: { error: "inactive", message: expect.stringContaining("Empfehlungsprogramm") } });
  });
});

describe("the shopper's referral block", () => {
  test("a switched-off program says only that", async () => {
    await program({}, false);
    expect((await getMe({ customerId: ADVOCATE })).body).toEqual({ enabled: false });
  });

  test("signed out: the offers for both sides", async () => {
    await program({ advocateReward: { kind: "points", points: 500 } });
    expect((await getMe({ query: { locale: "de" } })).body).toEqual({
      enabled: true,
      signedIn: false,
      friendOfferText: "Ihre Freundinnen und Freunde erhalten 10,00\u00a0€ Rabatt auf ihre erste Bestellung ab 30,00\u00a0€.",
      advocateOfferText: "Sie erhalten 500 Punkte für jede Person, deren erste Bestellung bei uns durchgeht.",
    });
  });

  test("signed in: the link on the shop's domain, the share text, the referrals' figures and the rewards given", async () => {
    const { db } = runtime;
    const { shop, codeId } = await program();
    const base = { shopId: shop.id, codeId, friendLocale: "de", friendReward: DEFAULT_REFERRAL_SETTINGS.friendReward, claimIpKey: "ip", claimDeviceKey: "device" };
    const day = 86_400_000;
    const now = Date.now();
    await db.referral.createMany({
      data: [
        { ...base, friendCode: "FREUND-A", requestKey: "a", status: "CLAIMED", friendCodeExpiresAt: new Date(now + day) },
        { ...base, friendCode: "FREUND-B", requestKey: "b", status: "CLAIMED", friendCodeExpiresAt: new Date(now - day) },
        { ...base, friendCode: "FREUND-C", requestKey: "c", status: "PENDING" },
        { ...base, friendCode: "FREUND-D", requestKey: "d", status: "VOIDED" },
        {
          ...base,
          friendCode: "FREUND-E",
          requestKey: "e",
          status: "REWARDED",
          advocateReward: DEFAULT_REFERRAL_SETTINGS.advocateReward,
          advocateRewardCode: "FREUND-DANKE",
          advocateRewardedAt: new Date("2026-10-05T09:00:00Z"),
        },
        { ...base, friendCode: "FREUND-F", requestKey: "f", status: "REWARDED", advocateRewardPoints: 250, advocateRewardedAt: new Date("2026-11-01T09:00:00Z") },
      ],
    });
    const { body } = await getMe({ customerId: ADVOCATE, query: { locale: "en" } });
    const code = (await db.referralCode.findUniqueOrThrow({ where: { id: codeId } })).code;
    expect(body).toEqual({
      enabled: true,
      signedIn: true,
      friendOfferText: "Your friends get €10.00 off on their first order of €30.00 or more.",
      advocateOfferText: "You get €10.00 off on orders of €30.00 or more for every friend whose first order goes through.",
      code,
      link: `https://${TEST_SHOP}/apps/crm/r/${code}`,
      shareText: `Get €10.00 off on your first order of €30.00 or more at ${TEST_SHOP} with my link: https://${TEST_SHOP}/apps/crm/r/${code}`,
      friendsReferred: 6,
      friendsPending: 2,
      rewards: [
        { text: "250 points for a friend's first order", at: "2026-11-01T09:00:00.000Z", atText: "Nov 1, 2026" },
        { text: "€10.00 off on orders of €30.00 or more for a friend's first order", at: "2026-10-05T09:00:00.000Z", atText: "Oct 5, 2026" },
      ],
    });
  });

  test("a signed-in customer gets their code on first view; one the shop has not sent yet sees the signed-out block", async () => {
    const { db } = runtime;
    const { shop } = await program();
    const ben = await db.customer.create({ data: { shopId: shop.id, platformId: FRIEND, firstName: "Ben" } });
    const { body } = await getMe({ customerId: FRIEND });
    expect(body).toMatchObject({ signedIn: true, code: expect.stringMatching(/^BEN-/), friendsReferred: 0, friendsPending: 0, rewards: [] });
    expect(await db.referralCode.count({ where: { customerId: ben.id } })).toBe(1);
    expect((await getMe({ customerId: "999" })).body).toMatchObject({ enabled: true, signedIn: false });
  });
});

describe("the claim", () => {
  test("signed out by e-mail: the code, what it takes off, until when — the same request again gives the same code", async () => {
    const { shop, code } = await program();
    const first = await postClaim({ code, email: "ben@example.org", requestKey: "claim-0001" });
    expect(first.status).toBe(200);
    expect(first.cache).toBe("no-store");
    expect(first.body).toEqual({
      code: expect.stringMatching(/^FREUND-[A-HJ-NP-Z2-9]{10}$/),
      rewardText: "10,00\u00a0€ Rabatt",
      minimumText: "ab 30,00\u00a0€ Bestellwert",
      expiresAt: expect.any(String),
      expiresText: expect.any(String),
    });
    expect((await postClaim({ code, email: "ben@example.org", requestKey: "claim-0001" })).body).toEqual(first.body);
    const referral = await runtime.db.referral.findFirstOrThrow({ where: { shopId: shop.id } });
    // No forwarded address: every such request is the one "unknown" visitor.
    expect(referral).toMatchObject({ friendCode: first.body.code, claimIpKey: ipKey(TEST_API_SECRET, shop.id, "unknown"), friendLocale: "de" });
  });

  test("refusals answer with their reason and a message in the shopper's language", async () => {
    const { code } = await program({ claimsPerHourPerIp: 1 });
    expect(await postClaim({ code: "NIEMAND-2345", email: "ben@example.org", requestKey: "claim-0002" })).toMatchObject({
      status: 404,
      body: { error: "unknown_code", message: "Dieser Empfehlungslink ist nicht (mehr) gültig." },
    });
    expect(await postClaim({ code, email: "not an address", requestKey: "claim-0003" }, { query: { locale: "en" } })).toMatchObject({
      status: 422,
      body: { error: "invalid_email", message: "Please enter a valid e-mail address." },
    });
    expect(await postClaim({ code, requestKey: "claim-0004" }, { customerId: ADVOCATE })).toMatchObject({ status: 422, body: { error: "own_code" } });
    expect((await postClaim({ code, email: "ben@example.org", requestKey: "claim-0005" })).status).toBe(200);
    expect(await postClaim({ code, email: "ben@example.org", requestKey: "claim-0006" })).toMatchObject({ status: 409, body: { error: "already_claimed" } });
    expect(await postClaim({ code, email: "cara@example.org", requestKey: "claim-0007" })).toMatchObject({ status: 429, body: { error: "rate_limited" } });
  });

  test("a body that is not a claim, not JSON, or not a POST is refused before anything happens", async () => {
    const { code } = await program();
    expect(await postClaim({ code, email: "ben@example.org", requestKey: "x" })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await postClaim(undefined, { form: { code, email: "ben@example.org", requestKey: "claim-0008" } })).toMatchObject({ status: 415 });
    expect((await askProxy(runtime, claimLoader, { shop: TEST_SHOP, path: "/proxy/referrals/claim" })).status).toBe(405);
    expect(await runtime.db.referral.count()).toBe(0);
  });

  test("a code the platform will not make is 502, and the referral gives nothing to use", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    // Signed in as a customer the store has but Shopify does not: the code cannot be restricted to them.
    await db.customer.create({ data: { shopId: shop.id, platformId: "999", email: "ghost@example.org" } });
    const answer = await postClaim({ code, requestKey: "claim-0009" }, { customerId: "999", query: { locale: "en" } });
    expect(answer).toMatchObject({ status: 502, body: { error: "platform", message: "Your code could not be created just now. Please try again later." } });
    expect(await db.referral.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ friendDiscountPlatformId: null, error: expect.any(String) });
    expect(await db.mailMessage.count()).toBe(0);
  });
});
