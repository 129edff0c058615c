import { currencyExponent, minorToDecimal } from "~/core/money";
import { intlLocale, type Locale } from "./translate";

// Display formatting in the UI locale. Server and browser must render the same text (hydration),
// so dates use one fixed display time zone instead of whichever zone each side runs in.

export const DISPLAY_TIME_ZONE = "Europe/Berlin";

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

/**
 * Integer minor units (as loaders send them) to "12,50 €". The amount goes to Intl as an exact
 * decimal string, never as minor / 100, so no float rounding can show a wrong cent.
 */
export function formatMoney(locale: Locale, minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) return `${minor} ${currency}`;
  let decimal: string;
  try {
    currencyExponent(currency);
    decimal = minorToDecimal(BigInt(minor), currency);
  } catch {
    // An unknown currency code must not take the whole page down.
    return `${minor} ${currency}`;
  }
  const formatter = cached(`money:${locale}:${currency}`, () =>
    new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency }),
  );
  return formatter.format(decimal as Intl.StringNumericLiteral);
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  const formatter = cached(`number:${locale}:${maximumFractionDigits}`, () =>
    new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits }),
  );
  return formatter.format(value);
}

/** An ISO timestamp as a calendar date in the display time zone; null when there is none. */
export function formatDate(locale: Locale, iso: string | null): string | null {
  if (!iso) return null;
  const formatter = cached(`date:${locale}`, () =>
    new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: DISPLAY_TIME_ZONE }),
  );
  return formatter.format(new Date(iso));
}

export function formatDateTime(locale: Locale, iso: string | null): string | null {
  if (!iso) return null;
  const formatter = cached(`datetime:${locale}`, () =>
    new Intl.DateTimeFormat(intlLocale(locale), {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: DISPLAY_TIME_ZONE,
    }),
  );
  return formatter.format(new Date(iso));
}

/** A day of the year without one ("15 March", "15. März"), as a birthday is given. */
export function formatMonthDay(locale: Locale, month: number, day: number): string {
  const formatter = cached(`monthDay:${locale}`, () => new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", timeZone: "UTC" }));
  // A leap year, so that 29 February can be named.
  return formatter.format(new Date(Date.UTC(2000, month - 1, day)));
}
