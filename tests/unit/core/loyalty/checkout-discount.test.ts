import { describe, expect, test } from "vitest";
import {
  checkoutDiscountErrorText,
  checkoutDiscountRequest,
  checkoutDiscountState,
  readCheckoutDiscountError,
  type CheckoutDiscountColumns,
} from "~/core/loyalty/checkout-discount";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";

const NOW = new Date("2026-12-04T12:00:00Z");
const SYNCED = new Date("2026-12-04T11:00:00Z");

const withGoldPerk: ProgramSettings = {
  ...DEFAULT_PROGRAM_SETTINGS,
  tiers: {
    ...DEFAULT_PROGRAM_SETTINGS.tiers,
    levels: DEFAULT_PROGRAM_SETTINGS.tiers.levels.map((level) => (level.id === "gold" ? { ...level, checkoutPerk: { percent: 10, maxDiscountMinor: null } } : level)),
  },
};

const columns = (overrides: Partial<CheckoutDiscountColumns> = {}): CheckoutDiscountColumns => ({
  enabled: true,
  version: 4,
  checkoutDiscountId: "gid://shopify/DiscountAutomaticNode/1",
  checkoutDiscountVersion: 4,
  checkoutDiscountSyncedAt: SYNCED,
  checkoutDiscountError: null,
  ...overrides,
});

describe("the request for the settings in force", () => {
  test("switched on: the tiers' perks, no end, the discount found by its id", () => {
    const request = checkoutDiscountRequest({ enabled: true, checkoutDiscountId: "gid://x/1" }, withGoldPerk, "EUR", NOW);
    expect(request).toMatchObject({ knownDiscountId: "gid://x/1", startsAt: NOW, endsAt: null, title: "Treuestufen-Vorteil (Shop CRM)" });
    expect(Object.keys(request.configuration.tiers)).toEqual(["gold"]);
  });

  test("switched off: no perks at all, and the discount ends now", () => {
    const request = checkoutDiscountRequest({ enabled: false, checkoutDiscountId: null }, withGoldPerk, "EUR", NOW);
    expect(request.configuration).toEqual({ version: 1, tiers: {} });
    expect(request.endsAt).toEqual(NOW);
  });
});

describe("what the program page says", () => {
  test("brought to the version in force: active, without perks, off, or in the demo", () => {
    const syncedAt = SYNCED.toISOString();
    expect(checkoutDiscountState(columns(), withGoldPerk, false)).toEqual({ kind: "active", version: 4, syncedAt });
    expect(checkoutDiscountState(columns(), DEFAULT_PROGRAM_SETTINGS, false)).toEqual({ kind: "no_perks", version: 4, syncedAt });
    expect(checkoutDiscountState(columns({ checkoutDiscountId: null }), withGoldPerk, false)).toEqual({ kind: "no_perks", version: 4, syncedAt });
    expect(checkoutDiscountState(columns({ enabled: false }), withGoldPerk, false)).toEqual({ kind: "off", version: 4, syncedAt });
    expect(checkoutDiscountState(columns({ checkoutDiscountId: null }), withGoldPerk, true)).toEqual({ kind: "demo", version: 4, syncedAt });
  });

  test("behind the version in force: waiting, or failed with the version still at checkout", () => {
    expect(checkoutDiscountState(columns({ checkoutDiscountVersion: 3 }), withGoldPerk, false)).toEqual({ kind: "waiting", version: 4 });
    expect(checkoutDiscountState(columns({ checkoutDiscountVersion: null, checkoutDiscountSyncedAt: null }), withGoldPerk, true)).toEqual({
      kind: "waiting",
      version: 4,
    });
    const error = checkoutDiscountErrorText({ failure: "function_missing", detail: "functionHandle: Function loyalty-discount not found." });
    expect(checkoutDiscountState(columns({ checkoutDiscountVersion: 3, checkoutDiscountError: error }), withGoldPerk, false)).toEqual({
      kind: "failed",
      version: 4,
      failure: "function_missing",
      detail: "functionHandle: Function loyalty-discount not found.",
      inForce: 3,
    });
    expect(checkoutDiscountState(columns({ checkoutDiscountVersion: null, checkoutDiscountError: error }), withGoldPerk, false)).toMatchObject({ inForce: null });
  });

  test("a stored error is read back; anything else there is shown as a refusal in its own words", () => {
    for (const failure of ["function_missing", "no_access", "unavailable", "rejected"] as const) {
      expect(readCheckoutDiscountError(checkoutDiscountErrorText({ failure, detail: "x" }))).toEqual({ failure, detail: "x" });
    }
    expect(readCheckoutDiscountError("Shopify said no")).toEqual({ failure: "rejected", detail: "Shopify said no" });
    expect(readCheckoutDiscountError('{"failure":"exploded","detail":"x"}')).toEqual({ failure: "rejected", detail: '{"failure":"exploded","detail":"x"}' });
  });
});
