import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { currencyExponent, decimalToMinor, minorToDecimal } from "~/core/money";

describe("currencyExponent", () => {
  it.each([
    ["EUR", 2],
    ["USD", 2],
    ["CHF", 2],
    ["GBP", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
  ])("%s has %i minor digits", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  it.each(["eur", "EURO", "", "E1R", " EUR"])("rejects the malformed code %j", (currency) => {
    expect(() => currencyExponent(currency)).toThrow(/currency code/);
  });
});

describe("decimalToMinor", () => {
  it.each([
    ["12", "EUR", 1200n],
    ["12.5", "EUR", 1250n],
    ["12.50", "EUR", 1250n],
    ["-3.10", "EUR", -310n],
    ["-0.05", "EUR", -5n],
    ["0", "EUR", 0n],
    ["0.00", "EUR", 0n],
    ["-0", "EUR", 0n],
    ["0.01", "EUR", 1n],
    ["007.50", "EUR", 750n],
    ["12.500", "EUR", 1250n],
    ["12.5000000", "EUR", 1250n],
    ["1500", "JPY", 1500n],
    ["1500.00", "JPY", 1500n],
    ["-20", "JPY", -20n],
    ["1.234", "KWD", 1234n],
    ["1.2", "KWD", 1200n],
    ["1.2340", "KWD", 1234n],
    ["92233720368547758.07", "EUR", 9223372036854775807n],
    ["123456789012345678901234567890.99", "EUR", 12345678901234567890123456789099n],
  ])("%s %s → %s", (decimal, currency, minor) => {
    expect(decimalToMinor(decimal, currency)).toBe(minor);
  });

  it.each([
    ["12.345", "EUR"],
    ["0.001", "EUR"],
    ["1.5", "JPY"],
    ["100.01", "JPY"],
    ["1.2345", "KWD"],
  ])("refuses to round %s %s", (decimal, currency) => {
    expect(() => decimalToMinor(decimal, currency)).toThrow(/fractional digit/);
  });

  it.each([
    "",
    " ",
    "abc",
    "12,50",
    "1 000",
    " 12.50",
    "12.50 ",
    "+12.50",
    ".5",
    "5.",
    "1e3",
    "1E-2",
    "0x10",
    "--1",
    "1-",
    "NaN",
    "Infinity",
    "12.5.0",
    "€12",
    "١٢",
  ])("rejects the garbage amount %j", (decimal) => {
    expect(() => decimalToMinor(decimal, "EUR")).toThrow(/Invalid decimal amount/);
  });

  it("rejects an invalid currency before looking at the amount", () => {
    expect(() => decimalToMinor("1.00", "eur")).toThrow(/currency code/);
  });
});

describe("minorToDecimal", () => {
  it.each([
    [1250n, "EUR", "12.50"],
    [1200n, "EUR", "12.00"],
    [5n, "EUR", "0.05"],
    [-5n, "EUR", "-0.05"],
    [-310n, "EUR", "-3.10"],
    [0n, "EUR", "0.00"],
    [1500n, "JPY", "1500"],
    [-20n, "JPY", "-20"],
    [0n, "JPY", "0"],
    [1234n, "KWD", "1.234"],
    [1n, "KWD", "0.001"],
    [-1000n, "KWD", "-1.000"],
    [9223372036854775807n, "EUR", "92233720368547758.07"],
  ])("%s %s → %s", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });
});

describe("money properties", () => {
  const currencies = fc.constantFrom("EUR", "USD", "JPY", "KWD", "CHF", "BHD", "KRW");
  const minors = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });

  it("minor → decimal → minor is the identity", () => {
    fc.assert(
      fc.property(minors, currencies, (minor, currency) => {
        expect(decimalToMinor(minorToDecimal(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it("decimalToMinor is exact for any well-formed decimal within the currency's precision", () => {
    const decimals = currencies.chain((currency) =>
      fc.record({
        currency: fc.constant(currency),
        negative: fc.boolean(),
        whole: fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fraction: fc
          .array(fc.integer({ min: 0, max: 9 }), { maxLength: currencyExponent(currency) })
          .map((digits) => digits.join("")),
        trailingZeros: fc.nat({ max: 4 }),
      }),
    );
    fc.assert(
      fc.property(decimals, ({ currency, negative, whole, fraction, trailingZeros }) => {
        const exponent = currencyExponent(currency);
        const fractionText = fraction + "0".repeat(trailingZeros);
        const text = `${negative ? "-" : ""}${whole}${fractionText === "" ? "" : `.${fractionText}`}`;
        const magnitude = whole * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
        expect(decimalToMinor(text, currency)).toBe(negative ? -magnitude : magnitude);
      }),
    );
  });

  it("minorToDecimal output is canonical: exactly `exponent` fraction digits, no stray signs", () => {
    fc.assert(
      fc.property(minors, currencies, (minor, currency) => {
        const exponent = currencyExponent(currency);
        const text = minorToDecimal(minor, currency);
        const pattern =
          exponent === 0 ? /^-?(0|[1-9]\d*)$/ : new RegExp(`^-?(0|[1-9]\\d*)\\.\\d{${exponent}}$`);
        expect(text).toMatch(pattern);
        expect(text.startsWith("-")).toBe(minor < 0n);
      }),
    );
  });

  it("addition commutes with conversion (no float drift)", () => {
    fc.assert(
      fc.property(minors, minors, (a, b) => {
        const sum = decimalToMinor(minorToDecimal(a, "EUR"), "EUR") + decimalToMinor(minorToDecimal(b, "EUR"), "EUR");
        expect(sum).toBe(a + b);
      }),
    );
  });
});
