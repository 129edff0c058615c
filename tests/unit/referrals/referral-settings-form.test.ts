import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldsToReferralSettings, referralSettingsToFields } from "~/admin/referrals/settings-form";
import { DEFAULT_REFERRAL_SETTINGS, type ReferralDiscount, type ReferralSettings } from "~/core/referrals/program-settings";

// The referral settings form: any valid settings shown in either language read back unchanged
// (amounts in currency units, "12,50" in German), and what cannot be read is named at its field.

const minor = fc.integer({ min: 1, max: 100_000_000 });
const discount: fc.Arbitrary<ReferralDiscount> = fc.oneof(
  minor.map((amountMinor) => ({ kind: "amount" as const, amountMinor })),
  fc.integer({ min: 1, max: 100 }).map((percent) => ({ kind: "percent" as const, percent })),
  fc.constant({ kind: "free_shipping" as const }),
);
const codeReward = fc.record({
  value: discount,
  minimumSubtotalMinor: fc.option(minor, { nil: null }),
  codeValidDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: null }),
});
const velocity = fc.record({ windowHours: fc.integer({ min: 1, max: 24 * 90 }), limit: fc.integer({ min: 1, max: 10_000 }) });

const settings: fc.Arbitrary<ReferralSettings> = fc
  .record({
    friendReward: codeReward,
    advocateReward: fc.oneof(
      fc.integer({ min: 1, max: 1_000_000 }).map((points) => ({ kind: "points" as const, points })),
      codeReward.map((reward) => ({ kind: "discount" as const, ...reward })),
    ),
    returnWindowDays: fc.integer({ min: 0, max: 365 }),
    minimumOrderMinor: fc.option(minor, { nil: null }),
    advocateMonthlyLimit: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: null }),
    claimsPerHourPerIp: fc.integer({ min: 1, max: 1_000 }),
    codePrefix: fc.stringMatching(/^[A-Z0-9]{2,12}$/),
    reviewAt: fc.integer({ min: 1, max: 100 }),
    rejectAbove: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
    ipVelocity: velocity,
    deviceVelocity: velocity,
    codeSpread: fc.record({ windowDays: fc.integer({ min: 1, max: 365 }), limit: fc.integer({ min: 1, max: 10_000 }) }),
  })
  .map(({ reviewAt, rejectAbove, ipVelocity, deviceVelocity, codeSpread, ...rest }) => ({
    ...rest,
    fraud: { reviewAt, rejectAt: rejectAbove === null ? null : Math.min(100, reviewAt + rejectAbove), ipVelocity, deviceVelocity, codeSpread },
  }));

describe("referral settings form", () => {
  it.each(["de", "en"] as const)("any valid settings read back unchanged (%s)", (locale) => {
    fc.assert(
      fc.property(settings, (original) => {
        expect(fieldsToReferralSettings(referralSettingsToFields(original, "EUR", locale), "EUR")).toEqual({ ok: true, settings: original });
      }),
    );
  });

  it("shows amounts in currency units in the merchant's notation and reads either notation", () => {
    const fields = referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "de");
    expect(fields["friendReward.value.amountMinor"]).toBe("10,00");
    expect(referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "en")["friendReward.value.amountMinor"]).toBe("10.00");
    const read = fieldsToReferralSettings({ ...fields, "friendReward.value.amountMinor": "1.234,5", minimumOrderMinor: "25.00" }, "EUR");
    expect(read.ok && [read.settings.friendReward.value, read.settings.minimumOrderMinor]).toEqual([{ kind: "amount", amountMinor: 123_450 }, 2_500]);
    // A currency without minor units takes whole amounts only.
    const yen = fieldsToReferralSettings({ ...referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "JPY", "en"), "friendReward.value.amountMinor": "1000.50" }, "JPY");
    expect(yen).toEqual({ ok: false, errors: { "friendReward.value.amountMinor": { code: "amount" } } });
  });

  it("a choice outside the options is named at its field", () => {
    const fields = { ...referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "en"), "friendReward.value.kind": "gift" };
    const read = fieldsToReferralSettings(fields, "EUR");
    expect(read).toEqual({ ok: false, errors: { "friendReward.value.kind": { code: "choice" } } });
  });
});
