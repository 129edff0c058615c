import type { z } from "zod";
import { FieldReader, type FieldErrors, type FormLocale, type SettingsFields } from "~/admin/loyalty-settings-form";
import { recommendationSettingsSchema, type RecommendationSettings } from "~/core/recommendations/settings";

// The cross-sell settings form: RecommendationSettings as flat form fields and back, named by their
// path in the settings ("fallbacks.shop") as in the loyalty and referral forms, so a validation
// issue's path names its field. Decimals in the merchant's notation ("2,5" in German).

export type RecommendationFormResult = { ok: true; settings: RecommendationSettings } | { ok: false; errors: FieldErrors };

function decimalText(value: number, locale: FormLocale): string {
  const text = String(value);
  return locale === "de" ? text.replace(".", ",") : text;
}

export function recommendationSettingsToFields(settings: RecommendationSettings, locale: FormLocale): SettingsFields {
  return {
    halfLifeDays: decimalText(settings.halfLifeDays, locale),
    minSupportWeight: decimalText(settings.minSupportWeight, locale),
    k: String(settings.k),
    "fallbacks.collection": String(settings.fallbacks.collection),
    "fallbacks.shop": String(settings.fallbacks.shop),
    excludeAlreadyBought: String(settings.excludeAlreadyBought),
  };
}

function issueError(issue: z.core.$ZodIssue): FieldErrors[string] {
  switch (issue.code) {
    case "too_small":
      return { code: "min", limit: Number(issue.minimum) };
    case "too_big":
      return { code: "max", limit: Number(issue.maximum) };
    case "invalid_type":
      return { code: issue.expected === "int" ? "wholeNumber" : "number" };
    default:
      return { code: "invalid" };
  }
}

/** Reads the form's fields into settings and validates them with the engine's schema. */
export function fieldsToRecommendationSettings(fields: SettingsFields): RecommendationFormResult {
  // No field is an amount: the reader's currency is never used.
  const read = new FieldReader(fields, "EUR");
  const parsed = recommendationSettingsSchema.safeParse({
    halfLifeDays: read.decimal("halfLifeDays"),
    minSupportWeight: read.decimal("minSupportWeight"),
    k: read.whole("k"),
    fallbacks: { collection: read.boolean("fallbacks.collection"), shop: read.boolean("fallbacks.shop") },
    excludeAlreadyBought: read.boolean("excludeAlreadyBought"),
  });
  const errors: FieldErrors = { ...read.errors };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.map(String).join(".");
      // What did not parse is reported as such, not as what the schema made of the gap.
      if (!(name in errors)) errors[name] = issueError(issue);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}
