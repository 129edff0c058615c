import { normalizeEmail } from "~/core/customers/email";
import type { PrivacySubject } from "~/core/platform";

import type { ShopifyPrivacyCustomer } from "./payloads";
import { cleanText } from "./text";

/** Who a customers/data_request or customers/redact is about, and which of their orders. */
export function mapPrivacySubject(
  customer: ShopifyPrivacyCustomer | null | undefined,
  orderIds: readonly string[] | null | undefined,
): PrivacySubject {
  return {
    customerPlatformId: customer?.id ?? null,
    // Normalized like stored emails so the request finds them; an address the validator rejects
    // is still passed on, since a privacy request must not be narrowed by our own rules.
    email: normalizeEmail(customer?.email) ?? cleanText(customer?.email)?.toLowerCase() ?? null,
    phone: cleanText(customer?.phone),
    orderPlatformIds: [...new Set(orderIds ?? [])],
  };
}
