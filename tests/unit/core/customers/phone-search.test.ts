import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PHONE_SEARCH_MIN_DIGITS, phoneSearchDigits } from "~/core/customers/phone-search";

// The stored side of the comparison: all digits of the phone (the migration's expression index).
const storedDigits = (phone: string) => phone.replace(/\D/g, "");
const finds = (typed: string, stored: string) => {
  const digits = phoneSearchDigits(typed);
  return digits !== null && storedDigits(stored).includes(digits);
};

describe("phone search digits", () => {
  test.each([
    ["+49 1522 126069", "1522126069"],
    ["+491522126069", "1522126069"],
    ["0049 1522 126069", "1522126069"],
    ["01522126069", "1522126069"],
    ["01522 / 12 60 69", "1522126069"],
    ["1522126069", "1522126069"],
    ["+49 (0)1522 126069", "1522126069"],
    ["(0152) 212-6069", "1522126069"],
    ["0152.212.6069", "1522126069"],
    ["+43 664 1234567", "436641234567"],
    ["0043 664 1234567", "436641234567"],
    ["126069", "126069"],
  ])("%s → %s", (typed, digits) => {
    expect(phoneSearchDigits(typed)).toBe(digits);
  });

  test.each([["1042"], ["#1042"], ["+49 152"], ["0152"], ["anna"], ["1522126069a"], [""], ["   "], ["+"], ["++491522126069"]])(
    "%j is no phone search",
    (typed) => {
      expect(phoneSearchDigits(typed)).toBeNull();
    },
  );

  test("every German spelling of a number finds it stored in every German spelling", () => {
    const spellings = ["+491522126069", "+49 1522 126069", "0049 1522 126069", "01522126069", "01522 126069", "+49 (0) 1522-126069"];
    for (const typed of [...spellings, "1522126069", "1522 126069"]) {
      for (const stored of spellings) expect(finds(typed, stored), `${typed} → ${stored}`).toBe(true);
    }
  });

  test("a different number is not found", () => {
    expect(finds("+49 1522 126068", "+491522126069")).toBe(false);
    expect(finds("+43 1522 126069", "+491522126069")).toBe(false);
  });

  test("any German mobile number, typed nationally or internationally, finds its E.164 form", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[5-7]\d{8,9}$/), fc.constantFrom(" ", "", "-", "/"), (national, separator) => {
        const e164 = `+49${national}`;
        const typedNational = `0${national.slice(0, 3)}${separator}${national.slice(3)}`;
        const typedInternational = `+49${separator}${national.slice(0, 3)}${separator}${national.slice(3)}`;
        expect(finds(typedNational, e164)).toBe(true);
        expect(finds(typedInternational, e164)).toBe(true);
        expect(finds(typedInternational, `0${national}`)).toBe(true);
      }),
    );
  });

  test("the result is digits only, never shorter than the minimum", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."+0123456789 ()/-.a#") }), (typed) => {
        const digits = phoneSearchDigits(typed);
        if (digits !== null) {
          expect(digits).toMatch(/^\d+$/);
          expect(digits.length).toBeGreaterThanOrEqual(PHONE_SEARCH_MIN_DIGITS);
        }
      }),
    );
  });
});
