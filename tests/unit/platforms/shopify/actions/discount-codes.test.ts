import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decimalToMinor } from "~/core/money";
import { PlatformActionError, type DiscountCodeRequest, type DiscountValue } from "~/core/platform-actions";
import {
  COMBINES_WITH,
  deactivateVariables,
  discountCodeMutation,
  moneyDecimal,
  percentToFraction,
} from "~/platforms/shopify/actions/discount-codes.server";

const CUSTOMER = "7312345678901234501";
const VARIANT = "7312345678901236521";

function request(overrides: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest {
  return {
    code: "TREUE-5",
    title: "Treuepunkte: 5 € Rabatt",
    value: { kind: "amount", amountMinor: 500n, currency: "EUR" },
    customerPlatformId: CUSTOMER,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: null,
    startsAt: new Date("2026-12-01T10:00:00Z"),
    endsAt: new Date("2027-01-01T00:00:00Z"),
    ...overrides,
  };
}

const inputOf = (req: DiscountCodeRequest) => {
  const mutation = discountCodeMutation(req);
  return mutation.variables[mutation.argument] as Record<string, unknown>;
};

describe("discountCodeMutation: which mutation for which value", () => {
  const cases: Array<[DiscountValue, string, string, string]> = [
    [{ kind: "amount", amountMinor: 500n, currency: "EUR" }, "discountCodeBasicCreate", "basicCodeDiscount", "DiscountCodeBasicInput"],
    [{ kind: "percent", percent: 10 }, "discountCodeBasicCreate", "basicCodeDiscount", "DiscountCodeBasicInput"],
    [{ kind: "free_shipping" }, "discountCodeFreeShippingCreate", "freeShippingCodeDiscount", "DiscountCodeFreeShippingInput"],
    [{ kind: "free_product", variantPlatformId: VARIANT, quantity: 1 }, "discountCodeBxgyCreate", "bxgyCodeDiscount", "DiscountCodeBxgyInput"],
  ];
  test.each(cases)("%o → %s(%s: %s!)", (value, field, argument, inputType) => {
    const mutation = discountCodeMutation(request({ value }));
    expect(mutation.field).toBe(field);
    expect(mutation.argument).toBe(argument);
    expect(Object.keys(mutation.variables)).toEqual([argument]);
    expect(mutation.query).toContain(`mutation ${field}($${argument}: ${inputType}!)`);
    expect(mutation.query).toContain(`${field}(${argument}: $${argument})`);
    expect(mutation.query).toMatch(/userErrors \{ field code message \}/);
    expect(mutation.query).toMatch(/codeDiscountNode \{ id \}/);
  });

  test.each(cases)("every kind carries the common fields and never the deprecated customerSelection (%o)", (value) => {
    const input = inputOf(request({ value }));
    expect(input).toMatchObject({
      title: "Treuepunkte: 5 € Rabatt",
      code: "TREUE-5",
      startsAt: "2026-12-01T10:00:00.000Z",
      endsAt: "2027-01-01T00:00:00.000Z",
      context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER}`] } },
      usageLimit: 1,
      appliesOncePerCustomer: true,
    });
    expect(input).not.toHaveProperty("customerSelection");
  });
});

describe("the fields of each kind", () => {
  test("amount off: discountAmount as a decimal string split across the order, all items", () => {
    expect(inputOf(request())).toMatchObject({
      customerGets: { items: { all: true }, value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } } },
      minimumRequirement: null,
      combinesWith: COMBINES_WITH.orderOrProduct,
    });
  });

  test("amount off in a currency without minor digits and one with three", () => {
    const yen = inputOf(request({ value: { kind: "amount", amountMinor: 500n, currency: "JPY" } }));
    expect(yen.customerGets).toMatchObject({ value: { discountAmount: { amount: "500" } } });
    const dinar = inputOf(request({ value: { kind: "amount", amountMinor: 1_250n, currency: "KWD" } }));
    expect(dinar.customerGets).toMatchObject({ value: { discountAmount: { amount: "1.250" } } });
  });

  test("percent off: a fraction 0–1, as the Admin API wants it", () => {
    expect(inputOf(request({ value: { kind: "percent", percent: 15 } })).customerGets).toEqual({ items: { all: true }, value: { percentage: 0.15 } });
    expect(inputOf(request({ value: { kind: "percent", percent: 33.3 } })).customerGets).toMatchObject({ value: { percentage: 0.333 } });
    expect(inputOf(request({ value: { kind: "percent", percent: 100 } })).customerGets).toMatchObject({ value: { percentage: 1 } });
  });

  test("free shipping: all destinations, a minimum subtotal, combinable with order and product discounts", () => {
    const input = inputOf(request({ value: { kind: "free_shipping" }, minimumSubtotal: { amountMinor: 4_990n, currency: "EUR" } }));
    expect(input).toMatchObject({
      destination: { all: true },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "49.90" } },
      combinesWith: COMBINES_WITH.shipping,
    });
    expect(input).not.toHaveProperty("customerGets");
  });

  test("free product: BXGY getting the variant at 100 % for at most `quantity` units, once per order", () => {
    const input = inputOf(request({ value: { kind: "free_product", variantPlatformId: VARIANT, quantity: 3 } }));
    expect(input).toMatchObject({
      customerBuys: { items: { all: true }, value: { quantity: "1" } },
      customerGets: {
        items: { products: { productVariantsToAdd: [`gid://shopify/ProductVariant/${VARIANT}`] } },
        value: { discountOnQuantity: { quantity: "3", effect: { percentage: 1 } } },
      },
      usesPerOrderLimit: 1,
    });
    // BXGY supports neither percentage nor discountAmount in customerGets.value, and has no minimumRequirement.
    const value = (input.customerGets as { value: Record<string, unknown> }).value;
    expect(Object.keys(value)).toEqual(["discountOnQuantity"]);
    expect(input).not.toHaveProperty("minimumRequirement");
  });

  test("free product with a minimum subtotal: the minimum is what the customer buys", () => {
    const input = inputOf(
      request({ value: { kind: "free_product", variantPlatformId: VARIANT, quantity: 1 }, minimumSubtotal: { amountMinor: 3_000n, currency: "EUR" } }),
    );
    expect(input.customerBuys).toEqual({ items: { all: true }, value: { amount: "30.00" } });
  });

  test("anyone may use it: context all buyers; no end, no limit", () => {
    const input = inputOf(request({ customerPlatformId: null, endsAt: null, usageLimit: null, oncePerCustomer: false }));
    expect(input).toMatchObject({ context: { all: "ALL" }, endsAt: null, usageLimit: null, appliesOncePerCustomer: false });
  });

  test("a minimum subtotal on an amount off", () => {
    expect(inputOf(request({ minimumSubtotal: { amountMinor: 2_500n, currency: "EUR" } })).minimumRequirement).toEqual({
      subtotal: { greaterThanOrEqualToSubtotal: "25.00" },
    });
  });
});

describe("requests refused before Shopify is asked", () => {
  function refusal(req: DiscountCodeRequest): PlatformActionError {
    try {
      discountCodeMutation(req);
    } catch (error) {
      expect(error).toBeInstanceOf(PlatformActionError);
      return error as PlatformActionError;
    }
    throw new Error("expected a refusal");
  }

  test("a minimum in another currency than the amount", () => {
    const error = refusal(request({ minimumSubtotal: { amountMinor: 100n, currency: "CHF" } }));
    expect(error).toMatchObject({ action: "createDiscountCode", failure: "rejected" });
    expect(error.problems[0]!.field).toBe("minimumSubtotal.currency");
  });

  test("an invalid currency code", () => {
    expect(refusal(request({ value: { kind: "amount", amountMinor: 100n, currency: "eur" } })).problems[0]!.field).toBe("value.amountMinor");
  });

  test("a percent that is not a number, a quantity that is not an integer", () => {
    expect(refusal(request({ value: { kind: "percent", percent: Number.NaN } })).problems[0]!.field).toBe("value.percent");
    expect(refusal(request({ value: { kind: "free_product", variantPlatformId: VARIANT, quantity: 1.5 } })).problems[0]!.field).toBe("value.quantity");
  });

  test("an id that is not a platform id is not sent", () => {
    expect(() => discountCodeMutation(request({ customerPlatformId: "12.5" }))).toThrow(/Invalid Shopify id/);
  });
});

describe("properties", () => {
  const currencies = fc.constantFrom("EUR", "USD", "JPY", "KWD", "CHF", "BHD", "CLP");

  test("money conversion never loses a cent: the decimal string reads back to the same minor units", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), currencies, (minor, currency) => {
        const decimal = moneyDecimal(minor, currency, "value.amountMinor");
        expect(decimal).toMatch(/^\d+(\.\d+)?$/);
        expect(decimalToMinor(decimal, currency)).toBe(minor);
      }),
    );
  });

  test("the amount sent is the amount asked, for any amount and minimum", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })), currencies, (amount, minimum, currency) => {
        const input = inputOf(
          request({
            value: { kind: "amount", amountMinor: amount, currency },
            minimumSubtotal: minimum === null ? null : { amountMinor: minimum, currency },
          }),
        );
        const gets = input.customerGets as { value: { discountAmount: { amount: string } } };
        expect(decimalToMinor(gets.value.discountAmount.amount, currency)).toBe(amount);
        const requirement = input.minimumRequirement as { subtotal: { greaterThanOrEqualToSubtotal: string } } | null;
        if (minimum === null) expect(requirement).toBeNull();
        else expect(decimalToMinor(requirement!.subtotal.greaterThanOrEqualToSubtotal, currency)).toBe(minimum);
      }),
    );
  });

  test("a percent with up to four decimals is the fraction with the point moved by two places", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (tenThousandths) => {
        const percent = tenThousandths / 10_000;
        const fraction = percentToFraction(percent);
        // The same double as the decimal text of the fraction, which JSON then writes exactly.
        expect(fraction).toBe(Number((tenThousandths / 1_000_000).toFixed(6)));
        expect(fraction).toBeGreaterThanOrEqual(0);
        expect(fraction).toBeLessThanOrEqual(1);
      }),
    );
  });

  test("every value kind gives exactly one mutation, whose input names the code, title and context", () => {
    const value: fc.Arbitrary<DiscountValue> = fc.oneof(
      fc.record({ kind: fc.constant("amount" as const), amountMinor: fc.bigInt({ min: 1n, max: 10n ** 9n }), currency: fc.constant("EUR") }),
      fc.record({ kind: fc.constant("percent" as const), percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant("free_shipping" as const) }),
      fc.record({
        kind: fc.constant("free_product" as const),
        variantPlatformId: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String),
        quantity: fc.integer({ min: 1, max: 100 }),
      }),
    );
    fc.assert(
      fc.property(value, fc.option(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String)), (discountValue, customer) => {
        const mutation = discountCodeMutation(request({ value: discountValue, customerPlatformId: customer }));
        const input = mutation.variables[mutation.argument] as Record<string, unknown>;
        expect(input).toMatchObject({ code: "TREUE-5", title: "Treuepunkte: 5 € Rabatt" });
        expect(input.context).toEqual(customer === null ? { all: "ALL" } : { customers: { add: [`gid://shopify/Customer/${customer}`] } });
        expect(JSON.parse(JSON.stringify(mutation.variables))).toEqual(mutation.variables); // nothing JSON cannot carry (no bigint)
      }),
    );
  });
});

test("deactivation names the DiscountCodeNode gid", () => {
  expect(deactivateVariables("1057371234567890123")).toEqual({ id: "gid://shopify/DiscountCodeNode/1057371234567890123" });
});
