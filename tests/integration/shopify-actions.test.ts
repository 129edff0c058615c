import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { PlatformActionError, type DiscountCodeRequest, type PlatformActions } from "~/core/platform-actions";
import type { AdminCallOptions } from "~/platforms/shopify/admin-graphql.server";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { customerGid, variantGid } from "../fakes/shopify-dataset";
import { startTestRuntime } from "../helpers/test-runtime";

// The Shopify implementation of PlatformActions against the fake Admin API, through the official
// client built from the shop's stored offline session, exactly as jobs build it.

const numeric = (gid: string) => gid.split("/").pop()!;
const CUSTOMER_1 = numeric(customerGid(1));
const VARIANT_2_1 = numeric(variantGid(2, 1));

let runtime: Runtime;
let waits: number[];

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const shopify = setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });
const { fake } = shopify;
beforeEach(() => {
  waits = [];
});

/** The actions as a job gets them, with the waits between retries recorded instead of waited. */
function actions(options: AdminCallOptions = {}): Promise<PlatformActions> {
  return shopify.platformActions({ sleep: async (ms) => waits.push(ms), ...options });
}

function request(overrides: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest {
  return {
    code: "TREUE-5EUR-A1B2",
    title: "Treuepunkte: 5 € Rabatt",
    value: { kind: "amount", amountMinor: 500n, currency: "EUR" },
    customerPlatformId: CUSTOMER_1,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: { amountMinor: 2500n, currency: "EUR" },
    startsAt: new Date("2026-12-01T00:00:00Z"),
    endsAt: new Date("2027-03-01T00:00:00Z"),
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<PlatformActionError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlatformActionError);
  return error as PlatformActionError;
}

describe("discount codes", () => {
  test("an amount off, limited to one customer, is created with Shopify's fields", async () => {
    const created = await (await actions()).createDiscountCode(request());
    const [discount] = fake.discounts();
    expect(created).toEqual({ platformId: numeric(discount!.id), code: "TREUE-5EUR-A1B2" });
    expect(created.platformId).toMatch(/^\d{19}$/);
    expect(discount).toMatchObject({
      type: "DiscountCodeBasic",
      code: "TREUE-5EUR-A1B2",
      title: "Treuepunkte: 5 € Rabatt",
      status: "ACTIVE",
      startsAt: "2026-12-01T00:00:00.000Z",
      endsAt: "2027-03-01T00:00:00.000Z",
      customerIds: [customerGid(1)],
    });
    expect(discount!.input).toMatchObject({
      context: { customers: { add: [customerGid(1)] } },
      customerGets: { items: { all: true }, value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "25.00" } },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
    expect(discount!.input).not.toHaveProperty("customerSelection");
  });

  test("a percent off for anyone, without end, minimum or limit", async () => {
    await (await actions()).createDiscountCode(
      request({ code: "WINBACK-15", value: { kind: "percent", percent: 15 }, customerPlatformId: null, usageLimit: null, oncePerCustomer: false, minimumSubtotal: null, endsAt: null }),
    );
    const [discount] = fake.discounts();
    expect(discount).toMatchObject({ type: "DiscountCodeBasic", code: "WINBACK-15", customerIds: null, endsAt: null, status: "ACTIVE" });
    expect(discount!.input).toMatchObject({
      context: { all: "ALL" },
      customerGets: { value: { percentage: 0.15 } },
      minimumRequirement: null,
      usageLimit: null,
      appliesOncePerCustomer: false,
    });
  });

  test("free shipping with a minimum subtotal", async () => {
    await (await actions()).createDiscountCode(request({ code: "SHIP-FREE", value: { kind: "free_shipping" }, minimumSubtotal: { amountMinor: 4990n, currency: "EUR" } }));
    const [discount] = fake.discounts();
    expect(discount).toMatchObject({ type: "DiscountCodeFreeShipping", code: "SHIP-FREE", customerIds: [customerGid(1)] });
    expect(discount!.input).toMatchObject({
      destination: { all: true },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "49.90" } },
      combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false },
    });
  });

  test("a free product: the variant free, at most the given units, once per order", async () => {
    await (await actions()).createDiscountCode(
      request({ code: "GRATIS-TEE", value: { kind: "free_product", variantPlatformId: VARIANT_2_1, quantity: 2 }, minimumSubtotal: null }),
    );
    const [discount] = fake.discounts();
    expect(discount).toMatchObject({ type: "DiscountCodeBxgy", code: "GRATIS-TEE" });
    expect(discount!.input).toMatchObject({
      customerBuys: { items: { all: true }, value: { quantity: "1" } },
      customerGets: {
        items: { products: { productVariantsToAdd: [variantGid(2, 1)] } },
        value: { discountOnQuantity: { quantity: "2", effect: { percentage: 1 } } },
      },
      usesPerOrderLimit: 1,
    });
  });

  test("a code already in use (in any case) is code_taken, and nothing more is created", async () => {
    const shop = await actions();
    await shop.createDiscountCode(request());
    const error = await failureOf(shop.createDiscountCode(request({ code: "treue-5eur-a1b2" })));
    expect(error.failure).toBe("code_taken");
    expect(error.retryable).toBe(false);
    expect(error.problems).toEqual([{ field: "code", code: "TAKEN", message: "Code must be unique. Please try a different code." }]);
    expect(fake.discounts()).toHaveLength(1);
  });

  test("an unknown customer is not_found", async () => {
    const error = await failureOf((await actions()).createDiscountCode(request({ customerPlatformId: "7312345678901239999" })));
    expect(error.failure).toBe("not_found");
    expect(error.problems).toEqual([expect.objectContaining({ field: "context.customers.add", code: "INVALID" })]);
    expect(fake.discounts()).toHaveLength(0);
  });

  test("an unknown variant for a free product is not_found", async () => {
    const error = await failureOf(
      (await actions()).createDiscountCode(request({ value: { kind: "free_product", variantPlatformId: "7312345678901239999", quantity: 1 } })),
    );
    expect(error.failure).toBe("not_found");
    expect(error.problems).toEqual([expect.objectContaining({ field: "customerGets.items.products.productVariantsToAdd" })]);
  });

  test("an input Shopify refuses is rejected, with every problem named", async () => {
    const error = await failureOf(
      (await actions()).createDiscountCode(
        request({ value: { kind: "percent", percent: 150 }, usageLimit: 0, endsAt: new Date("2026-11-01T00:00:00Z") }),
      ),
    );
    expect(error.failure).toBe("rejected");
    expect(error.retryable).toBe(false);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "customerGets.value.percentage", code: "VALUE_OUTSIDE_RANGE" }),
        expect.objectContaining({ field: "usageLimit", code: "GREATER_THAN" }),
        expect.objectContaining({ field: "endsAt", code: "END_DATE_BEFORE_START_DATE" }),
      ]),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain("usageLimit: ");
  });

  test("throttled answers are waited out by the bucket's state, then the code is created", async () => {
    fake.throttleNext(2, { requestedQueryCost: 100, status: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 50 } });
    await (await actions()).createDiscountCode(request());
    // 100 points missing at 50 per second: 2 s, plus the margin that grows with each refusal.
    expect(waits).toEqual([2_250, 2_500]);
    expect(fake.requests.map((entry) => entry.answer)).toEqual(["throttled", "throttled", "ok"]);
    expect(fake.discounts()).toHaveLength(1);
  });

  test("throttling past all attempts is unavailable and retryable", async () => {
    fake.throttleNext(5);
    const error = await failureOf((await actions({ maxAttempts: 3 })).createDiscountCode(request()));
    expect(error.failure).toBe("unavailable");
    expect(error.retryable).toBe(true);
    expect(waits).toHaveLength(2);
    expect(fake.discounts()).toHaveLength(0);
  });

  test("HTTP 429 past all attempts is unavailable too", async () => {
    fake.throttleNext(5, { http429: true, retryAfterSeconds: 1 });
    const error = await failureOf((await actions({ maxAttempts: 2 })).addCustomerTags(CUSTOMER_1, ["vip"]));
    expect(error.failure).toBe("unavailable");
    expect(waits).toEqual([1_000]);
  });

  test("deactivation ends the discount now (EXPIRED); an unknown discount is not_found", async () => {
    const shop = await actions();
    const created = await shop.createDiscountCode(request({ startsAt: new Date(Date.now() - 60_000), endsAt: null }));
    expect(fake.discounts()[0]!.status).toBe("ACTIVE");
    await shop.deactivateDiscountCode(created.platformId);
    expect(fake.discounts()[0]).toMatchObject({ status: "EXPIRED" });
    expect(fake.discounts()[0]!.endsAt).not.toBeNull();

    const error = await failureOf(shop.deactivateDiscountCode("1234567890"));
    expect(error.failure).toBe("not_found");
    expect(error.problems).toEqual([expect.objectContaining({ field: "id" })]);
  });
});

describe("customer tags", () => {
  const tagsOf = (n: number) => fake.dataset.customers.find((customer) => customer.id === customerGid(n))!.tags;

  test("added once however often they are sent, removed without touching the others", async () => {
    const shop = await actions();
    expect(tagsOf(1)).toEqual(["imported", "cohort-1"]);
    await shop.addCustomerTags(CUSTOMER_1, ["loyalty-gold", " vip ", "vip"]);
    await shop.addCustomerTags(CUSTOMER_1, ["vip"]);
    expect(tagsOf(1)).toEqual(["imported", "cohort-1", "loyalty-gold", "vip"]);
    await shop.removeCustomerTags(CUSTOMER_1, ["vip", "not-there"]);
    expect(tagsOf(1)).toEqual(["imported", "cohort-1", "loyalty-gold"]);
    expect(fake.requests.filter((entry) => entry.kind === "tagsAdd")[0]!.variables).toEqual({ id: customerGid(1), tags: ["loyalty-gold", "vip"] });
  });

  test("an unknown customer is not_found", async () => {
    const error = await failureOf((await actions()).addCustomerTags("7312345678901239999", ["vip"]));
    expect(error.failure).toBe("not_found");
    expect(error.problems).toEqual([{ field: "id", code: null, message: "Resource not found" }]);
  });
});

describe("customer metafields", () => {
  test("set on the customer, and set again in place", async () => {
    const shop = await actions();
    await shop.setCustomerMetafields(CUSTOMER_1, [
      { namespace: "crm_loyalty", key: "points", type: "number_integer", value: "1250" },
      { namespace: "crm_loyalty", key: "tier", type: "single_line_text_field", value: "Gold" },
      { namespace: "crm_loyalty", key: "history", type: "json", value: '{"earned":[100,250]}' },
      { namespace: "crm_loyalty", key: "member", type: "boolean", value: "true" },
      { namespace: "crm_loyalty", key: "since", type: "date", value: "2024-02-29" },
    ]);
    await shop.setCustomerMetafields(CUSTOMER_1, [{ namespace: "crm_loyalty", key: "points", type: "number_integer", value: "1300" }]);
    const stored = fake.metafieldsOf(customerGid(1));
    expect(stored.map(({ key, type, value }) => [key, type, value])).toEqual([
      ["points", "number_integer", "1300"],
      ["tier", "single_line_text_field", "Gold"],
      ["history", "json", '{"earned":[100,250]}'],
      ["member", "boolean", "true"],
      ["since", "date", "2024-02-29"],
    ]);
    expect(fake.metafieldsOf(customerGid(2))).toEqual([]);
  });

  test("a value of the wrong type is rejected and nothing of the call is set", async () => {
    const error = await failureOf(
      (await actions()).setCustomerMetafields(CUSTOMER_1, [
        { namespace: "crm_loyalty", key: "tier", type: "single_line_text_field", value: "Gold" },
        { namespace: "crm_loyalty", key: "points", type: "number_integer", value: "12.5" },
        { namespace: "crm_loyalty", key: "since", type: "date", value: "2023-02-29" },
      ]),
    );
    expect(error.failure).toBe("rejected");
    expect(error.problems).toEqual([
      expect.objectContaining({ field: "metafields.1.value", code: "INVALID_VALUE" }),
      expect.objectContaining({ field: "metafields.2.value", code: "INVALID_VALUE" }),
    ]);
    expect(fake.metafieldsOf(customerGid(1))).toEqual([]);
  });

  test("an unknown type is rejected; an unknown customer is not_found", async () => {
    const shop = await actions();
    const wrongType = await failureOf(shop.setCustomerMetafields(CUSTOMER_1, [{ namespace: "crm_loyalty", key: "points", type: "integer", value: "1" }]));
    expect(wrongType.failure).toBe("rejected");
    expect(wrongType.problems).toEqual([expect.objectContaining({ field: "metafields.0.type", code: "INVALID_TYPE" })]);
    const unknown = await failureOf(shop.setCustomerMetafields("7312345678901239999", [{ namespace: "crm_loyalty", key: "points", type: "number_integer", value: "1" }]));
    expect(unknown.failure).toBe("not_found");
  });

  test("more than 25 go in calls of 25", async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ namespace: "crm_loyalty", key: `k${i}`, type: "number_integer", value: String(i) }));
    await (await actions()).setCustomerMetafields(CUSTOMER_1, many);
    expect(fake.requests.filter((entry) => entry.kind === "metafieldsSet").map((entry) => (entry.variables.metafields as unknown[]).length)).toEqual([25, 5]);
    expect(fake.metafieldsOf(customerGid(1))).toHaveLength(30);
  });
});
