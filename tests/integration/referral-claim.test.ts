import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PlatformActionError, type PlatformActions } from "~/core/platform-actions";
import { ensureReferralCode } from "~/core/referrals/advocate-code.server";
import { claimFriendCode, ClaimRefused, type ClaimRequest } from "~/core/referrals/claim.server";
import { DEFAULT_REFERRAL_SETTINGS, type ReferralSettings } from "~/core/referrals/program-settings";
import { activeReferralProgram, referralProgram, saveReferralSettings, setReferralProgramEnabled } from "~/core/referrals/program.server";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { customerGid } from "../fakes/shopify-dataset";
import { startTestRuntime } from "../helpers/test-runtime";

// A friend's claim on an advocate's code: the referral reserved with the rules checked, the
// single-use code made through the Shopify adapter on the fake Admin API, the friend's mail
// queued; every refusal, repeats and races of one friend, the address's hourly limit, and the
// platform's failures.

const ADVOCATE = customerGid(1).split("/").pop()!;
const FRIEND = customerGid(2).split("/").pop()!;
const NOW = new Date("2026-11-02T10:00:00Z");
const HOUR = 3_600_000;

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const shopify = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });

/** The shop's program switched on (with the test's changes) and Anna, an advocate with her code. */
async function program(overrides: Partial<ReferralSettings> = {}) {
  const { db } = runtime;
  const shop = shopify.shop();
  await saveReferralSettings(db, shop.id, { ...DEFAULT_REFERRAL_SETTINGS, ...overrides });
  await setReferralProgramEnabled(db, shop.id, true);
  const anna = await db.customer.create({ data: { shopId: shop.id, platformId: ADVOCATE, email: "anna.berg@gmail.com", firstName: "Anna" } });
  const code = await ensureReferralCode(db, shop.id, anna.id);
  return { shop, anna, code: code!.code };
}

let keys = 0;
function request(shopId: string, code: string, overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  keys += 1;
  return {
    shopId,
    code,
    customerPlatformId: null,
    email: "ben@example.org",
    requestKey: `key-${keys}`,
    locale: "de",
    visitor: { ipKey: "ip-ben", deviceKey: "device-ben" },
    ...overrides,
  };
}

const claim = (claimRequest: ClaimRequest, now = NOW, actions: () => Promise<PlatformActions> = () => shopify.platformActions()) =>
  claimFriendCode(runtime.db, actions, claimRequest, now);

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ClaimRefused)) throw new Error(`Expected a refusal, got ${String(error)}`);
  return error.reason;
}

/** The fake's actions, with createDiscountCode answered by `create` first. */
async function actionsWith(create: (real: PlatformActions["createDiscountCode"], request: Parameters<PlatformActions["createDiscountCode"]>[0]) => ReturnType<PlatformActions["createDiscountCode"]>) {
  const real = await shopify.platformActions();
  return { ...real, createDiscountCode: (discount: Parameters<PlatformActions["createDiscountCode"]>[0]) => create((input) => real.createDiscountCode(input), discount) };
}

describe("program settings", () => {
  test("a first save makes the program switched off; switching on and off keeps the settings", async () => {
    const { db } = runtime;
    const shop = shopify.shop();
    expect(await referralProgram(db, shop.id)).toBeNull();
    await saveReferralSettings(db, shop.id, { ...DEFAULT_REFERRAL_SETTINGS, codePrefix: "WILLKOMMEN" });
    expect(await referralProgram(db, shop.id)).toMatchObject({ enabled: false, settings: { codePrefix: "WILLKOMMEN" } });
    expect(await activeReferralProgram(db, shop.id)).toBeNull();
    await setReferralProgramEnabled(db, shop.id, true);
    expect(await activeReferralProgram(db, shop.id)).toMatchObject({ enabled: true, settings: { codePrefix: "WILLKOMMEN" } });
    await setReferralProgramEnabled(db, shop.id, false);
    expect(await activeReferralProgram(db, shop.id)).toBeNull();
  });

  test("settings the schema refuses are not saved; switching on a program never saved starts it with the defaults", async () => {
    const { db } = runtime;
    const shop = shopify.shop();
    await expect(saveReferralSettings(db, shop.id, { ...DEFAULT_REFERRAL_SETTINGS, codePrefix: "no" })).rejects.toThrow();
    expect(await referralProgram(db, shop.id)).toBeNull();
    await setReferralProgramEnabled(db, shop.id, true);
    expect((await activeReferralProgram(db, shop.id))?.settings).toEqual(DEFAULT_REFERRAL_SETTINGS);
  });
});

describe("advocate codes", () => {
  test("a customer's code is made once, from the first name; guests and redacted customers get none", async () => {
    const { db } = runtime;
    const { shop, anna, code } = await program();
    expect(code).toMatch(/^ANNA-[A-HJ-NP-Z2-9]{4}$/);
    expect(await ensureReferralCode(db, shop.id, anna.id)).toEqual({ id: expect.any(String), code });
    const nameless = await db.customer.create({ data: { shopId: shop.id, platformId: "77", email: "x@example.org" } });
    expect((await ensureReferralCode(db, shop.id, nameless.id))?.code).toMatch(/^FREUND-/);
    const guest = await db.customer.create({ data: { shopId: shop.id, platformId: null, isGuest: true, email: "g@example.org", firstName: "Gast" } });
    const redacted = await db.customer.create({ data: { shopId: shop.id, platformId: `redacted:${"a".repeat(32)}`, redactedAt: NOW } });
    expect(await ensureReferralCode(db, shop.id, guest.id)).toBeNull();
    expect(await ensureReferralCode(db, shop.id, redacted.id)).toBeNull();
    expect(await db.referralCode.count({ where: { shopId: shop.id } })).toBe(2);
  });

  test("many advocates of one name at once each get a code of their own", async () => {
    const { db } = runtime;
    const { shop } = await program();
    const annas = await Promise.all(
      Array.from({ length: 12 }, (_, index) => db.customer.create({ data: { shopId: shop.id, platformId: `90${index}`, firstName: "Anna" } })),
    );
    const codes = await Promise.all(annas.flatMap((customer) => [ensureReferralCode(db, shop.id, customer.id), ensureReferralCode(db, shop.id, customer.id)]));
    const byCustomer = new Map(annas.map((customer, index) => [customer.id, [codes[2 * index]!.code, codes[2 * index + 1]!.code]]));
    for (const [first, second] of byCustomer.values()) expect(first).toBe(second);
    expect(new Set([...byCustomer.values()].map(([first]) => first)).size).toBe(12);
  });
});

describe("claiming", () => {
  test("by e-mail: a single-use code for anyone who has it, the reward copied, the mail queued in the claim's language", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const claimed = await claim(request(shop.id, code.toLowerCase()));
    expect(claimed).toMatchObject({
      code: expect.stringMatching(/^FREUND-[A-HJ-NP-Z2-9]{10}$/),
      reward: DEFAULT_REFERRAL_SETTINGS.friendReward,
      currency: "EUR",
      expiresAt: new Date(NOW.getTime() + 30 * 24 * HOUR),
    });
    const referral = await db.referral.findUniqueOrThrow({ where: { id: claimed.referralId } });
    expect(referral).toMatchObject({
      status: "CLAIMED",
      friendCustomerId: null,
      friendEmail: "ben@example.org",
      friendEmailKey: "ben@example.org",
      friendLocale: "de",
      friendCode: claimed.code,
      friendDiscountPlatformId: expect.stringMatching(/^\d+$/),
      friendReward: DEFAULT_REFERRAL_SETTINGS.friendReward,
      claimIpKey: "ip-ben",
      claimDeviceKey: "device-ben",
      error: null,
      createdAt: NOW,
    });
    const [discount] = shopify.fake.discounts();
    expect(discount).toMatchObject({ code: claimed.code, title: "Empfehlung: 10,00\u00a0€ Rabatt", customerIds: null, endsAt: "2026-12-02T10:00:00.000Z" });
    expect(discount!.input).toMatchObject({ usageLimit: 1, appliesOncePerCustomer: true });

    const mail = await db.mailMessage.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(mail).toMatchObject({ kind: "referral_friend_code", to: "ben@example.org", customerId: null, referralId: referral.id, locale: "de", status: "QUEUED" });
    expect(mail.subject).toContain("Empfehlungscode");
    expect(mail.text).toContain(claimed.code);
    expect(mail.text).toContain("10,00\u00a0€ Rabatt ab 30,00\u00a0€ Bestellwert");
    expect(await db.job.count({ where: { kind: "mail.send", uniqueKey: `mail:${mail.id}` } })).toBe(1);
  });

  test("signed in: the code is the customer's alone, the account's address gets the mail in English", async () => {
    const { db } = runtime;
    const { shop, code } = await program({ friendReward: { value: { kind: "percent", percent: 15 }, minimumSubtotalMinor: null, codeValidDays: null } });
    const ben = await db.customer.create({ data: { shopId: shop.id, platformId: FRIEND, email: "Ben.Klein@example.org", firstName: "Ben" } });
    const claimed = await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null, locale: "en" }));
    expect(claimed.expiresAt).toBeNull();
    expect(await db.referral.findUniqueOrThrow({ where: { id: claimed.referralId } })).toMatchObject({
      friendCustomerId: ben.id,
      friendEmail: "ben.klein@example.org",
      friendLocale: "en",
      friendCodeExpiresAt: null,
    });
    expect(shopify.fake.discounts()).toEqual([expect.objectContaining({ code: claimed.code, title: "Empfehlung: 15 % Rabatt", customerIds: [customerGid(2)], endsAt: null })]);
    const mail = await db.mailMessage.findFirstOrThrow({ where: { referralId: claimed.referralId } });
    expect(mail).toMatchObject({ to: "ben.klein@example.org", customerId: ben.id, locale: "en", subject: expect.stringContaining("Your referral code") });
    expect(mail.text).toContain("15% off");
  });

  test("signed in with an account that has no address: the code is shown, no mail is queued", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const ben = await db.customer.create({ data: { shopId: shop.id, platformId: FRIEND } });
    const claimed = await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }));
    expect(await db.referral.findUniqueOrThrow({ where: { id: claimed.referralId } })).toMatchObject({ friendCustomerId: ben.id, friendEmail: null, friendEmailKey: null });
    expect(await db.mailMessage.count()).toBe(0);
    // Recognised by the account the next time.
    expect(await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }))).toEqual(claimed);
    expect(await db.referral.count()).toBe(1);
  });

  test("the same request again returns the first claim: one referral, one discount, one mail", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const first = request(shop.id, code);
    const claimed = await claim(first);
    expect(await claim(first, new Date(NOW.getTime() + HOUR))).toEqual(claimed);
    expect(await db.referral.count()).toBe(1);
    expect(shopify.fake.discounts()).toHaveLength(1);
    expect(await db.mailMessage.count()).toBe(1);
  });

  test("one code per friend: a signed-in friend gets theirs again; by e-mail only the mailbox has it", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    await db.customer.create({ data: { shopId: shop.id, platformId: FRIEND, email: "ben@example.org" } });
    const signedIn = await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }));
    expect(await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }))).toEqual(signedIn);
    // The same mailbox, written otherwise, typed by anyone: no code shown, no second one made.
    expect(await refusal(claim(request(shop.id, code, { email: " BEN@example.org " })))).toBe("already_claimed");
    expect(await db.referral.count()).toBe(1);
    expect(shopify.fake.discounts()).toHaveLength(1);
  });

  test("a friend whose code ran out unused cannot claim again", async () => {
    const { shop, code } = await program();
    await runtime.db.customer.create({ data: { shopId: shop.id, platformId: FRIEND, email: "ben@example.org" } });
    await claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }));
    const later = new Date(NOW.getTime() + 31 * 24 * HOUR);
    expect(await refusal(claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null }), later))).toBe("already_claimed");
  });

  test("concurrent claims of one mailbox make one referral and one code", async () => {
    const { db } = runtime;
    const { shop, code } = await program({ claimsPerHourPerIp: 100 });
    const outcomes = await Promise.allSettled(
      ["ben@example.org", "Ben@example.org", "ben+shop@example.org", "ben@example.org", "BEN+x@EXAMPLE.ORG"].map((email) => claim(request(shop.id, code, { email }))),
    );
    const claimed = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(claimed).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ reason: "already_claimed" });
    }
    expect(await db.referral.count()).toBe(1);
    expect(shopify.fake.discounts()).toHaveLength(1);
  });
});

describe("refusals", () => {
  test("inactive: the program is switched off", async () => {
    const { shop, code } = await program();
    await setReferralProgramEnabled(runtime.db, shop.id, false);
    expect(await refusal(claim(request(shop.id, code)))).toBe("inactive");
  });

  test("unknown_code: no advocate has it in this shop", async () => {
    const { shop } = await program();
    expect(await refusal(claim(request(shop.id, "NIEMAND-2345")))).toBe("unknown_code");
  });

  test("own_code: the advocate signed in, or the advocate's mailbox under another spelling", async () => {
    const { shop, code } = await program();
    expect(await refusal(claim(request(shop.id, code, { customerPlatformId: ADVOCATE, email: null })))).toBe("own_code");
    expect(await refusal(claim(request(shop.id, code, { email: "Anna.Berg+deals@googlemail.com" })))).toBe("own_code");
    expect(await refusal(claim(request(shop.id, code, { email: "annaberg@gmail.com" })))).toBe("own_code");
    expect(await runtime.db.referral.count()).toBe(0);
  });

  test("already_customer: a paid order of the friend's account, or of any customer with the address; unpaid, cancelled or test orders do not count", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const guest = await db.customer.create({ data: { shopId: shop.id, isGuest: true, email: "Cara@Example.org", emailNormalized: "cara@example.org" } });
    const order = (n: number, data: { customerId: string; financialStatus: string; test?: boolean; cancelledAt?: Date }) =>
      db.order.create({
        data: {
          shopId: shop.id,
          platformId: `order-${n}`,
          currency: "EUR",
          subtotalMinor: 5_000n,
          totalDiscountsMinor: 0n,
          totalShippingMinor: 0n,
          totalTaxMinor: 0n,
          totalMinor: 5_000n,
          presentmentCurrency: "EUR",
          presentmentTotalMinor: 5_000n,
          processedAt: NOW,
          sourceCreatedAt: NOW,
          sourceUpdatedAt: NOW,
          ...data,
        },
      });
    await order(1, { customerId: guest.id, financialStatus: "pending" });
    await order(2, { customerId: guest.id, financialStatus: "paid", test: true });
    await order(3, { customerId: guest.id, financialStatus: "paid", cancelledAt: NOW });
    expect((await claim(request(shop.id, code, { email: "cara@example.org" }))).code).toMatch(/^FREUND-/);

    const ben = await db.customer.create({ data: { shopId: shop.id, platformId: FRIEND, email: "ben@example.org", emailNormalized: "ben@example.org" } });
    await order(4, { customerId: ben.id, financialStatus: "PARTIALLY_REFUNDED" });
    expect(await refusal(claim(request(shop.id, code, { customerPlatformId: FRIEND, email: null })))).toBe("already_customer");
    expect(await refusal(claim(request(shop.id, code, { email: "ben@example.org" })))).toBe("already_customer");
  });

  test("rate_limited: more claims from one address within an hour than the settings allow", async () => {
    const { shop, code } = await program({ claimsPerHourPerIp: 2 });
    await claim(request(shop.id, code, { email: "one@example.org" }));
    await claim(request(shop.id, code, { email: "two@example.org" }), new Date(NOW.getTime() + 10 * 60_000));
    expect(await refusal(claim(request(shop.id, code, { email: "three@example.org" }), new Date(NOW.getTime() + 59 * 60_000)))).toBe("rate_limited");
    // Another address is not held back, and an hour after the first claim this one is free again.
    await claim(request(shop.id, code, { email: "four@example.org", visitor: { ipKey: "ip-other", deviceKey: "device-other" } }), new Date(NOW.getTime() + 59 * 60_000));
    await claim(request(shop.id, code, { email: "three@example.org" }), new Date(NOW.getTime() + HOUR + 1));
    expect(await runtime.db.referral.count()).toBe(4);
  });

  test("invalid_email: signed out without an address that can receive mail", async () => {
    const { shop, code } = await program();
    expect(await refusal(claim(request(shop.id, code, { email: null })))).toBe("invalid_email");
    expect(await refusal(claim(request(shop.id, code, { email: "ben@localhost" })))).toBe("invalid_email");
    // Signed in, but the shop has not sent the customer yet: the address is what recognises them.
    expect(await refusal(claim(request(shop.id, code, { customerPlatformId: FRIEND, email: "nope" })))).toBe("invalid_email");
  });
});

describe("the platform", () => {
  test("a failure leaves the referral with the error and nothing to use; the friend's next claim makes the code on the same referral", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const refused = actionsWith(async () => {
      throw new PlatformActionError("createDiscountCode", "rejected", [{ field: "title", code: "INVALID", message: "Title is not allowed" }]);
    });
    const error = await claim(request(shop.id, code), NOW, () => refused).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PlatformActionError);
    const failed = await db.referral.findFirstOrThrow();
    expect(failed).toMatchObject({ status: "CLAIMED", friendDiscountPlatformId: null, error: expect.stringContaining("Title is not allowed") });
    expect(shopify.fake.discounts()).toHaveLength(0);
    expect(await db.mailMessage.count()).toBe(0);

    const claimed = await claim(request(shop.id, code));
    expect(claimed.referralId).toBe(failed.id);
    expect(await db.referral.findFirstOrThrow()).toMatchObject({ error: null, friendCode: claimed.code, friendDiscountPlatformId: expect.any(String) });
    expect(shopify.fake.discounts().map((discount) => discount.code)).toEqual([claimed.code]);
  });

  test("a reservation left without an outcome holds the friend back while its call could still be running, then is claimed anew", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const codeId = (await db.referralCode.findFirstOrThrow({ where: { shopId: shop.id } })).id;
    const abandoned = await db.referral.create({
      data: {
        shopId: shop.id,
        codeId,
        friendEmail: "ben@example.org",
        friendEmailKey: "ben@example.org",
        friendLocale: "de",
        friendCode: "FREUND-VERLASSEN",
        friendReward: DEFAULT_REFERRAL_SETTINGS.friendReward,
        claimIpKey: "ip-ben",
        claimDeviceKey: "device-ben",
        requestKey: "abandoned",
        createdAt: NOW,
      },
    });
    expect(await refusal(claim(request(shop.id, code), new Date(NOW.getTime() + 5 * 60_000)))).toBe("already_claimed");
    const later = new Date(NOW.getTime() + 11 * 60_000);
    const claimed = await claim(request(shop.id, code), later);
    expect(claimed.referralId).toBe(abandoned.id);
    expect(await db.referral.findUniqueOrThrow({ where: { id: abandoned.id } })).toMatchObject({ createdAt: later, friendDiscountPlatformId: expect.any(String) });
  });

  test("a code taken at the platform is replaced by a new one, up to three tries", async () => {
    const { db } = runtime;
    const { shop, code } = await program();
    const tried: string[] = [];
    const takenTwice = actionsWith(async (create, discount) => {
      tried.push(discount.code);
      if (tried.length <= 2) throw new PlatformActionError("createDiscountCode", "code_taken", [{ field: "code", code: "TAKEN", message: "Code must be unique" }]);
      return create(discount);
    });
    const claimed = await claim(request(shop.id, code), NOW, () => takenTwice);
    expect(new Set(tried).size).toBe(3);
    expect(claimed.code).toBe(tried[2]);
    expect((await db.referral.findFirstOrThrow()).friendCode).toBe(claimed.code);
    expect((await db.mailMessage.findFirstOrThrow()).text).toContain(claimed.code);

    const alwaysTaken = actionsWith(async () => {
      throw new PlatformActionError("createDiscountCode", "code_taken", []);
    });
    const error = await claim(request(shop.id, code, { email: "cara@example.org" }), NOW, () => alwaysTaken).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ failure: "code_taken" });
    expect(await db.referral.findFirstOrThrow({ where: { friendEmail: "cara@example.org" } })).toMatchObject({ friendDiscountPlatformId: null, error: expect.any(String) });
  });
});
