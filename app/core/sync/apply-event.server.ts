import { markCustomerDeleted, upsertCustomer } from "~/core/customers/customer-sync.server";
import { applyRefunds, upsertOrder } from "~/core/orders/order-sync.server";
import type { CommerceEvent } from "~/core/platform";
import { onExportFinished } from "~/core/sync/import-runs.server";
import { recordDataRequest, redactCustomer, redactShop } from "~/core/privacy/privacy.server";
import { markProductDeleted, upsertProducts } from "~/core/products/product-sync.server";
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
      return (await applyRefunds(tx, shop.id, [event.refund])).applied.length > 0;
    case "product.upserted":
      return (await upsertProducts(tx, shop, [event.product])).applied.length > 0;
    case "product.deleted":
      return markProductDeleted(tx, shop.id, event.platformId, event.occurredAt);
    case "shop.uninstalled":
      await recordUninstall(tx, shop.id, shop.domain, event.occurredAt);
      return true;
    case "shop.scopes_updated":
      await recordScopes(tx, shop.id, shop.domain, event.scopes);
      return true;
    case "bulk_operation.finished":
      // Any outcome (completed, failed, canceled) is picked up by the import run waiting for it.
      return onExportFinished(tx, shop.id, { operationId: event.operationId });
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
