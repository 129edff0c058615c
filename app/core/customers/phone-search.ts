// How a typed phone number finds a stored one. Stored phones come as Shopify keeps a customer's
// (E.164, "+491522126069") or as typed at a guest checkout ("0152 / 212 60 69"); the database
// compares the stored phone's digits only (an expression index, see the list_search_indexes
// migration), and the typed number is reduced to the digits every spelling of it contains:
//
// - everything but digits is dropped; a leading "+" or "00" marks an international number;
// - an international number of the shop's home country (calling code 49, Germany) loses its
//   country code, a national one ("01522…") its trunk prefix 0: both leave the national
//   significant number "1522126069", which "+49 1522 126069", "0049 1522 126069" and
//   "01522 126069" all contain, stored in either form;
// - an international number of another country keeps its country code ("+43 664 …" → "43664…"),
//   which its E.164 form contains (a national spelling of a foreign number cannot be told apart);
// - fewer than PHONE_SEARCH_MIN_DIGITS digits are no phone search: short digit runs are order
//   numbers, and would match a large share of all numbers.

export const PHONE_SEARCH_MIN_DIGITS = 6;
const HOME_CALLING_CODE = "49";

/** A query made only of what phone numbers are written with: digits, spaces, + ( ) / - . */
const PHONE_LIKE = /^\+?[\d\s()/.-]+$/;

/** The digits a stored phone must contain to match `input`, or null when `input` is no phone number. */
export function phoneSearchDigits(input: string, homeCallingCode: string = HOME_CALLING_CODE): string | null {
  const trimmed = input.trim();
  if (!PHONE_LIKE.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  const international = trimmed.startsWith("+") || digits.startsWith("00");
  let significant: string;
  if (international) {
    const withCountry = trimmed.startsWith("+") ? digits : digits.slice(2);
    significant = withCountry.startsWith(homeCallingCode) ? withCountry.slice(homeCallingCode.length) : withCountry;
    // "+49 (0)1522 …": the trunk 0 written after the country code is not dialled.
    if (withCountry.startsWith(homeCallingCode) && significant.startsWith("0")) significant = significant.slice(1);
  } else {
    significant = digits.startsWith("0") ? digits.slice(1) : digits;
  }
  return significant.length >= PHONE_SEARCH_MIN_DIGITS ? significant : null;
}
