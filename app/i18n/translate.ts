import { de } from "./de";
import { en, type MessageKey, type Messages } from "./en";

export type { MessageKey, Messages } from "./en";

export type Locale = "de" | "en";
export const LOCALES: readonly Locale[] = ["de", "en"];
/** The merchants this app is built for are German first. */
export const DEFAULT_LOCALE: Locale = "de";

export const MESSAGES: Readonly<Record<Locale, Messages>> = { de, en };

export type MessageVars = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

const INTL_LOCALES: Readonly<Record<Locale, string>> = { de: "de-DE", en: "en-US" };

/** The BCP 47 tag handed to Intl formatters for a UI locale. */
export function intlLocale(locale: Locale): string {
  return INTL_LOCALES[locale];
}

export function isLocale(value: unknown): value is Locale {
  return value === "de" || value === "en";
}

/** For keys built from data (a status from the store): only known ones may be translated. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * Fills {name} placeholders. Numbers are formatted for the locale (1.234 vs 1,234). A placeholder
 * without a value stays visible as "{name}" so a forgotten variable shows up in review, not as "".
 */
export function interpolate(template: string, locale: Locale, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (!Object.hasOwn(vars, name)) return placeholder;
    const value = vars[name];
    return typeof value === "number" ? new Intl.NumberFormat(intlLocale(locale)).format(value) : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  return interpolate(MESSAGES[locale][key], locale, vars);
}

export function createTranslator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

/** The placeholder names a message uses, e.g. ["count"] for "{count} guests". */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "").sort();
}
