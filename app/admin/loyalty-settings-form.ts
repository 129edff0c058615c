import type { z } from "zod";
import { decimalToMinor, minorToDecimal } from "~/core/money";
import type { CustomAction } from "~/core/loyalty/custom-actions";
import { programSettingsSchema, type ProgramSettings } from "~/core/loyalty/program-settings";
import type { Reward } from "~/core/loyalty/rewards";

// The loyalty settings form: the settings document as flat form fields and back. A field is
// named by its path in the document ("tiers.levels.1.threshold"), so a validation issue's path
// names the field it belongs to. Amounts are shown in currency units, never in minor units, and
// decimals in the merchant's notation ("1,25" in German).

export type SettingsFields = Record<string, string>;

export type FieldErrorCode =
  | "required"
  | "wholeNumber"
  | "number"
  | "amount"
  | "positive"
  | "min"
  | "max"
  | "tooLong"
  | "tooMany"
  | "choice"
  | "codePrefix"
  | "multipliers"
  | "firstTierZero"
  | "thresholdsRise"
  | "duplicateId"
  | "actionKey"
  | "duplicateKey"
  | "minAboveMax"
  | "twoDecimals"
  | "invalid";

export interface FieldError {
  code: FieldErrorCode;
  /** The bound a "min", "max", "tooLong" or "tooMany" error names. */
  limit?: number;
}

export type FieldErrors = Record<string, FieldError>;

export type FormLocale = "de" | "en";

export type FormResult = { ok: true; settings: ProgramSettings } | { ok: false; errors: FieldErrors };

export const REWARD_KINDS = ["amount_off", "percent_off", "free_shipping", "free_product", "variable_amount"] as const satisfies ReadonlyArray<Reward["kind"]>;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const TIERS = "tiers.levels";
export const REWARDS = "rewards";
export const CUSTOM_ACTIONS = "customActions";

// --- document → fields ----------------------------------------------------------------------------

function decimalText(value: number, locale: FormLocale): string {
  const text = String(value);
  return locale === "de" ? text.replace(".", ",") : text;
}

function moneyText(minor: number, currency: string, locale: FormLocale): string {
  const decimal = minorToDecimal(BigInt(minor), currency);
  return locale === "de" ? decimal.replace(".", ",") : decimal;
}

function multipliersText(multipliers: Record<string, number>, locale: FormLocale): string {
  return Object.entries(multipliers)
    .map(([key, value]) => `${key} = ${decimalText(value, locale)}`)
    .join("\n");
}

function rewardFields(reward: Reward, currency: string, locale: FormLocale): SettingsFields {
  const fields: SettingsFields = {
    id: reward.id,
    kind: reward.kind,
    "title.de": reward.title.de,
    "title.en": reward.title.en,
    active: String(reward.active),
    minimumSubtotalMinor: reward.minimumSubtotalMinor === null ? "" : moneyText(reward.minimumSubtotalMinor, currency, locale),
    codeValidDays: reward.codeValidDays === null ? "" : String(reward.codeValidDays),
  };
  switch (reward.kind) {
    case "amount_off":
      return { ...fields, pointsCost: String(reward.pointsCost), amountMinor: moneyText(reward.amountMinor, currency, locale) };
    case "percent_off":
      return { ...fields, pointsCost: String(reward.pointsCost), percent: String(reward.percent) };
    case "free_shipping":
      return { ...fields, pointsCost: String(reward.pointsCost) };
    case "free_product":
      return { ...fields, pointsCost: String(reward.pointsCost), variantId: reward.variantId };
    case "variable_amount":
      return { ...fields, pointsPerUnit: String(reward.pointsPerUnit), minPoints: String(reward.minPoints), maxPoints: String(reward.maxPoints) };
  }
}

function customActionFields(action: CustomAction): SettingsFields {
  return { key: action.key, label: action.label, points: String(action.points), "limit.count": String(action.limit.count), "limit.period": action.limit.period };
}

function prefixed(prefix: string, fields: SettingsFields): SettingsFields {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [`${prefix}.${name}`, value]));
}

/** The form's fields for a settings document. */
export function settingsToFields(settings: ProgramSettings, currency: string, locale: FormLocale): SettingsFields {
  const { earning, expiry, tiers, spentPoints } = settings;
  const spendBasis = tiers.basis === "spend";
  return {
    "earning.pointsPerUnit": String(earning.pointsPerUnit),
    "earning.rounding": earning.rounding,
    "earning.includeShipping": String(earning.includeShipping),
    "earning.productMultipliers": multipliersText(earning.productMultipliers, locale),
    "earning.collectionMultipliers": multipliersText(earning.collectionMultipliers, locale),
    pendingDays: String(settings.pendingDays),
    "actions.accountCreated": String(settings.actions.accountCreated),
    "actions.firstOrder": String(settings.actions.firstOrder),
    "actions.birthday": String(settings.actions.birthday),
    "actions.newsletter": String(settings.actions.newsletter),
    ...Object.assign({}, ...settings.customActions.map((action, index) => prefixed(`${CUSTOM_ACTIONS}.${index}`, customActionFields(action)))),
    "expiry.kind": expiry.kind,
    "expiry.days": expiry.kind === "never" ? "" : String(expiry.days),
    "expiryNotices.warningDays": String(settings.expiryNotices.warningDays),
    "expiryNotices.lastChanceDays": String(settings.expiryNotices.lastChanceDays),
    "tiers.basis": tiers.basis,
    "tiers.window": tiers.window,
    "tiers.demotion": tiers.demotion,
    ...Object.assign(
      {},
      ...tiers.levels.map((level, index) =>
        prefixed(`${TIERS}.${index}`, {
          id: level.id,
          "name.de": level.name.de,
          "name.en": level.name.en,
          threshold: spendBasis ? moneyText(level.threshold, currency, locale) : String(level.threshold),
          multiplier: decimalText(level.multiplier, locale),
          entryRewardPoints: String(level.entryRewardPoints),
          "checkoutPerk.percent": level.checkoutPerk ? decimalText(level.checkoutPerk.percent, locale) : "",
          "checkoutPerk.maxDiscountMinor":
            level.checkoutPerk && level.checkoutPerk.maxDiscountMinor !== null ? moneyText(level.checkoutPerk.maxDiscountMinor, currency, locale) : "",
        }),
      ),
    ),
    ...Object.assign({}, ...settings.rewards.map((reward, index) => prefixed(`${REWARDS}.${index}`, rewardFields(reward, currency, locale)))),
    "spentPoints.kind": spentPoints.kind,
    "spentPoints.floor": spentPoints.kind === "allow_negative" && spentPoints.floor !== null ? String(spentPoints.floor) : "",
    returnRewardPointsOnFullRefund: String(settings.returnRewardPointsOnFullRefund),
    codePrefix: settings.codePrefix,
  };
}

// --- lists in the fields (tier levels, rewards, custom actions) ---------------------------------------------------

/** The indices of a list's items present in the fields, ascending. */
export function itemIndices(fields: SettingsFields, list: string): number[] {
  const pattern = new RegExp(`^${list.replace(/\./g, "\\.")}\\.(\\d+)\\.`);
  const indices = new Set<number>();
  for (const name of Object.keys(fields)) {
    const match = pattern.exec(name);
    if (match) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}

function itemFields(fields: SettingsFields, list: string, index: number): SettingsFields {
  const prefix = `${list}.${index}.`;
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value]));
}

function withItems(fields: SettingsFields, list: string, items: SettingsFields[]): SettingsFields {
  const others = Object.fromEntries(Object.entries(fields).filter(([name]) => !name.startsWith(`${list}.`)));
  return Object.assign(others, ...items.map((item, index) => prefixed(`${list}.${index}`, item)));
}

/** Removes one item of a list; the items after it move up, so indices stay 0…n-1. */
export function removeItem(fields: SettingsFields, list: string, index: number): SettingsFields {
  const items = itemIndices(fields, list).map((at) => itemFields(fields, list, at));
  return withItems(fields, list, items.filter((_, position) => position !== index));
}

function freshId(fields: SettingsFields, list: string, stem: string): string {
  const taken = new Set(itemIndices(fields, list).map((index) => fields[`${list}.${index}.id`]));
  let number = taken.size + 1;
  while (taken.has(`${stem}-${number}`)) number++;
  return `${stem}-${number}`;
}

function appendItem(fields: SettingsFields, list: string, item: SettingsFields): SettingsFields {
  const items = itemIndices(fields, list).map((at) => itemFields(fields, list, at));
  return withItems(fields, list, [...items, item]);
}

/** A new, empty tier level at the end (its names and threshold for the merchant to fill in). */
export function addTier(fields: SettingsFields): SettingsFields {
  return appendItem(fields, TIERS, {
    id: freshId(fields, TIERS, "tier"),
    "name.de": "",
    "name.en": "",
    threshold: "",
    multiplier: "1",
    entryRewardPoints: "0",
    "checkoutPerk.percent": "",
    "checkoutPerk.maxDiscountMinor": "",
  });
}

/** A new reward at the end, a fixed amount off until the merchant chooses another kind. */
export function addReward(fields: SettingsFields): SettingsFields {
  return appendItem(fields, REWARDS, {
    id: freshId(fields, REWARDS, "reward"),
    kind: "amount_off",
    "title.de": "",
    "title.en": "",
    active: "true",
    pointsCost: "",
    amountMinor: "",
    minimumSubtotalMinor: "",
    codeValidDays: "90",
  });
}

/** A new custom action at the end, once per customer until the merchant sets another limit; its key for the merchant to choose. */
export function addCustomAction(fields: SettingsFields): SettingsFields {
  return appendItem(fields, CUSTOM_ACTIONS, { key: "", label: "", points: "", "limit.count": "1", "limit.period": "ever" });
}

// --- fields → document ----------------------------------------------------------------------------

const WHOLE = /^-?\d+$/;

/** "1,25", "1.25", "1.234,5" → "1234.5"; null when it is no decimal number. */
function normalizedDecimal(text: string): string | null {
  const compact = text.replace(/\s/g, "");
  const lastSeparator = Math.max(compact.lastIndexOf(","), compact.lastIndexOf("."));
  const normalized =
    lastSeparator < 0 ? compact : compact.slice(0, lastSeparator).replace(/[.,]/g, "") + "." + compact.slice(lastSeparator + 1);
  return /^-?\d+(\.\d+)?$/.test(normalized) ? normalized : null;
}

/** Reads fields, noting what does not parse under the field's name (the referral settings' form reads with it too). */
export class FieldReader {
  readonly errors: FieldErrors = {};
  constructor(
    private readonly fields: SettingsFields,
    private readonly currency: string,
  ) {}

  text(name: string): string {
    return (this.fields[name] ?? "").trim();
  }

  private fail(name: string, error: FieldError): number {
    this.errors[name] ??= error;
    return Number.NaN;
  }

  /** A whole number; NaN (and an error) when blank or not one. */
  whole(name: string): number {
    const text = this.text(name).replace(/\s/g, "");
    if (text === "") return this.fail(name, { code: "required" });
    return WHOLE.test(text) ? Number(text) : this.fail(name, { code: "wholeNumber" });
  }

  /** A whole number, or null when left blank. */
  optionalWhole(name: string): number | null {
    return this.text(name) === "" ? null : this.whole(name);
  }

  decimal(name: string): number {
    const text = this.text(name);
    if (text === "") return this.fail(name, { code: "required" });
    const normalized = normalizedDecimal(text);
    return normalized === null ? this.fail(name, { code: "number" }) : Number(normalized);
  }

  /** An amount in currency units, as minor units. */
  money(name: string): number {
    const text = this.text(name);
    if (text === "") return this.fail(name, { code: "required" });
    const normalized = normalizedDecimal(text);
    if (normalized === null) return this.fail(name, { code: "amount" });
    try {
      return Number(decimalToMinor(normalized, this.currency));
    } catch {
      return this.fail(name, { code: "amount" });
    }
  }

  optionalMoney(name: string): number | null {
    return this.text(name) === "" ? null : this.money(name);
  }

  boolean(name: string): boolean {
    return this.text(name) === "true";
  }

  /** `key = 1.5` per line. */
  multipliers(name: string): Record<string, number> {
    const result: Record<string, number> = {};
    for (const line of this.text(name).split("\n")) {
      if (line.trim() === "") continue;
      const match = /^\s*([^=:]+?)\s*[=:]\s*(\S+)\s*$/.exec(line);
      const value = match ? normalizedDecimal(match[2]!) : null;
      if (!match || value === null) {
        this.fail(name, { code: "multipliers" });
        continue;
      }
      result[match[1]!] = Number(value);
    }
    return result;
  }
}

function readReward(read: FieldReader, prefix: string): Record<string, unknown> {
  const name = (field: string) => `${prefix}.${field}`;
  const kind = read.text(name("kind"));
  const common = {
    id: read.text(name("id")),
    kind,
    title: { de: read.text(name("title.de")), en: read.text(name("title.en")) },
    active: read.boolean(name("active")),
    minimumSubtotalMinor: read.optionalMoney(name("minimumSubtotalMinor")),
    codeValidDays: read.optionalWhole(name("codeValidDays")),
  };
  switch (kind) {
    case "amount_off":
      return { ...common, pointsCost: read.whole(name("pointsCost")), amountMinor: read.money(name("amountMinor")) };
    case "percent_off":
      return { ...common, pointsCost: read.whole(name("pointsCost")), percent: read.whole(name("percent")) };
    case "free_shipping":
      return { ...common, pointsCost: read.whole(name("pointsCost")) };
    case "free_product":
      return { ...common, pointsCost: read.whole(name("pointsCost")), variantId: read.text(name("variantId")) };
    case "variable_amount": {
      const minPoints = read.whole(name("minPoints"));
      const maxPoints = read.whole(name("maxPoints"));
      // The schema takes each bound alone; a range that is empty would offer nothing to redeem.
      if (minPoints > maxPoints) read.errors[name("maxPoints")] ??= { code: "minAboveMax" };
      return { ...common, pointsPerUnit: read.whole(name("pointsPerUnit")), minPoints, maxPoints };
    }
    default:
      return common;
  }
}

/** A tier's checkout discount; none when both of its fields are blank. */
function readCheckoutPerk(read: FieldReader, prefix: string): { checkoutPerk: Record<string, unknown> } | Record<string, never> {
  const percent = `${prefix}.checkoutPerk.percent`;
  const cap = `${prefix}.checkoutPerk.maxDiscountMinor`;
  if (read.text(percent) === "" && read.text(cap) === "") return {};
  return { checkoutPerk: { percent: read.decimal(percent), maxDiscountMinor: read.optionalMoney(cap) } };
}

function readCustomAction(read: FieldReader, prefix: string): Record<string, unknown> {
  const name = (field: string) => `${prefix}.${field}`;
  return {
    key: read.text(name("key")),
    label: read.text(name("label")),
    points: read.whole(name("points")),
    limit: { count: read.whole(name("limit.count")), period: read.text(name("limit.period")) },
  };
}

/** Each list's item indices in the fields, by the list's path in the document. */
type ListIndices = Record<typeof TIERS | typeof REWARDS | typeof CUSTOM_ACTIONS, number[]>;

function readDocument(read: FieldReader, fields: SettingsFields): { document: Record<string, unknown>; indices: ListIndices } {
  const expiryKind = read.text("expiry.kind");
  const spentKind = read.text("spentPoints.kind");
  const basis = read.text("tiers.basis");
  const tierIndices = itemIndices(fields, TIERS);
  const rewardIndices = itemIndices(fields, REWARDS);
  const actionIndices = itemIndices(fields, CUSTOM_ACTIONS);
  const document = {
    earning: {
      pointsPerUnit: read.whole("earning.pointsPerUnit"),
      rounding: read.text("earning.rounding"),
      includeShipping: read.boolean("earning.includeShipping"),
      productMultipliers: read.multipliers("earning.productMultipliers"),
      collectionMultipliers: read.multipliers("earning.collectionMultipliers"),
    },
    pendingDays: read.whole("pendingDays"),
    actions: {
      accountCreated: read.whole("actions.accountCreated"),
      firstOrder: read.whole("actions.firstOrder"),
      birthday: read.whole("actions.birthday"),
      newsletter: read.whole("actions.newsletter"),
    },
    customActions: actionIndices.map((index) => readCustomAction(read, `${CUSTOM_ACTIONS}.${index}`)),
    expiry: expiryKind === "never" ? { kind: expiryKind } : { kind: expiryKind, days: read.whole("expiry.days") },
    expiryNotices: { warningDays: read.whole("expiryNotices.warningDays"), lastChanceDays: read.whole("expiryNotices.lastChanceDays") },
    tiers: {
      basis,
      window: read.text("tiers.window"),
      demotion: read.text("tiers.demotion"),
      levels: tierIndices.map((index) => {
        const name = (field: string) => `${TIERS}.${index}.${field}`;
        return {
          id: read.text(name("id")),
          name: { de: read.text(name("name.de")), en: read.text(name("name.en")) },
          threshold: basis === "spend" ? read.money(name("threshold")) : read.whole(name("threshold")),
          multiplier: read.decimal(name("multiplier")),
          entryRewardPoints: read.whole(name("entryRewardPoints")),
          ...readCheckoutPerk(read, `${TIERS}.${index}`),
        };
      }),
    },
    rewards: rewardIndices.map((index) => readReward(read, `${REWARDS}.${index}`)),
    spentPoints: spentKind === "allow_negative" ? { kind: spentKind, floor: read.optionalWhole("spentPoints.floor") } : { kind: spentKind },
    returnRewardPointsOnFullRefund: read.boolean("returnRewardPointsOnFullRefund"),
    codePrefix: read.text("codePrefix").toUpperCase(),
  };
  return { document, indices: { [TIERS]: tierIndices, [REWARDS]: rewardIndices, [CUSTOM_ACTIONS]: actionIndices } };
}

// --- validation issues → field errors -------------------------------------------------------------

type Issue = z.core.$ZodIssue;

function issueError(issue: Issue, path: readonly PropertyKey[]): FieldError {
  const last = path[path.length - 1];
  switch (issue.code) {
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return minimum <= 1 ? { code: "required" } : { code: "min", limit: minimum };
      if (issue.origin === "array") return { code: "min", limit: minimum };
      return minimum === 0 && !issue.inclusive ? { code: "positive" } : { code: "min", limit: minimum };
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return { code: "tooLong", limit: maximum };
      if (issue.origin === "array") return { code: "tooMany", limit: maximum };
      return { code: "max", limit: maximum };
    }
    case "invalid_type":
      return { code: issue.expected === "number" ? "number" : "required" };
    case "invalid_value":
    case "invalid_union":
      return { code: "choice" };
    case "invalid_format":
      if (path[0] === CUSTOM_ACTIONS && last === "key") return { code: "actionKey" };
      return { code: path[0] === "codePrefix" ? "codePrefix" : "invalid" };
    case "custom":
      if (path[0] === "tiers" && last === "threshold") return { code: path[2] === 0 ? "firstTierZero" : "thresholdsRise" };
      if (last === "percent") return { code: "twoDecimals" };
      if (last === "id") return { code: "duplicateId" };
      if (path[0] === CUSTOM_ACTIONS && last === "key") return { code: "duplicateKey" };
      return { code: "invalid" };
    default:
      return { code: "invalid" };
  }
}

/** The field an issue's path points into: a list item's position becomes its field index. */
function fieldName(path: readonly PropertyKey[], indices: ListIndices): string {
  const parts = path.map(String);
  if (parts[0] === "tiers" && parts[1] === "levels" && parts[2] !== undefined) parts[2] = String(indices[TIERS][Number(parts[2])] ?? parts[2]);
  if (parts[0] === REWARDS && parts[1] !== undefined) parts[1] = String(indices[REWARDS][Number(parts[1])] ?? parts[1]);
  if (parts[0] === CUSTOM_ACTIONS && parts[1] !== undefined) parts[1] = String(indices[CUSTOM_ACTIONS][Number(parts[1])] ?? parts[1]);
  // A multiplier's issue names its key; the whole text area is the field.
  if (parts[0] === "earning" && parts[1]?.endsWith("Multipliers")) return parts.slice(0, 2).join(".");
  return parts.join(".");
}

/** Reads the form's fields into a settings document and validates it with the program's schema. */
export function fieldsToSettings(fields: SettingsFields, currency: string): FormResult {
  const read = new FieldReader(fields, currency);
  const { document, indices } = readDocument(read, fields);
  const parsed = programSettingsSchema.safeParse(document);
  const errors: FieldErrors = { ...read.errors };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = fieldName(issue.path, indices);
      // What did not parse is reported as such, not as what the schema made of the gap.
      if (!(name in errors)) errors[name] = issueError(issue, issue.path);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}
