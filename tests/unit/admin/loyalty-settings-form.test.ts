import { describe, expect, it } from "vitest";
import {
  addReward,
  addTier,
  fieldsToSettings,
  itemIndices,
  removeItem,
  REWARDS,
  settingsToFields,
  TIERS,
  type SettingsFields,
} from "~/admin/loyalty-settings-form";
import { DEFAULT_PROGRAM_SETTINGS, programSettingsSchema, type ProgramSettings } from "~/core/loyalty/program-settings";
import { rewardSchema } from "~/core/loyalty/rewards";

const FULL: ProgramSettings = {
  ...DEFAULT_PROGRAM_SETTINGS,
  earning: {
    pointsPerUnit: 3,
    rounding: "nearest",
    includeShipping: true,
    productMultipliers: { "gid-product-1": 2, "espresso-beans": 1.5 },
    collectionMultipliers: { sale: 0 },
  },
  expiry: { kind: "inactivity", days: 540 },
  spentPoints: { kind: "allow_negative", floor: -500 },
  returnRewardPointsOnFullRefund: false,
  codePrefix: "KAFFEE",
  tiers: {
    basis: "points",
    window: "calendar_year",
    demotion: "keep",
    levels: [
      DEFAULT_PROGRAM_SETTINGS.tiers.levels[0]!,
      { ...DEFAULT_PROGRAM_SETTINGS.tiers.levels[1]!, checkoutPerk: { percent: 2.5, maxDiscountMinor: null } },
      { ...DEFAULT_PROGRAM_SETTINGS.tiers.levels[2]!, checkoutPerk: { percent: 5, maxDiscountMinor: 1_500 } },
    ],
  },
  rewards: [
    ...DEFAULT_PROGRAM_SETTINGS.rewards,
    { id: "mug", kind: "free_product", title: { de: "Tasse", en: "Mug" }, active: false, pointsCost: 1200, variantId: "44012345", minimumSubtotalMinor: 1_999, codeValidDays: null },
    { id: "slider", kind: "variable_amount", title: { de: "Wunschbetrag", en: "Any amount" }, active: true, pointsPerUnit: 100, minPoints: 100, maxPoints: 5_000, minimumSubtotalMinor: null, codeValidDays: 30 },
  ],
  customActions: [{ key: "review_written", label: "Bewertung geschrieben", points: 50, limit: { count: 2, period: "month" } }],
};

function valid(fields: SettingsFields, currency = "EUR"): ProgramSettings {
  const result = fieldsToSettings(fields, currency);
  if (!result.ok) throw new Error(`Expected valid settings, got ${JSON.stringify(result.errors)}`);
  return result.settings;
}

function errorsOf(fields: SettingsFields, currency = "EUR") {
  const result = fieldsToSettings(fields, currency);
  if (result.ok) throw new Error("Expected field errors");
  return result.errors;
}

const defaults = (locale: "de" | "en" = "en") => settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", locale);

describe("settings → fields → settings", () => {
  it.each(["de", "en"] as const)("gives back the default settings (%s)", (locale) => {
    expect(valid(settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", locale))).toEqual(DEFAULT_PROGRAM_SETTINGS);
  });

  it.each(["de", "en"] as const)("gives back every kind of reward, multipliers, expiry and policy (%s)", (locale) => {
    expect(valid(settingsToFields(FULL, "EUR", locale))).toEqual(FULL);
  });

  it("gives back 'never expires' and 'cap at balance'", () => {
    const settings: ProgramSettings = { ...DEFAULT_PROGRAM_SETTINGS, expiry: { kind: "never" }, spentPoints: { kind: "cap_at_balance" } };
    expect(valid(settingsToFields(settings, "EUR", "de"))).toEqual(settings);
  });

  it("round-trips amounts in a currency without minor digits (JPY)", () => {
    expect(valid(settingsToFields(FULL, "JPY", "en"), "JPY")).toEqual(FULL);
    expect(settingsToFields(FULL, "JPY", "en")["rewards.0.amountMinor"]).toBe("500");
  });
});

describe("the form covers the program's settings", () => {
  // A setting the form has no field for would be dropped by the next save from the admin.
  it("has a field for every setting the schema knows, for every kind of reward", () => {
    const fields = settingsToFields(FULL, "EUR", "en");
    const names = Object.keys(fields);
    const missing: string[] = [];
    const check = (path: string) => {
      if (!names.some((name) => name === path || name.startsWith(`${path}.`))) missing.push(path);
    };
    const shape = programSettingsSchema.shape;
    for (const key of Object.keys(shape)) check(key);
    for (const group of ["earning", "actions", "expiryNotices", "tiers"] as const) for (const key of Object.keys(shape[group].shape)) check(`${group}.${key}`);
    // The last tier of FULL has every optional part of a tier.
    for (const key of Object.keys(shape.tiers.shape.levels.element.shape)) check(`tiers.levels.2.${key}`);
    for (const key of Object.keys(shape.customActions.unwrap().element.shape)) check(`customActions.0.${key}`);
    for (const option of rewardSchema.options) {
      const index = FULL.rewards.findIndex((reward) => reward.kind === option.shape.kind.value);
      expect(index, option.shape.kind.value).toBeGreaterThanOrEqual(0);
      for (const key of Object.keys(option.shape)) check(`rewards.${index}.${key}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("fields as the merchant sees them", () => {
  it("shows amounts in currency units and decimals in the merchant's notation", () => {
    const de = settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", "de");
    expect(de["rewards.0.amountMinor"]).toBe("5,00");
    expect(de["rewards.1.minimumSubtotalMinor"]).toBe("20,00");
    expect(de["tiers.levels.1.threshold"]).toBe("250,00");
    expect(de["tiers.levels.1.multiplier"]).toBe("1,25");
    expect(defaults("en")["tiers.levels.1.multiplier"]).toBe("1.25");
  });

  it("shows point thresholds as points when tiers count points", () => {
    expect(settingsToFields(FULL, "EUR", "en")["tiers.levels.2.threshold"]).toBe("75000");
  });

  it("leaves optional fields blank for 'none'", () => {
    const fields = settingsToFields(FULL, "EUR", "en");
    expect(fields["rewards.0.minimumSubtotalMinor"]).toBe("");
    expect(fields["rewards.3.codeValidDays"]).toBe("");
    expect(settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", "en")["spentPoints.floor"]).toBe("");
  });

  it("shows a tier's checkout discount as a percentage and its cap as an amount, blank for none", () => {
    const fields = settingsToFields(FULL, "EUR", "de");
    expect([fields["tiers.levels.0.checkoutPerk.percent"], fields["tiers.levels.0.checkoutPerk.maxDiscountMinor"]]).toEqual(["", ""]);
    expect([fields["tiers.levels.1.checkoutPerk.percent"], fields["tiers.levels.1.checkoutPerk.maxDiscountMinor"]]).toEqual(["2,5", ""]);
    expect([fields["tiers.levels.2.checkoutPerk.percent"], fields["tiers.levels.2.checkoutPerk.maxDiscountMinor"]]).toEqual(["5", "15,00"]);
  });

  it("writes multipliers one per line", () => {
    expect(settingsToFields(FULL, "EUR", "de")["earning.productMultipliers"]).toBe("gid-product-1 = 2\nespresso-beans = 1,5");
  });
});

describe("reading what the merchant typed", () => {
  it("accepts both decimal notations, thousands separators and a lower-case code prefix", () => {
    const settings = valid({
      ...defaults(),
      "rewards.0.amountMinor": "7.5",
      "rewards.1.minimumSubtotalMinor": "1.234,50",
      "tiers.levels.1.multiplier": "1,75",
      codePrefix: "treue",
    });
    expect(settings.rewards[0]).toMatchObject({ amountMinor: 750 });
    expect(settings.rewards[1]).toMatchObject({ minimumSubtotalMinor: 123_450 });
    expect(settings.tiers.levels[1]!.multiplier).toBe(1.75);
    expect(settings.codePrefix).toBe("TREUE");
  });

  it("takes a blank minimum cart, code validity and floor as none", () => {
    const settings = valid({ ...defaults(), "rewards.1.minimumSubtotalMinor": " ", "rewards.1.codeValidDays": "", "spentPoints.floor": "" });
    expect(settings.rewards[1]).toMatchObject({ minimumSubtotalMinor: null, codeValidDays: null });
    expect(settings.spentPoints).toEqual({ kind: "allow_negative", floor: null });
  });

  it("reads only the fields of the reward's kind", () => {
    const settings = valid({ ...defaults(), "rewards.0.kind": "percent_off", "rewards.0.percent": "15" });
    expect(settings.rewards[0]).toEqual({
      id: "five-off",
      kind: "percent_off",
      title: { de: "5 € Rabatt", en: "€5 off" },
      active: true,
      pointsCost: 500,
      percent: 15,
      minimumSubtotalMinor: null,
      codeValidDays: 90,
    });
  });

  it("switches a checkbox off when its field says false", () => {
    const settings = valid({ ...defaults(), "rewards.2.active": "false", "earning.includeShipping": "true" });
    expect(settings.rewards[2]!.active).toBe(false);
    expect(settings.earning.includeShipping).toBe(true);
  });
});

describe("invalid input → errors at the fields", () => {
  it("names text where a whole number belongs, and blanks where one is required", () => {
    expect(errorsOf({ ...defaults(), "earning.pointsPerUnit": "zwei", pendingDays: "" })).toEqual({
      "earning.pointsPerUnit": { code: "wholeNumber" },
      pendingDays: { code: "required" },
    });
  });

  it("refuses decimals in whole-number fields", () => {
    expect(errorsOf({ ...defaults(), "earning.pointsPerUnit": "1,5" })).toEqual({ "earning.pointsPerUnit": { code: "wholeNumber" } });
  });

  it("names the bounds the program sets", () => {
    expect(errorsOf({ ...defaults(), "earning.pointsPerUnit": "0", pendingDays: "121", "expiry.days": "10" })).toEqual({
      "earning.pointsPerUnit": { code: "min", limit: 1 },
      pendingDays: { code: "max", limit: 120 },
      "expiry.days": { code: "min", limit: 30 },
    });
  });

  it("refuses an amount with more digits than the currency has, and zero amounts", () => {
    expect(errorsOf({ ...defaults(), "rewards.0.amountMinor": "5,001", "rewards.1.minimumSubtotalMinor": "0" })).toEqual({
      "rewards.0.amountMinor": { code: "amount" },
      "rewards.1.minimumSubtotalMinor": { code: "positive" },
    });
  });

  it("refuses a code prefix with other characters", () => {
    expect(errorsOf({ ...defaults(), codePrefix: "TREUE-1" })).toEqual({ codePrefix: { code: "codePrefix" } });
    expect(errorsOf({ ...defaults(), codePrefix: "" })).toEqual({ codePrefix: { code: "codePrefix" } });
  });

  it("puts the tier rules at the threshold that breaks them", () => {
    expect(errorsOf({ ...defaults(), "tiers.levels.0.threshold": "10" })).toEqual({ "tiers.levels.0.threshold": { code: "firstTierZero" } });
    expect(errorsOf({ ...defaults(), "tiers.levels.2.threshold": "100" })).toEqual({ "tiers.levels.2.threshold": { code: "thresholdsRise" } });
  });

  it("names empty tier and reward names", () => {
    expect(errorsOf({ ...defaults(), "tiers.levels.1.name.de": " ", "rewards.2.title.en": "" })).toEqual({
      "tiers.levels.1.name.de": { code: "required" },
      "rewards.2.title.en": { code: "required" },
    });
  });

  it("names a multiplier out of range and a tier multiplier below 1", () => {
    expect(errorsOf({ ...defaults(), "earning.productMultipliers": "espresso = 12", "tiers.levels.1.multiplier": "0,5" })).toEqual({
      "earning.productMultipliers": { code: "max", limit: 10 },
      "tiers.levels.1.multiplier": { code: "min", limit: 1 },
    });
  });

  it("names multiplier lines it cannot read", () => {
    expect(errorsOf({ ...defaults(), "earning.collectionMultipliers": "sale = 0\nno multiplier here" })).toEqual({
      "earning.collectionMultipliers": { code: "multipliers" },
    });
  });

  it("names an unknown choice", () => {
    expect(errorsOf({ ...defaults(), "earning.rounding": "sideways", "expiry.kind": "someday", "rewards.0.kind": "gift" })).toEqual({
      "earning.rounding": { code: "choice" },
      "expiry.kind": { code: "choice" },
      "rewards.0.kind": { code: "choice" },
    });
  });

  it("names the fields a newly chosen reward kind still needs", () => {
    expect(errorsOf({ ...defaults(), "rewards.2.kind": "free_product" })).toEqual({ "rewards.2.variantId": { code: "required" } });
  });

  it("refuses a variable reward whose maximum lies below its minimum", () => {
    const fields = settingsToFields(FULL, "EUR", "en");
    expect(errorsOf({ ...fields, "rewards.4.minPoints": "600", "rewards.4.maxPoints": "500" })).toEqual({ "rewards.4.maxPoints": { code: "minAboveMax" } });
  });

  it("names a checkout discount with too many decimals, of 0 %, or a cap without a percentage", () => {
    expect(
      errorsOf({
        ...defaults(),
        "tiers.levels.0.checkoutPerk.percent": "12,345",
        "tiers.levels.1.checkoutPerk.percent": "0",
        "tiers.levels.2.checkoutPerk.maxDiscountMinor": "10",
      }),
    ).toEqual({
      "tiers.levels.0.checkoutPerk.percent": { code: "twoDecimals" },
      "tiers.levels.1.checkoutPerk.percent": { code: "positive" },
      "tiers.levels.2.checkoutPerk.percent": { code: "required" },
    });
  });

  it("names a floor above zero and a duplicate reward id", () => {
    expect(errorsOf({ ...defaults(), "spentPoints.floor": "5", "rewards.1.id": "five-off" })).toEqual({
      "spentPoints.floor": { code: "max", limit: 0 },
      "rewards.1.id": { code: "duplicateId" },
    });
  });

  it("reports every problem at once", () => {
    const errors = errorsOf({ ...defaults(), pendingDays: "x", codePrefix: "a", "tiers.levels.1.name.en": "" });
    expect(Object.keys(errors).sort()).toEqual(["codePrefix", "pendingDays", "tiers.levels.1.name.en"]);
  });
});

describe("adding and removing tiers and rewards", () => {
  it("adds an empty tier with an id of its own, which needs its names and threshold", () => {
    const fields = addTier(defaults());
    expect(itemIndices(fields, TIERS)).toEqual([0, 1, 2, 3]);
    expect(fields["tiers.levels.3.id"]).toBe("tier-4");
    expect(errorsOf(fields)).toEqual({
      "tiers.levels.3.name.de": { code: "required" },
      "tiers.levels.3.name.en": { code: "required" },
      "tiers.levels.3.threshold": { code: "required" },
    });
    const filled = valid({ ...fields, "tiers.levels.3.name.de": "Platin", "tiers.levels.3.name.en": "Platinum", "tiers.levels.3.threshold": "2000" });
    expect(filled.tiers.levels[3]).toEqual({ id: "tier-4", name: { de: "Platin", en: "Platinum" }, threshold: 200_000, multiplier: 1, entryRewardPoints: 0 });
  });

  it("removes a tier and moves the later ones up", () => {
    const fields = removeItem(defaults(), TIERS, 1);
    expect(itemIndices(fields, TIERS)).toEqual([0, 1]);
    expect(valid(fields).tiers.levels.map((level) => level.id)).toEqual(["bronze", "gold"]);
  });

  it("removes every tier", () => {
    const fields = [0, 0, 0].reduce((current, index) => removeItem(current, TIERS, index), defaults());
    expect(valid(fields).tiers.levels).toEqual([]);
  });

  it("adds a reward that needs its titles, price and amount; its id never repeats one in use", () => {
    const once = addReward(removeItem(defaults(), REWARDS, 0));
    const fields = addReward(once);
    expect([fields["rewards.2.id"], fields["rewards.3.id"]]).toEqual(["reward-3", "reward-4"]);
    expect(Object.keys(errorsOf(fields)).sort()).toEqual([
      "rewards.2.amountMinor",
      "rewards.2.pointsCost",
      "rewards.2.title.de",
      "rewards.2.title.en",
      "rewards.3.amountMinor",
      "rewards.3.pointsCost",
      "rewards.3.title.de",
      "rewards.3.title.en",
    ]);
  });

  it("maps an error of a list item to its field even when the indices have gaps", () => {
    const fields = Object.fromEntries(Object.entries(defaults()).filter(([name]) => !name.startsWith("rewards.1.")));
    expect(errorsOf({ ...fields, "rewards.2.pointsCost": "0" })).toEqual({ "rewards.2.pointsCost": { code: "positive" } });
  });
});
