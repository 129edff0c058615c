import { intlLocale, type Locale } from "./translate";

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** "DE" → "Deutschland" (de) or "Germany" (en); a code Intl does not know is shown as it is. */
export function countryName(locale: Locale, countryCode: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([intlLocale(locale)], { type: "region", fallback: "code" });
    displayNames.set(locale, names);
  }
  try {
    return names.of(countryCode) ?? countryCode;
  } catch {
    // A malformed code (not two letters) throws a RangeError.
    return countryCode;
  }
}
