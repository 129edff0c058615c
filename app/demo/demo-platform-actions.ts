import type { CheckoutDiscountResult } from "~/core/loyalty/checkout-discount";
import { PlatformActionError, type CreatedDiscountCode, type PlatformActions } from "~/core/platform-actions";
import type { Db, Tx } from "~/db/prisma.server";
import { deactivateDiscountCode, storeDiscountCode } from "./storefront/discount-codes.server";

// The demo shop has no Shopify store behind it: what the app would ask of the platform is
// answered here, so the programs run end to end in the demo. Discount codes are kept as the
// platform keeps them (DemoDiscountCode, read by the demo storefront's checkout); tags and
// metafields go nowhere (there is no platform customer to carry them).

/** The stand-in for the shop `shopDomain`, on `db` (the caller's transaction, if it holds one). */
export function demoPlatformActions(db: Db | Tx, shopDomain: string): PlatformActions {
  let shopId: Promise<string> | undefined;
  const shop = () =>
    (shopId ??= db.shop.findUniqueOrThrow({ where: { platform_domain: { platform: "SHOPIFY", domain: shopDomain } }, select: { id: true } }).then((row) => row.id));
  return {
    createDiscountCode: async (request): Promise<CreatedDiscountCode> => {
      const platformId = await storeDiscountCode(db, await shop(), request);
      if (!platformId) throw new PlatformActionError("createDiscountCode", "code_taken", [{ field: "code", code: "TAKEN", message: "Code must be unique." }]);
      return { platformId, code: request.code };
    },
    deactivateDiscountCode: async (platformId) => {
      if (!(await deactivateDiscountCode(db, await shop(), platformId))) {
        throw new PlatformActionError("deactivateDiscountCode", "not_found", [{ field: "id", code: null, message: "Discount does not exist." }]);
      }
    },
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
