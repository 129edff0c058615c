import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

// A phone number as the merchant would write it: a valid number of the shop's own country in
// national form ("01522 1234567"), any other valid one in international form ("+43 664 1234567").
// A number the numbering plan does not know is not regrouped (grouping would be a guess): an
// international one only has its country code set apart ("+49 1522126069"), anything else is
// shown as stored. The full metadata ("max"): the smaller sets lack most formatting rules.

export function displayPhone(stored: string | null, homeCountry: CountryCode = "DE"): string | null {
  if (stored === null || stored.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(stored, homeCountry);
  if (parsed?.isValid()) return parsed.country === homeCountry ? parsed.formatNational() : parsed.formatInternational();
  if (parsed && stored.trim().startsWith("+")) return parsed.formatInternational();
  return stored;
}

/** A `tel:` link target for the stored number (E.164 when it can be read). */
export function phoneHref(stored: string | null, homeCountry: CountryCode = "DE"): string | null {
  if (stored === null || stored.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(stored, homeCountry);
  return parsed?.isPossible() ? parsed.getURI() : null;
}
