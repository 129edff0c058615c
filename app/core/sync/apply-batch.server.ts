import { upsertCustomers } from "~/core/customers/customer-sync.server";
import { applyRefunds, upsertOrders } from "~/core/orders/order-sync.server";
import type { CustomerSnapshot, OrderSnapshot, ProductSnapshot, RefundSnapshot } from "~/core/platform";
import { upsertProducts } from "~/core/products/product-sync.server";
import type { Tx } from "~/db/prisma.server";

export interface SnapshotBatch {
  customers?: readonly CustomerSnapshot[];
  products?: readonly ProductSnapshot[];
  orders?: readonly OrderSnapshot[];
  refunds?: readonly RefundSnapshot[];
}

/**
 * The one place imports and reconciliation hand records to the sync services, in the order that
 * keeps references resolvable (customers and products before the orders naming them, orders
 * before their refunds). The freshness rule inside the services makes an older copy lose to what
 * a webhook already stored, so applying a batch twice changes nothing.
 */
export async function applySnapshotBatch(
  tx: Tx,
  shop: { id: string; currency: string },
  batch: SnapshotBatch,
): Promise<void> {
  await upsertCustomers(tx, shop.id, batch.customers ?? []);
  await upsertProducts(tx, shop, batch.products ?? []);
  await upsertOrders(tx, shop.id, batch.orders ?? []);
  await applyRefunds(tx, shop.id, batch.refunds ?? []);
}
