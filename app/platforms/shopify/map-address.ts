import type { CustomerAddress, OrderAddress } from "~/core/platform";

import { cleanText } from "./text";

// Addresses as the CRM keeps them, from either source (REST webhooks: snake_case fields; Admin
// GraphQL: countryCodeV2, provinceCode). Only the parts a merchant needs to recognise and find a
// buyer are kept: no street, no name, no coordinates.

export interface AddressParts {
  city: string | null | undefined;
  zip?: string | null | undefined;
  provinceCode?: string | null | undefined;
  countryCode: string | null | undefined;
}

/** An ISO 3166-1 alpha-2 code in upper case; anything else is no country rather than a failure. */
function countryCode(value: string | null | undefined): string | null {
  const code = cleanText(value)?.toUpperCase() ?? null;
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** The default address; null when the source has none, or one without any part the CRM keeps. */
export function customerAddress(parts: AddressParts | null | undefined): CustomerAddress | null {
  if (!parts) return null;
  const address: CustomerAddress = {
    city: cleanText(parts.city),
    zip: cleanText(parts.zip),
    provinceCode: cleanText(parts.provinceCode)?.toUpperCase() ?? null,
    countryCode: countryCode(parts.countryCode),
  };
  return Object.values(address).every((value) => value === null) ? null : address;
}

/** An order's shipping or billing address; null when it has none worth keeping. */
export function orderAddress(parts: AddressParts | null | undefined): OrderAddress | null {
  if (!parts) return null;
  const address: OrderAddress = { city: cleanText(parts.city), countryCode: countryCode(parts.countryCode) };
  return address.city === null && address.countryCode === null ? null : address;
}
