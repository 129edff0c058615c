import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { advocateCode, friendCode, normalizeReferralCode, REFERRAL_CODE_ALPHABET } from "~/core/referrals/codes";
import { codeExpiresAt, discountCodeRequest } from "~/core/referrals/discount-request";
import { DEFAULT_REFERRAL_SETTINGS } from "~/core/referrals/program-settings";
import { effectiveReferralStatus } from "~/core/referrals/referral-status";
import { advocateRewardText, discountText, friendDiscountTitle, friendOfferText, minimumText } from "~/core/referrals/reward-text";

const bytes = (...values: number[]) => Uint8Array.from(values);
const randomBytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });

describe("advocateCode", () => {
  it("is the first name in capitals, a dash and four characters of the alphabet", () => {
    expect(advocateCode("Anna", bytes(0, 1, 2, 31))).toBe("ANNA-ABC9");
  });

  it("folds letters to A–Z one by one: umlauts and ß, accents; 'ue' and 'ae' stay", () => {
    const suffix = bytes(0, 0, 0, 0);
    expect(advocateCode("Jürgen", suffix)).toBe("JURGEN-AAAA");
    expect(advocateCode("Grüße", suffix)).toBe("GRUSSE-AAAA");
    expect(advocateCode("Manuel", suffix)).toBe("MANUEL-AAAA");
    expect(advocateCode("Raphael", suffix)).toBe("RAPHAEL-AAAA");
    expect(advocateCode("José", suffix)).toBe("JOSE-AAAA");
    expect(advocateCode("Jose\u0301", suffix)).toBe("JOSE-AAAA");
    expect(advocateCode("Anna-Lena Marie", suffix)).toBe("ANNALENA-AAAA");
  });

  it("is FREUND-… without a name of Latin letters", () => {
    for (const name of [null, "", "  ", "李", "Σοφία", "42"]) expect(advocateCode(name, bytes(5, 6, 7, 8))).toBe("FREUND-FGHJ");
  });

  it("always has the readable form, and the same bytes give the same code", () => {
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 30 })), randomBytes(4), (name, random) => {
        const code = advocateCode(name, random);
        expect(code).toMatch(/^[A-Z]{1,8}-[A-HJ-NP-Z2-9]{4}$/);
        expect(advocateCode(name, Uint8Array.from(random))).toBe(code);
        expect(normalizeReferralCode(` ${code.toLowerCase()} `)).toBe(code);
      }),
    );
  });

  it("needs four random bytes", () => {
    expect(() => advocateCode("Anna", bytes(1, 2, 3))).toThrow(/4 random bytes/);
  });
});

describe("friendCode", () => {
  it("is the prefix, a dash and ten characters without look-alikes, determined by the bytes", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{2,12}$/), randomBytes(10), (prefix, random) => {
        const code = friendCode(prefix, random);
        expect(code.startsWith(`${prefix}-`)).toBe(true);
        const tail = code.slice(prefix.length + 1);
        expect(tail).toHaveLength(10);
        expect([...tail].every((character) => REFERRAL_CODE_ALPHABET.includes(character))).toBe(true);
        expect(friendCode(prefix, Uint8Array.from(random))).toBe(code);
      }),
    );
  });

  it("uses every character of the alphabet equally: 32 of them, none of 0, O, 1, I", () => {
    expect(REFERRAL_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(REFERRAL_CODE_ALPHABET).size).toBe(32);
    expect(REFERRAL_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    const counts = new Map<string, number>();
    for (let start = 0; start < 256; start += 10) {
      const chunk = Uint8Array.from({ length: 10 }, (_, index) => all[(start + index) % 256]!);
      for (const character of friendCode("X", chunk).slice(2)) counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
  });

  it("needs ten random bytes", () => {
    expect(() => friendCode("FREUND", new Uint8Array(9))).toThrow(/10 random bytes/);
  });
});

describe("the friend's discount request", () => {
  const now = new Date("2026-03-01T10:00:00Z");

  it("is single-use, once per customer, with the minimum in the shop's currency and the validity from now", () => {
    const request = discountCodeRequest({
      reward: { value: { kind: "amount", amountMinor: 1_000 }, minimumSubtotalMinor: 3_000, codeValidDays: 30 },
      code: "FREUND-ABCDEFGHJK",
      title: "Empfehlung: 10,00 € Rabatt",
      currency: "EUR",
      customerPlatformId: "42",
      now,
    });
    expect(request).toEqual({
      code: "FREUND-ABCDEFGHJK",
      title: "Empfehlung: 10,00 € Rabatt",
      value: { kind: "amount", amountMinor: 1_000n, currency: "EUR" },
      customerPlatformId: "42",
      usageLimit: 1,
      oncePerCustomer: true,
      minimumSubtotal: { amountMinor: 3_000n, currency: "EUR" },
      startsAt: now,
      endsAt: new Date("2026-03-31T10:00:00Z"),
    });
  });

  it("carries percentages and free shipping; without minimum or validity it has neither", () => {
    const base = { code: "X-1", title: "t", currency: "CHF", customerPlatformId: null, now };
    expect(discountCodeRequest({ ...base, reward: { value: { kind: "percent", percent: 15 }, minimumSubtotalMinor: null, codeValidDays: null } })).toMatchObject({
      value: { kind: "percent", percent: 15 },
      minimumSubtotal: null,
      endsAt: null,
      customerPlatformId: null,
    });
    expect(discountCodeRequest({ ...base, reward: { value: { kind: "free_shipping" }, minimumSubtotalMinor: null, codeValidDays: 1 } }).value).toEqual({
      kind: "free_shipping",
    });
    expect(codeExpiresAt({ codeValidDays: 1 }, now)).toEqual(new Date("2026-03-02T10:00:00Z"));
  });
});

describe("effectiveReferralStatus", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  it("counts a claimed code that ran out as expired, and nothing else", () => {
    expect(effectiveReferralStatus({ status: "CLAIMED", friendCodeExpiresAt: now }, now)).toBe("EXPIRED");
    expect(effectiveReferralStatus({ status: "CLAIMED", friendCodeExpiresAt: new Date(now.getTime() + 1) }, now)).toBe("CLAIMED");
    expect(effectiveReferralStatus({ status: "CLAIMED", friendCodeExpiresAt: null }, now)).toBe("CLAIMED");
    expect(effectiveReferralStatus({ status: "PENDING", friendCodeExpiresAt: new Date(0) }, now)).toBe("PENDING");
  });
});

describe("the rewards in words", () => {
  it("says what a discount takes off and from which order value, in German and English", () => {
    expect(discountText("de", { kind: "amount", amountMinor: 1_000 }, "EUR")).toBe("10,00\u00a0€ Rabatt");
    expect(discountText("en", { kind: "amount", amountMinor: 1_050 }, "CHF")).toBe("CHF\u00a010.50 off");
    expect(discountText("de", { kind: "percent", percent: 15 }, "EUR")).toBe("15 % Rabatt");
    expect(discountText("en", { kind: "percent", percent: 15 }, "EUR")).toBe("15% off");
    expect(discountText("de", { kind: "free_shipping" }, "EUR")).toBe("kostenlosen Versand");
    expect(minimumText("de", 3_000, "EUR")).toBe("ab 30,00\u00a0€ Bestellwert");
    expect(minimumText("en", null, "EUR")).toBeNull();
  });

  it("names the advocate's points or discount, and the friend's discount's title for the merchant", () => {
    expect(advocateRewardText("de", { kind: "points", points: 1 }, "EUR")).toBe("1 Punkt");
    expect(advocateRewardText("en", { kind: "points", points: 1_500 }, "EUR")).toBe("1,500 points");
    expect(advocateRewardText("en", DEFAULT_REFERRAL_SETTINGS.advocateReward, "EUR")).toBe("€10.00 off on orders of €30.00 or more");
    expect(friendDiscountTitle("de", DEFAULT_REFERRAL_SETTINGS.friendReward, "EUR")).toBe("Empfehlung: 10,00\u00a0€ Rabatt");
    expect(friendOfferText("en", { ...DEFAULT_REFERRAL_SETTINGS.friendReward, minimumSubtotalMinor: null }, "EUR")).toBe(
      "Your friends get €10.00 off on their first order.",
    );
  });
});
