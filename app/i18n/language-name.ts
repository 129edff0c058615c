import { intlLocale, type Locale } from "./translate";

/** "de-DE" → "Deutsch (Deutschland)" (de) or "German (Germany)" (en); a tag Intl cannot read is shown as it is. */
export function languageName(locale: Locale, tag: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(locale)], { type: "language", fallback: "code" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
