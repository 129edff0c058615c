import type { CheckoutDiscountResult } from "~/core/loyalty/checkout-discount";
import type { CreatedDiscountCode, PlatformActions } from "~/core/platform-actions";

// The demo shop has no Shopify store behind it: what the app would ask of the platform is
// answered here, so the programs run end to end in the demo. A code is "created" under a
// recognisable id; the demo storefront's orders name it like any code; tags and metafields go
// nowhere (there is no platform customer to carry them).

export function demoPlatformActions(): PlatformActions {
  return {
    createDiscountCode: async (request): Promise<CreatedDiscountCode> => ({ platformId: `demo-discount:${request.code}`, code: request.code }),
    deactivateDiscountCode: async () => undefined,
    addCustomerTags: async () => undefined,
    removeCustomerTags: async () => undefined,
    setCustomerMetafields: async () => undefined,
  };
}

/**
 * The loyalty program's checkout discount: the demo shop has no Shopify store to hold it and its
 * checkout runs no discount Function, so the upkeep is recorded as skipped, never as done.
 */
export async function demoCheckoutDiscount(): Promise<CheckoutDiscountResult> {
  return { kind: "skipped" };
}
