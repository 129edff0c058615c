import { foldedWords } from "./fold-text";

// Whether two shipping addresses are one household's door, for the referral fraud check. The key
// is the country, the postal code and the street with its house number, folded so that the usual
// spellings of one address meet: case, spaces and punctuation, umlauts ("Mühlweg" / "Muehlweg"),
// "ß" / "ss", the abbreviations "Str." and "Pl.", "Nr." before the number, and house-number forms
// ("5a", "5 A", "5-a"). The city is left out: the postal code already names it, and its spellings
// vary most ("München", "Muenchen", "Munich"). The second line (flat, c/o) is left out too: German
// flats in one house usually share the street address, told apart only by the name on the door.
//
// Pick-up points (Packstation, Postfiliale, Paketshop) are shared by strangers: their address is
// a household only together with the digits of the second line, where the customer's own
// Postnummer goes; without them there is no key.

export interface PostalAddress {
  address1: string | null;
  address2: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string | null;
}

// Word-final abbreviations, after folding: "Hauptstr. 5", "Haupt Str 5", "Marienpl. 1".
const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/str$/, "strasse"],
  [/pl$/, "platz"],
];
const NUMBER_WORDS = new Set(["nr", "no"]);
const PICK_UP_POINT = /packstation|paketstation|postfiliale|paketshop/;

function streetKey(address1: string): string {
  return foldedWords(address1)
    .filter((word) => !NUMBER_WORDS.has(word))
    .map((word) => ABBREVIATIONS.reduce((text, [pattern, full]) => text.replace(pattern, full), word))
    .join("");
}

/** The household an address belongs to, as one comparable string; null when it names no door. */
export function householdKey(address: PostalAddress): string | null {
  const country = address.countryCode?.trim().toUpperCase() ?? "";
  // "D-10115", "A-1010": the old country prefix of German-speaking postal codes is no part of them.
  const zip = (address.zip ?? "")
    .trim()
    .toUpperCase()
    .replace(/^[A-Z]{1,2}-(?=\d)/, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
  let street = streetKey(address.address1 ?? "");
  if (!/^[A-Z]{2}$/.test(country) || zip.length < 3 || street.length < 3) return null;
  if (PICK_UP_POINT.test(street)) {
    const customerNumber = (address.address2 ?? "").replace(/\D/g, "");
    if (customerNumber === "") return null;
    street = `${street}/${customerNumber}`;
  }
  return `${country}|${zip}|${street}`;
}

/** The address on one line as the customer wrote it, for the evidence shown to the merchant. */
export function addressLine(address: PostalAddress): string {
  const place = [address.zip, address.countryCode].map((part) => part?.trim() ?? "").filter((part) => part !== "").join(" ");
  return [address.address1, address.address2, place]
    .map((part) => part?.trim() ?? "")
    .filter((part) => part !== "")
    .join(", ");
}
