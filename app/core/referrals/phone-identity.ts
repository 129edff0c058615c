import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

// A phone number as one comparable string for the referral fraud check: E.164 ("+491522126069"),
// read with the shop's country as the region of numbers written without a country code
// ("0152 2126069" in a German shop). Only numbers valid in their country's numbering plan get a
// key: checkouts are full of filler ("0000000", "123456") that many customers share and that say
// nothing about a household. The full metadata ("max") knows which number ranges are in use.

/** The shop's country as a region the phone library knows, else none (then only "+…" numbers are read). */
export function phoneRegion(countryCode: string | null | undefined): CountryCode | undefined {
  const code = countryCode?.trim().toUpperCase();
  return code !== undefined && isSupportedCountry(code) ? code : undefined;
}

/**
 * The region a referral's phones are read in: the advocate's country, else the country the
 * friend's order went to, else Germany (the store keeps no shop country; the first shops are German).
 */
export function referralPhoneRegion(advocateCountry: string | null, orderCountry: string | null): CountryCode | undefined {
  return phoneRegion(advocateCountry ?? orderCountry ?? "DE");
}

export function phoneIdentityKey(raw: string | null | undefined, region: CountryCode | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(raw, region);
  return parsed?.isValid() ? parsed.number : null;
}
