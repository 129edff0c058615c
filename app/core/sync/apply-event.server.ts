import { markCustomerDeleted, upsertCustomer } from "~/core/customers/customer-sync.server";
import { applyRefund, upsertOrder } from "~/core/orders/order-sync.server";
import type { CommerceEvent } from "~/core/platform";
import { recordDataRequest, redactCustomer, redactShop } from "~/core/privacy/privacy.server";
import { markProductDeleted, upsertProduct } from "~/core/products/product-sync.server";
import { recordScopes, recordUninstall } from "~/core/shops/shops.server";
import type { Tx } from "~/db/prisma.server";

export interface ShopRef {
  id: string;
  domain: string;
  currency: string;
}

/**
 * Applies one neutral event to the CRM store. Returns false when the store already held the
 * same or a newer state (a duplicate or stale delivery).
 */
export async function applyCommerceEvent(tx: Tx, shop: ShopRef, event: CommerceEvent): Promise<boolean> {
  switch (event.type) {
    case "customer.upserted":
      return (await upsertCustomer(tx, shop.id, event.customer)).applied;
    case "customer.deleted":
      return markCustomerDeleted(tx, shop.id, event.platformId, event.occurredAt);
    case "order.upserted":
      return (await upsertOrder(tx, shop.id, event.order)).applied;
    case "refund.created":
      return applyRefund(tx, shop.id, event.refund);
    case "product.upserted":
      return upsertProduct(tx, shop, event.product);
    case "product.deleted":
      return markProductDeleted(tx, shop.id, event.platformId, event.occurredAt);
    case "shop.uninstalled":
      await recordUninstall(tx, shop.id, shop.domain, event.occurredAt);
      return true;
    case "shop.scopes_updated":
      await recordScopes(tx, shop.id, shop.domain, event.scopes);
      return true;
    case "bulk_operation.finished":
      // The full-history import picks the result up from here (next increment of the import).
      return false;
    case "privacy.customer_data_requested":
      await recordDataRequest(tx, shop, event.subject, event.requestRef);
      return true;
    case "privacy.customer_redact_requested":
      await redactCustomer(tx, shop, event.subject);
      return true;
    case "privacy.shop_redact_requested":
      await redactShop(tx, shop.domain);
      return true;
  }
}
