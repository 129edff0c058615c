import { matchLocale } from "~/i18n/locale.server";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/translate";

// Who a notice may go to. The notices are about the member's own points (transactional, not
// marketing), so marketing consent does not decide; but only a member with an account gets them
// (a guest never signed up for the program), never a deleted or redacted customer, and only
// where an address is known.

export interface RecipientCustomer {
  email: string | null;
  locale: string | null;
  isGuest: boolean;
  platformId: string | null;
  deletedAt: Date | null;
  redactedAt: Date | null;
}

export interface Recipient {
  to: string;
  locale: Locale;
}

export function mailRecipient(customer: RecipientCustomer): Recipient | null {
  const to = customer.email?.trim();
  if (!to || customer.isGuest || customer.platformId === null || customer.deletedAt || customer.redactedAt) return null;
  // The shopper's language where the platform knows it, else the language the app is made for first.
  return { to, locale: matchLocale(customer.locale) ?? DEFAULT_LOCALE };
}
