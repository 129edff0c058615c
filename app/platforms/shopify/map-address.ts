import type { CustomerAddress, OrderAddress, OrderPlace } from "~/core/platform";

import type { ShopifyAddress } from "./payloads";
import { cleanText } from "./text";

// Addresses as the CRM keeps them, from either source (REST webhooks: snake_case fields; Admin
// GraphQL: countryCodeV2, provinceCode). Kept are the parts a merchant needs to recognise and find
// a buyer, and the street lines of the customer's default address and of where an order ships:
// the referral fraud check's household signal (is the friend the advocate's own household?).
// They are personal data like the rest and erased with the customer (~/core/privacy). No name,
// no coordinates; a billing address keeps only its place.

export interface AddressParts {
  address1?: string | null | undefined;
  address2?: string | null | undefined;
  city: string | null | undefined;
  zip?: string | null | undefined;
  provinceCode?: string | null | undefined;
  countryCode: string | null | undefined;
}

/** The parts of a REST (webhook) address. */
export function restAddressParts(address: ShopifyAddress): AddressParts {
  return {
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    zip: address.zip,
    provinceCode: address.province_code,
    countryCode: address.country_code,
  };
}

/** An ISO 3166-1 alpha-2 code in upper case; anything else is no country rather than a failure. */
function countryCode(value: string | null | undefined): string | null {
  const code = cleanText(value)?.toUpperCase() ?? null;
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** The address, or null when it has no part the CRM keeps. */
function unlessEmpty<T extends object>(address: T): T | null {
  return Object.values(address).every((value) => value === null) ? null : address;
}

/** The default address; null when the source has none, or one without any part the CRM keeps. */
export function customerAddress(parts: AddressParts | null | undefined): CustomerAddress | null {
  if (!parts) return null;
  return unlessEmpty({
    address1: cleanText(parts.address1),
    address2: cleanText(parts.address2),
    city: cleanText(parts.city),
    zip: cleanText(parts.zip),
    provinceCode: cleanText(parts.provinceCode)?.toUpperCase() ?? null,
    countryCode: countryCode(parts.countryCode),
  });
}

/** An order's shipping address; null when it has none worth keeping. */
export function orderAddress(parts: AddressParts | null | undefined): OrderAddress | null {
  if (!parts) return null;
  return unlessEmpty({
    address1: cleanText(parts.address1),
    address2: cleanText(parts.address2),
    zip: cleanText(parts.zip),
    city: cleanText(parts.city),
    countryCode: countryCode(parts.countryCode),
  });
}

/** An order's billing place; null when it names neither city nor country. */
export function orderPlace(parts: AddressParts | null | undefined): OrderPlace | null {
  if (!parts) return null;
  return unlessEmpty({ city: cleanText(parts.city), countryCode: countryCode(parts.countryCode) });
}
