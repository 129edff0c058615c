import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { parse } from "smol-toml";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { CartInput } from "../../../extensions/loyalty-discount/generated/api";
import { cartLinesDiscountsGenerateRun, tierPerkValue } from "../../../extensions/loyalty-discount/src/cart_lines_discounts_generate_run";
import { CONFIGURATION_METAFIELD, CUSTOMER_TIER_METAFIELD } from "../../../extensions/loyalty-discount/src/configuration";
import { add, compare, formatDecimal, multiply, parseDecimal, type ExactDecimal } from "../../../extensions/loyalty-discount/src/decimal";
import { LOYALTY_METAFIELD_NAMESPACE } from "~/core/loyalty/customer-sync";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { PROJECT_ROOT } from "~/project-root.server";

// The Function's run on inputs shaped as Shopify sends them for the query in
// cart_lines_discounts_generate_run.graphql (aliases `tier` and `configuration`, Decimal strings,
// enums as strings), as they appear in the Function's run log in the Partner dashboard.

const EXTENSION = path.join(PROJECT_ROOT, "extensions/loyalty-discount");

const CONFIGURATION = JSON.stringify({
  version: 1,
  tiers: {
    silver: { percent: "5", maxDiscount: null, message: { de: "Silber: 5 % Treuerabatt", en: "Silver: 5% loyalty discount" } },
    gold: { percent: "10", maxDiscount: "25.00", message: { de: "Gold: 10 % Treuerabatt", en: "Gold: 10% loyalty discount" } },
  },
});

/** A signed-in Gold member's cart in EUR: two bags of coffee and a tea, 61.70 € in all. */
function goldCart(): CartInput {
  const json = {
    cart: {
      buyerIdentity: {
        customer: { id: "gid://shopify/Customer/7351234567890123", tier: { value: "gold" } },
      },
      lines: [
        {
          id: "gid://shopify/CartLine/0",
          quantity: 2,
          cost: { subtotalAmount: { amount: "37.8", currencyCode: "EUR" } },
          merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/44012345678901", product: { isGiftCard: false } },
        },
        {
          id: "gid://shopify/CartLine/1",
          quantity: 1,
          cost: { subtotalAmount: { amount: "23.9", currencyCode: "EUR" } },
          merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/44012345678902", product: { isGiftCard: false } },
        },
      ],
    },
    discount: { discountClasses: ["ORDER"], configuration: { value: CONFIGURATION } },
    localization: { language: { isoCode: "DE" } },
    presentmentCurrencyRate: "1.0",
  };
  return json as unknown as CartInput;
}

function withCart(change: (input: CartInput) => void): CartInput {
  const input = goldCart();
  change(input);
  return input;
}

function orderCandidate(input: CartInput) {
  const result = cartLinesDiscountsGenerateRun(input);
  expect(result.operations.length).toBeLessThanOrEqual(1);
  const operation = result.operations[0];
  if (!operation) return null;
  if (!operation.orderDiscountsAdd) throw new Error(`expected an order discount, got ${JSON.stringify(operation)}`);
  expect(operation.orderDiscountsAdd.selectionStrategy).toBe("FIRST");
  expect(operation.orderDiscountsAdd.candidates).toHaveLength(1);
  return operation.orderDiscountsAdd.candidates[0]!;
}

describe("the loyalty discount Function", () => {
  test("a Gold member gets 10 % off the order subtotal, told in the checkout's language", () => {
    expect(cartLinesDiscountsGenerateRun(goldCart())).toEqual({
      operations: [
        {
          orderDiscountsAdd: {
            candidates: [
              { message: "Gold: 10 % Treuerabatt", targets: [{ orderSubtotal: { excludedCartLineIds: [] } }], value: { percentage: { value: "10" } } },
            ],
            selectionStrategy: "FIRST",
          },
        },
      ],
    });
    const english = withCart((input) => (input.localization.language.isoCode = "EN"));
    expect(orderCandidate(english)?.message).toBe("Gold: 10% loyalty discount");
    // A language without its own text falls back to English.
    const french = withCart((input) => (input.localization.language.isoCode = "FR"));
    expect(orderCandidate(french)?.message).toBe("Gold: 10% loyalty discount");
  });

  test("above the cap the perk is the cap as a fixed amount", () => {
    const big = withCart((input) => (input.cart.lines[0]!.cost.subtotalAmount.amount = "300.00"));
    // 10 % of 323.90 € is 32.39 €, more than the 25.00 € cap.
    expect(orderCandidate(big)?.value).toEqual({ fixedAmount: { amount: "25.00" } });
    // Exactly at the cap the percentage and the cap agree: the percentage stays.
    const atCap = withCart((input) => {
      input.cart.lines[0]!.cost.subtotalAmount.amount = "226.10";
    });
    expect(orderCandidate(atCap)?.value).toEqual({ percentage: { value: "10" } });
  });

  test("the cap is converted into the buyer's currency and rounded down to cents", () => {
    const chf = withCart((input) => {
      input.cart.lines[0]!.cost.subtotalAmount = { amount: "400.00", currencyCode: "CHF" };
      input.cart.lines[1]!.cost.subtotalAmount = { amount: "20.00", currencyCode: "CHF" };
      input.presentmentCurrencyRate = "0.9371";
    });
    // 25.00 × 0.9371 = 23.4275 → 23.42 (never above the cap).
    expect(orderCandidate(chf)?.value).toEqual({ fixedAmount: { amount: "23.42" } });
  });

  test("a fractional percent passes exactly, without binary rounding", () => {
    const config = JSON.parse(CONFIGURATION) as { tiers: Record<string, { percent: string }> };
    config.tiers.gold!.percent = "12.5";
    const input = withCart((cart) => (cart.discount.configuration = { value: JSON.stringify({ version: 1, ...config }) }));
    expect(orderCandidate(input)?.value).toEqual({ percentage: { value: "12.5" } });
  });

  test("a Silver member's uncapped perk", () => {
    const silver = withCart((input) => (input.cart.buyerIdentity!.customer!.tier = { value: "silver" }));
    expect(orderCandidate(silver)).toMatchObject({ message: "Silber: 5 % Treuerabatt", value: { percentage: { value: "5" } } });
  });

  test("gift cards are left out of the discounted subtotal", () => {
    const input = withCart((cart) => {
      cart.cart.lines.push({
        id: "gid://shopify/CartLine/2",
        quantity: 1,
        cost: { subtotalAmount: { amount: "500.00", currencyCode: "EUR" } },
        merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/44012345678999", product: { isGiftCard: true } },
      });
    });
    // 10 % of 61.70 € stays under the cap although the gift card makes the cart 561.70 €.
    expect(orderCandidate(input)).toMatchObject({
      targets: [{ orderSubtotal: { excludedCartLineIds: ["gid://shopify/CartLine/2"] } }],
      value: { percentage: { value: "10" } },
    });
    const onlyGiftCard = withCart((cart) => {
      cart.cart.lines = [cart.cart.lines[0]!];
      cart.cart.lines[0]!.merchandise = { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/1", product: { isGiftCard: true } };
    });
    expect(cartLinesDiscountsGenerateRun(onlyGiftCard)).toEqual({ operations: [] });
  });

  test("a discount of the PRODUCT class without ORDER: the same reduction on the merchandise lines", () => {
    const classes = ["PRODUCT", "SHIPPING"] as CartInput["discount"]["discountClasses"];
    const product = withCart((input) => {
      input.discount.discountClasses = classes;
      input.cart.lines.push({
        id: "gid://shopify/CartLine/2",
        quantity: 1,
        cost: { subtotalAmount: { amount: "50.00", currencyCode: "EUR" } },
        merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/44012345678999", product: { isGiftCard: true } },
      });
    });
    expect(cartLinesDiscountsGenerateRun(product)).toEqual({
      operations: [
        {
          productDiscountsAdd: {
            candidates: [
              {
                message: "Gold: 10 % Treuerabatt",
                targets: [{ cartLine: { id: "gid://shopify/CartLine/0" } }, { cartLine: { id: "gid://shopify/CartLine/1" } }],
                value: { percentage: { value: "10" } },
              },
            ],
            selectionStrategy: "FIRST",
          },
        },
      ],
    });
    // Capped, the cap is shared out over the lines once, not taken off every unit.
    const big = withCart((input) => {
      input.discount.discountClasses = classes;
      input.cart.lines[0]!.cost.subtotalAmount.amount = "300.00";
    });
    expect(cartLinesDiscountsGenerateRun(big).operations[0]?.productDiscountsAdd?.candidates[0]?.value).toEqual({
      fixedAmount: { amount: "25.00", appliesToEachItem: false },
    });
    // With both classes the order discount alone: the perk is taken off once.
    const both = withCart((input) => (input.discount.discountClasses = ["PRODUCT", "ORDER"] as CartInput["discount"]["discountClasses"]));
    expect(cartLinesDiscountsGenerateRun(both).operations.map((operation) => Object.keys(operation))).toEqual([["orderDiscountsAdd"]]);
  });

  test.each<[string, (input: CartInput) => void]>([
    ["a guest (no customer signed in)", (input) => (input.cart.buyerIdentity!.customer = null)],
    ["a cart without buyer identity", (input) => (input.cart.buyerIdentity = null)],
    ["a customer who is no member (no tier metafield)", (input) => (input.cart.buyerIdentity!.customer!.tier = null)],
    ["a member without tier", (input) => (input.cart.buyerIdentity!.customer!.tier = { value: "none" })],
    ["a member of a tier without perk", (input) => (input.cart.buyerIdentity!.customer!.tier = { value: "bronze" })],
    ["a discount without configuration", (input) => (input.discount.configuration = null)],
    ["a configuration that is not JSON", (input) => (input.discount.configuration = { value: "{tiers: gold" })],
    ["a configuration of another version", (input) => (input.discount.configuration = { value: CONFIGURATION.replace('"version":1', '"version":2') })],
    ["a percent as a JSON number", (input) => (input.discount.configuration = { value: CONFIGURATION.replace('"percent":"10"', '"percent":10') })],
    ["a percent above 100", (input) => (input.discount.configuration = { value: CONFIGURATION.replace('"percent":"10"', '"percent":"150"') })],
    ["a negative cap", (input) => (input.discount.configuration = { value: CONFIGURATION.replace('"25.00"', '"-25.00"') })],
    ["an unreadable currency rate", (input) => (input.presentmentCurrencyRate = "n/a")],
    ["a discount of the SHIPPING class alone", (input) => (input.discount.discountClasses = ["SHIPPING"] as CartInput["discount"]["discountClasses"])],
    ["an empty cart", (input) => (input.cart.lines = [])],
    ["a cart worth nothing", (input) => input.cart.lines.forEach((line) => (line.cost.subtotalAmount.amount = "0.00"))],
  ])("no discount for %s", (_name, change) => {
    expect(cartLinesDiscountsGenerateRun(withCart(change))).toEqual({ operations: [] });
  });
});

const decimalText = (maxUnits: number, scale: number) =>
  fc.integer({ min: 0, max: maxUnits }).map((units) => formatDecimal({ units: BigInt(units), scale }));

/** What a candidate value takes off `subtotal`, exactly. */
function takenOff(value: NonNullable<ReturnType<typeof tierPerkValue>>, subtotal: ExactDecimal): ExactDecimal {
  if ("fixedAmount" in value) return parseDecimal(value.fixedAmount.amount)!;
  const percent = parseDecimal(value.percentage.value)!;
  return { units: multiply(subtotal, percent).units, scale: subtotal.scale + percent.scale + 2 };
}

describe("the perk's value (properties)", () => {
  test("never negative, never above the subtotal, never above the cap", () => {
    fc.assert(
      fc.property(
        decimalText(10_000_000, 2),
        decimalText(100_000, 3),
        fc.option(decimalText(1_000_000, 2), { nil: null }),
        (subtotalText, percentText, capText) => {
          const subtotal = parseDecimal(subtotalText)!;
          const cap = capText === null ? null : parseDecimal(capText)!;
          const value = tierPerkValue(subtotal, parseDecimal(percentText)!, cap);
          if (value === null) return;
          const off = takenOff(value, subtotal);
          expect(compare(off, { units: 0n, scale: 0 })).toBeGreaterThan(0);
          expect(compare(off, subtotal)).toBeLessThanOrEqual(0);
          if (cap !== null) expect(compare(off, cap)).toBeLessThanOrEqual(0);
          if ("percentage" in value) expect(Number(value.percentage.value)).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test("the Function's operation keeps the same bounds on generated carts", () => {
    fc.assert(
      fc.property(fc.array(decimalText(50_000, 2), { minLength: 1, maxLength: 8 }), decimalText(100_000, 4), (amounts, rate) => {
        const input = withCart((cart) => {
          cart.presentmentCurrencyRate = rate;
          cart.cart.lines = amounts.map((amount, index) => ({
            id: `gid://shopify/CartLine/${index}`,
            quantity: 1,
            cost: { subtotalAmount: { amount, currencyCode: "EUR" } },
            merchandise: { __typename: "ProductVariant", id: `gid://shopify/ProductVariant/${index + 1}`, product: { isGiftCard: false } },
          }));
        });
        const candidate = orderCandidate(input);
        if (!candidate) return;
        const subtotal = amounts.map((amount) => parseDecimal(amount)!).reduce(add);
        const off = takenOff(candidate.value, subtotal);
        expect(compare(off, subtotal)).toBeLessThanOrEqual(0);
        expect(compare(off, multiply(parseDecimal("25.00")!, parseDecimal(rate)!))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the extension as the Shopify CLI reads it", () => {
  const toml = z
    .object({
      api_version: z.string(),
      extensions: z.array(
        z.object({
          handle: z.string(),
          type: z.string(),
          targeting: z.array(z.object({ target: z.string(), input_query: z.string(), export: z.string() })),
          build: z.object({ path: z.string() }),
        }),
      ),
    })
    .parse(parse(readFileSync(path.join(EXTENSION, "shopify.extension.toml"), "utf8")));

  test("one discount Function on the app's API version, handle loyalty-discount", () => {
    expect(toml.api_version).toBe(SHOPIFY_API_VERSION);
    expect(toml.extensions).toHaveLength(1);
    expect(toml.extensions[0]).toMatchObject({ handle: "loyalty-discount", type: "function" });
    expect(toml.extensions[0]!.targeting).toEqual([
      { target: "cart.lines.discounts.generate.run", input_query: "src/cart_lines_discounts_generate_run.graphql", export: "cart-lines-discounts-generate-run" },
    ]);
  });

  test("the input query asks for the metafields the app writes, under the aliases the types name", () => {
    const query = readFileSync(path.join(EXTENSION, "src/cart_lines_discounts_generate_run.graphql"), "utf8");
    expect(query).toMatch(/^query CartInput \{/m);
    expect(query).toContain(`tier: metafield(namespace: "${CUSTOMER_TIER_METAFIELD.namespace}", key: "${CUSTOMER_TIER_METAFIELD.key}")`);
    expect(query).toContain(`configuration: metafield(namespace: "${CONFIGURATION_METAFIELD.namespace}", key: "${CONFIGURATION_METAFIELD.key}")`);
    expect(CUSTOMER_TIER_METAFIELD.namespace).toBe(LOYALTY_METAFIELD_NAMESPACE);
    for (const field of ["discountClasses", "presentmentCurrencyRate", "isGiftCard", "subtotalAmount"]) expect(query).toContain(field);
  });

  test("the name and description the toml translates exist in German and English", () => {
    for (const file of ["en.default.json", "de.json"]) {
      const texts = z.object({ name: z.string(), description: z.string() }).parse(JSON.parse(readFileSync(path.join(EXTENSION, "locales", file), "utf8")));
      expect(texts.name.trim()).not.toBe("");
      expect(texts.description.trim()).not.toBe("");
    }
  });

  test("the entry exports the target's function under the export's camel-case name", () => {
    const entry = readFileSync(path.join(EXTENSION, "src/index.ts"), "utf8");
    expect(entry).toContain("cartLinesDiscountsGenerateRun");
  });
});
