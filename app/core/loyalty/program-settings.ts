import { z } from "zod";
import { checkoutPerkSchema } from "./checkout-perk";
import type { SpentPointsPolicy } from "./clawback";
import { customActionSchema } from "./custom-actions";
import type { EarnRules } from "./earn-rules";
import { rewardSchema } from "./rewards";
import type { TierRules } from "./tiers";

// A shop's loyalty program settings: one validated document per version. Changing anything makes
// a new version; entries name the version that made them.

const multipliers = z.record(z.string().min(1), z.number().min(0).max(10));

const tierSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.object({ de: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(40) }),
  threshold: z.number().int().min(0),
  multiplier: z.number().min(1).max(10),
  entryRewardPoints: z.number().int().min(0),
  /** Percent off at checkout for signed-in members of the tier, without a code (./checkout-perk.ts). */
  checkoutPerk: checkoutPerkSchema.nullable().optional(),
});

export const programSettingsSchema = z
  .object({
    earning: z.object({
      pointsPerUnit: z.number().int().min(1).max(1_000),
      rounding: z.enum(["down", "nearest", "up"]),
      includeShipping: z.boolean(),
      productMultipliers: multipliers,
      collectionMultipliers: multipliers,
    }),
    /** Days earned points stay pending (the return window) before they can be spent. */
    pendingDays: z.number().int().min(0).max(120),
    /** Points for actions other than orders (0: none). */
    actions: z.object({
      accountCreated: z.number().int().min(0),
      firstOrder: z.number().int().min(0),
      birthday: z.number().int().min(0),
      newsletter: z.number().int().min(0),
    }),
    /** The merchant's own actions, granted through the API (versions before them have none). */
    customActions: z.array(customActionSchema).max(30).default([]),
    expiry: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("never") }),
      /** Each lot expires this many days after it became available. */
      z.object({ kind: z.literal("lot_age"), days: z.number().int().min(30).max(3_650) }),
      /** The whole balance expires after this many days without earning or spending. */
      z.object({ kind: z.literal("inactivity"), days: z.number().int().min(30).max(3_650) }),
    ]),
    /** Notices before points expire: a warning, then a last chance (days before). */
    expiryNotices: z.object({ warningDays: z.number().int().min(1).max(90), lastChanceDays: z.number().int().min(1).max(30) }),
    tiers: z.object({
      basis: z.enum(["points", "spend"]),
      window: z.enum(["lifetime", "calendar_year", "rolling_12_months"]),
      demotion: z.enum(["keep", "recalculate"]),
      levels: z.array(tierSchema).max(10),
    }),
    rewards: z.array(rewardSchema).max(30),
    spentPoints: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("cap_at_balance") }),
      z.object({ kind: z.literal("allow_negative"), floor: z.number().int().max(0).nullable() }),
    ]),
    /** A reward code used on an order that is refunded in full gives its points back. */
    returnRewardPointsOnFullRefund: z.boolean(),
    /** The start of every reward code (letters and digits). */
    codePrefix: z.string().regex(/^[A-Z0-9]{2,12}$/),
  })
  .superRefine((settings, context) => {
    const levels = settings.tiers.levels;
    if (levels.length > 0 && levels[0]!.threshold !== 0) {
      context.addIssue({ code: "custom", path: ["tiers", "levels", 0, "threshold"], message: "The first tier starts at 0" });
    }
    levels.forEach((level, index) => {
      if (index > 0 && level.threshold <= levels[index - 1]!.threshold) {
        context.addIssue({ code: "custom", path: ["tiers", "levels", index, "threshold"], message: "Tier thresholds must rise" });
      }
    });
    const ids = new Set<string>();
    settings.rewards.forEach((reward, index) => {
      if (ids.has(reward.id)) context.addIssue({ code: "custom", path: ["rewards", index, "id"], message: "Reward ids must be unique" });
      ids.add(reward.id);
    });
    const keys = new Set<string>();
    settings.customActions.forEach((action, index) => {
      if (keys.has(action.key)) context.addIssue({ code: "custom", path: ["customActions", index, "key"], message: "Action keys must be unique" });
      keys.add(action.key);
    });
  });

export type ProgramSettings = z.infer<typeof programSettingsSchema>;

/** What a new program starts with: 1 point per euro, 14 days pending, points expire after a year. */
export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
  earning: { pointsPerUnit: 1, rounding: "down", includeShipping: false, productMultipliers: {}, collectionMultipliers: {} },
  pendingDays: 14,
  actions: { accountCreated: 50, firstOrder: 100, birthday: 100, newsletter: 25 },
  customActions: [],
  expiry: { kind: "lot_age", days: 365 },
  expiryNotices: { warningDays: 30, lastChanceDays: 7 },
  tiers: {
    basis: "spend",
    window: "rolling_12_months",
    demotion: "recalculate",
    levels: [
      { id: "bronze", name: { de: "Bronze", en: "Bronze" }, threshold: 0, multiplier: 1, entryRewardPoints: 0 },
      { id: "silver", name: { de: "Silber", en: "Silver" }, threshold: 25_000, multiplier: 1.25, entryRewardPoints: 100 },
      { id: "gold", name: { de: "Gold", en: "Gold" }, threshold: 75_000, multiplier: 1.5, entryRewardPoints: 250 },
    ],
  },
  rewards: [
    { id: "five-off", kind: "amount_off", title: { de: "5 € Rabatt", en: "€5 off" }, active: true, pointsCost: 500, amountMinor: 500, minimumSubtotalMinor: null, codeValidDays: 90 },
    { id: "ten-percent", kind: "percent_off", title: { de: "10 % Rabatt", en: "10% off" }, active: true, pointsCost: 800, percent: 10, minimumSubtotalMinor: 2_000, codeValidDays: 90 },
    { id: "free-shipping", kind: "free_shipping", title: { de: "Kostenloser Versand", en: "Free shipping" }, active: true, pointsCost: 300, minimumSubtotalMinor: null, codeValidDays: 90 },
  ],
  spentPoints: { kind: "allow_negative", floor: null },
  returnRewardPointsOnFullRefund: true,
  codePrefix: "TREUE",
};

export function earnRules(settings: ProgramSettings, version: number): EarnRules {
  return { version, ...settings.earning };
}

export function tierRules(settings: ProgramSettings): TierRules {
  const { levels, ...rest } = settings.tiers;
  return { ...rest, tiers: levels };
}

export function spentPointsPolicy(settings: ProgramSettings): SpentPointsPolicy {
  return settings.spentPoints;
}
