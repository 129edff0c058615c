import { normalizeEmail } from "~/core/customers/email";
import type { CustomerSnapshot, MarketingConsentState } from "~/core/platform";

import { customerAddress, restAddressParts } from "./map-address";
import type { ShopifyCustomerPayload } from "./payloads";
import { cleanText } from "./text";

const CONSENT_STATES: Readonly<Record<string, MarketingConsentState>> = {
  subscribed: "SUBSCRIBED",
  not_subscribed: "NOT_SUBSCRIBED",
  unsubscribed: "UNSUBSCRIBED",
  pending: "PENDING",
  redacted: "REDACTED",
};

/**
 * Shopify's email consent state. "invalid" (an undeliverable address) and states added later map
 * to UNKNOWN: nothing may be read as permission to send marketing that was not given explicitly.
 */
export function mapConsentState(state: string | null | undefined): MarketingConsentState {
  if (!state) return "UNKNOWN";
  return CONSENT_STATES[state.toLowerCase()] ?? "UNKNOWN";
}

export function mapCustomer(customer: ShopifyCustomerPayload): CustomerSnapshot {
  // Absent (API 2025-01 and later) means "not said"; null means the customer has no consent record.
  const consent = customer.email_marketing_consent;
  return {
    platformId: customer.id,
    email: normalizeEmail(customer.email),
    firstName: cleanText(customer.first_name),
    lastName: cleanText(customer.last_name),
    phone: cleanText(customer.phone),
    emailMarketingConsent: consent === undefined ? undefined : mapConsentState(consent?.state),
    consentUpdatedAt: consent === undefined ? undefined : (consent?.consent_updated_at ?? null),
    tags: customer.tags,
    locale: cleanText(customer.locale),
    // Absent means "not said" (a subscription's include_fields can leave it out); null means none.
    address:
      customer.default_address === undefined
        ? undefined
        : customerAddress(customer.default_address && restAddressParts(customer.default_address)),
    createdAt: customer.created_at,
    updatedAt: customer.updated_at,
  };
}
