import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkoutPerkConfiguration, checkoutPerkDiscountTitle, type TierWithPerk } from "~/core/loyalty/checkout-perk";
import { PlatformActionError } from "~/core/platform-actions";
import { upsertLoyaltyDiscount, type LoyaltyDiscountRequest } from "~/platforms/shopify/actions/automatic-discount.server";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { goldCheckout, LOYALTY_DISCOUNT_CONFIGURATION_KEY } from "../helpers/loyalty-discount-checkout";
import { startTestRuntime } from "../helpers/test-runtime";

// The shop's automatic loyalty discount against the fake Admin API, through the official client
// built from the shop's stored offline session, as a job builds it.

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const { fake, adminClient: client } = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });

const gold = (percent: number): TierWithPerk => ({ id: "gold", name: { de: "Gold", en: "Gold" }, checkoutPerk: { percent, maxDiscountMinor: 2_500 } });

function request(overrides: Partial<LoyaltyDiscountRequest> = {}): LoyaltyDiscountRequest {
  return {
    title: checkoutPerkDiscountTitle("de"),
    configuration: checkoutPerkConfiguration([{ id: "bronze", name: { de: "Bronze", en: "Bronze" } }, gold(10)], "EUR"),
    startsAt: new Date("2026-12-01T00:00:00Z"),
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<PlatformActionError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PlatformActionError);
  return error as PlatformActionError;
}

const mutationsSent = () => fake.requests.map((recorded) => recorded.kind).filter((kind) => kind.startsWith("discountAutomaticApp"));

describe("the shop's automatic loyalty discount", () => {
  test("created once, bound to the Function by its handle, then updated in place", async () => {
    const first = await upsertLoyaltyDiscount(await client(), request());
    expect(first.kind).toBe("created");
    const [discount] = fake.automaticDiscounts.discounts.values();
    expect(discount).toMatchObject({
      title: "Treuestufen-Vorteil (Shop CRM)",
      functionHandle: "loyalty-discount",
      discountClasses: ["ORDER"],
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      startsAt: "2026-12-01T00:00:00.000Z",
      endsAt: null,
    });

    // The perk changes and the merchant now works in English: no stored id, found by its metafield.
    const second = await upsertLoyaltyDiscount(
      await client(),
      request({ title: checkoutPerkDiscountTitle("en"), configuration: checkoutPerkConfiguration([gold(15)], "EUR"), startsAt: new Date("2026-12-24T00:00:00Z") }),
    );
    expect(second).toEqual({ kind: "updated", discountId: first.kind === "created" ? first.discountId : "" });
    expect(fake.automaticDiscounts.discounts.size).toBe(1);
    expect(mutationsSent()).toEqual(["discountAutomaticAppCreate", "discountAutomaticAppUpdate"]);
    expect(discount).toMatchObject({ title: "Loyalty tier perk (Shop CRM)", startsAt: "2026-12-01T00:00:00.000Z" });
    expect(JSON.parse(discount!.metafields.get(LOYALTY_DISCOUNT_CONFIGURATION_KEY)!.value)).toMatchObject({ tiers: { gold: { percent: "15" } } });
  });

  test("a known id is updated directly; one the merchant deleted is replaced", async () => {
    const created = await upsertLoyaltyDiscount(await client(), request());
    if (created.kind !== "created") throw new Error("expected a new discount");
    fake.requests.length = 0;
    expect(await upsertLoyaltyDiscount(await client(), request({ knownDiscountId: created.discountId }))).toEqual({ kind: "updated", discountId: created.discountId });
    expect(fake.requests.map((recorded) => recorded.kind)).toEqual(["discountAutomaticAppUpdate"]);

    fake.automaticDiscounts.discounts.clear();
    const again = await upsertLoyaltyDiscount(await client(), request({ knownDiscountId: created.discountId }));
    expect(again.kind).toBe("created");
    expect(fake.automaticDiscounts.discounts.size).toBe(1);
  });

  test("found again among other automatic discounts, past the first page", async () => {
    const created = await upsertLoyaltyDiscount(await client(), request());
    const ours = [...fake.automaticDiscounts.discounts.entries()];
    fake.automaticDiscounts.discounts.clear();
    for (let index = 0; index < 60; index += 1) {
      const discountId = `gid://shopify/DiscountAutomaticNode/${1_000 + index}`;
      fake.automaticDiscounts.discounts.set(discountId, {
        ...ours[0]![1],
        discountId,
        title: `Another app's discount ${index}`,
        functionHandle: "volume-discount",
        metafields: new Map(),
      });
    }
    for (const [id, discount] of ours) fake.automaticDiscounts.discounts.set(id, discount);
    fake.requests.length = 0;
    expect(await upsertLoyaltyDiscount(await client(), request())).toEqual({ ...created, kind: "updated" });
    expect(fake.requests.map((recorded) => recorded.kind)).toEqual(["discountNodes", "discountNodes", "discountAutomaticAppUpdate"]);
  });

  test("no perk in any tier and no discount yet: none is made", async () => {
    const none = checkoutPerkConfiguration([{ id: "bronze", name: { de: "Bronze", en: "Bronze" } }], "EUR");
    expect(await upsertLoyaltyDiscount(await client(), request({ configuration: none }))).toEqual({ kind: "not_needed" });
    expect(fake.automaticDiscounts.discounts.size).toBe(0);
    // Once one exists, taking every perk away updates it (the Function then gives nothing).
    await upsertLoyaltyDiscount(await client(), request());
    expect((await upsertLoyaltyDiscount(await client(), request({ configuration: none }))).kind).toBe("updated");
  });

  test("the configuration written is the one the Function applies at checkout", async () => {
    await upsertLoyaltyDiscount(await client(), request());
    const [discount] = fake.automaticDiscounts.discounts.values();
    expect(goldCheckout(discount!)[0]?.orderDiscountsAdd?.candidates[0]).toMatchObject({
      message: "Gold: 10 % Treuerabatt",
      value: { percentage: { value: "10" } },
    });
  });

  test("Shopify's userErrors arrive as PlatformActionErrors naming the field", async () => {
    const blank = await failureOf(upsertLoyaltyDiscount(await client(), request({ title: " " })));
    expect(blank).toMatchObject({ action: "maintainAutomaticDiscount", failure: "rejected", problems: [{ field: "title", code: "BLANK" }] });
    expect(blank.retryable).toBe(false);

    // The app's Function is not deployed to the shop (shopify app deploy not run).
    fake.automaticDiscounts.functionHandles.clear();
    const undeployed = await failureOf(upsertLoyaltyDiscount(await client(), request()));
    expect(undeployed).toMatchObject({ failure: "rejected", problems: [{ field: "functionHandle", code: "INVALID" }] });
    expect(fake.automaticDiscounts.discounts.size).toBe(0);
  });
});
