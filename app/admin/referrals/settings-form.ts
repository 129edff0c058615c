import type { z } from "zod";
import { FieldReader, type FieldError, type FormLocale, type SettingsFields } from "~/admin/loyalty-settings-form";
import { minorToDecimal } from "~/core/money";
import { referralSettingsSchema, type ReferralDiscount, type ReferralSettings } from "~/core/referrals/program-settings";

// The referral settings form: ReferralSettings as flat form fields and back. As in the loyalty
// settings form (~/admin/loyalty-settings-form), a field is named by its path in the settings
// ("friendReward.value.amountMinor"), so a validation issue's path names its field; amounts are
// typed in currency units ("10,00" in German) and stored in minor units.

/** The loyalty form's errors, and one of the referral settings' own. */
export type ReferralFieldError = FieldError | { code: "rejectBelowReview"; limit?: undefined };
export type ReferralFieldErrors = Record<string, ReferralFieldError>;

export type ReferralFormResult = { ok: true; settings: ReferralSettings } | { ok: false; errors: ReferralFieldErrors };

export const DISCOUNT_KINDS = ["amount", "percent", "free_shipping"] as const satisfies ReadonlyArray<ReferralDiscount["kind"]>;
export const ADVOCATE_REWARD_KINDS = ["points", "discount"] as const;

// --- settings → fields ----------------------------------------------------------------------------

function moneyText(minor: number | null, currency: string, locale: FormLocale): string {
  if (minor === null) return "";
  const text = minorToDecimal(BigInt(minor), currency);
  return locale === "de" ? text.replace(".", ",") : text;
}

const optional = (value: number | null) => (value === null ? "" : String(value));

/** A discount's fields; the kinds not chosen keep a value to switch to. */
function discountFields(prefix: string, value: ReferralDiscount, currency: string, locale: FormLocale): SettingsFields {
  return {
    [`${prefix}.kind`]: value.kind,
    [`${prefix}.amountMinor`]: value.kind === "amount" ? moneyText(value.amountMinor, currency, locale) : "",
    [`${prefix}.percent`]: value.kind === "percent" ? String(value.percent) : "",
  };
}

export function referralSettingsToFields(settings: ReferralSettings, currency: string, locale: FormLocale): SettingsFields {
  const { friendReward, advocateReward, fraud } = settings;
  const advocateDiscount =
    advocateReward.kind === "discount"
      ? advocateReward
      : { value: { kind: "amount", amountMinor: friendReward.value.kind === "amount" ? friendReward.value.amountMinor : 1_000 } as const, minimumSubtotalMinor: null, codeValidDays: null };
  return {
    ...discountFields("friendReward.value", friendReward.value, currency, locale),
    "friendReward.minimumSubtotalMinor": moneyText(friendReward.minimumSubtotalMinor, currency, locale),
    "friendReward.codeValidDays": optional(friendReward.codeValidDays),
    "advocateReward.kind": advocateReward.kind,
    "advocateReward.points": advocateReward.kind === "points" ? String(advocateReward.points) : "",
    ...discountFields("advocateReward.value", advocateDiscount.value, currency, locale),
    "advocateReward.minimumSubtotalMinor": moneyText(advocateDiscount.minimumSubtotalMinor, currency, locale),
    "advocateReward.codeValidDays": optional(advocateDiscount.codeValidDays),
    returnWindowDays: String(settings.returnWindowDays),
    minimumOrderMinor: moneyText(settings.minimumOrderMinor, currency, locale),
    advocateMonthlyLimit: optional(settings.advocateMonthlyLimit),
    claimsPerHourPerIp: String(settings.claimsPerHourPerIp),
    codePrefix: settings.codePrefix,
    "fraud.reviewAt": String(fraud.reviewAt),
    "fraud.rejectAt": optional(fraud.rejectAt),
    "fraud.ipVelocity.windowHours": String(fraud.ipVelocity.windowHours),
    "fraud.ipVelocity.limit": String(fraud.ipVelocity.limit),
    "fraud.deviceVelocity.windowHours": String(fraud.deviceVelocity.windowHours),
    "fraud.deviceVelocity.limit": String(fraud.deviceVelocity.limit),
    "fraud.codeSpread.windowDays": String(fraud.codeSpread.windowDays),
    "fraud.codeSpread.limit": String(fraud.codeSpread.limit),
  };
}

// --- fields → settings ----------------------------------------------------------------------------

function readDiscount(read: FieldReader, prefix: string): Record<string, unknown> {
  const kind = read.text(`${prefix}.kind`);
  if (kind === "amount") return { kind, amountMinor: read.money(`${prefix}.amountMinor`) };
  if (kind === "percent") return { kind, percent: read.whole(`${prefix}.percent`) };
  return { kind };
}

function readDocument(read: FieldReader): Record<string, unknown> {
  const advocateKind = read.text("advocateReward.kind");
  return {
    friendReward: {
      value: readDiscount(read, "friendReward.value"),
      minimumSubtotalMinor: read.optionalMoney("friendReward.minimumSubtotalMinor"),
      codeValidDays: read.optionalWhole("friendReward.codeValidDays"),
    },
    advocateReward:
      advocateKind === "points"
        ? { kind: advocateKind, points: read.whole("advocateReward.points") }
        : {
            kind: advocateKind,
            value: readDiscount(read, "advocateReward.value"),
            minimumSubtotalMinor: read.optionalMoney("advocateReward.minimumSubtotalMinor"),
            codeValidDays: read.optionalWhole("advocateReward.codeValidDays"),
          },
    returnWindowDays: read.whole("returnWindowDays"),
    minimumOrderMinor: read.optionalMoney("minimumOrderMinor"),
    advocateMonthlyLimit: read.optionalWhole("advocateMonthlyLimit"),
    claimsPerHourPerIp: read.whole("claimsPerHourPerIp"),
    codePrefix: read.text("codePrefix").toUpperCase(),
    fraud: {
      reviewAt: read.whole("fraud.reviewAt"),
      rejectAt: read.optionalWhole("fraud.rejectAt"),
      ipVelocity: { windowHours: read.whole("fraud.ipVelocity.windowHours"), limit: read.whole("fraud.ipVelocity.limit") },
      deviceVelocity: { windowHours: read.whole("fraud.deviceVelocity.windowHours"), limit: read.whole("fraud.deviceVelocity.limit") },
      codeSpread: { windowDays: read.whole("fraud.codeSpread.windowDays"), limit: read.whole("fraud.codeSpread.limit") },
    },
  };
}

/** An amount's bound in the schema is in minor units; the merchant typed currency units. */
function issueError(issue: z.core.$ZodIssue, currency: string): ReferralFieldError {
  const last = String(issue.path[issue.path.length - 1] ?? "");
  const bound = (limit: number) => (last.endsWith("Minor") ? Number(minorToDecimal(BigInt(limit), currency)) : limit);
  switch (issue.code) {
    case "too_small":
      return { code: "min", limit: bound(Number(issue.minimum)) };
    case "too_big":
      return { code: "max", limit: bound(Number(issue.maximum)) };
    case "invalid_type":
      return { code: issue.expected === "number" ? "number" : "required" };
    case "invalid_value":
    case "invalid_union":
      return { code: "choice" };
    case "invalid_format":
      return { code: last === "codePrefix" ? "codePrefix" : "invalid" };
    case "custom":
      return { code: last === "rejectAt" ? "rejectBelowReview" : "invalid" };
    default:
      return { code: "invalid" };
  }
}

/** Reads the form's fields into settings and validates them with the program's schema. */
export function fieldsToReferralSettings(fields: SettingsFields, currency: string): ReferralFormResult {
  const read = new FieldReader(fields, currency);
  const parsed = referralSettingsSchema.safeParse(readDocument(read));
  const errors: ReferralFieldErrors = { ...read.errors };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.map(String).join(".");
      // What did not parse is reported as such, not as what the schema made of the gap.
      if (!(name in errors)) errors[name] = issueError(issue, currency);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}
