import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "./format";
import { createTranslator, DEFAULT_LOCALE, type Locale, type Translate } from "./translate";

// The locale is resolved once by the app layout's loader and handed down by context, so nested
// routes and their error boundaries translate without loading it again.

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export interface I18n {
  locale: Locale;
  t: Translate;
  money(minor: number, currency: string): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** Formatted date, or "—" when there is none. */
  date(iso: string | null): string;
  dateTime(iso: string | null): string;
}

export function useT(): I18n {
  const locale = useContext(LocaleContext);
  return useMemo(() => {
    const t = createTranslator(locale);
    const none = t("common.none");
    return {
      locale,
      t,
      money: (minor, currency) => formatMoney(locale, minor, currency),
      number: (value, digits) => formatNumber(locale, value, digits),
      date: (iso) => formatDate(locale, iso) ?? none,
      dateTime: (iso) => formatDateTime(locale, iso) ?? none,
    };
  }, [locale]);
}
