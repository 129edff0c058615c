import { upsertCustomers } from "~/core/customers/customer-sync.server";
import type { FactOutbox } from "~/core/facts/outbox";
import { applyRefunds, upsertOrders, type OrderWriteOptions } from "~/core/orders/order-sync.server";
import type { CustomerSnapshot, OrderSnapshot, PlatformId, ProductSnapshot, RefundSnapshot } from "~/core/platform";
import { findRedactedPeople } from "~/core/privacy/tombstones.server";
import { withoutRedactedPeople } from "~/core/privacy/redacted-snapshots";
import { upsertProducts } from "~/core/products/product-sync.server";
import type { Tx } from "~/db/prisma.server";

export interface SnapshotBatch {
  customers?: readonly CustomerSnapshot[];
  products?: readonly ProductSnapshot[];
  orders?: readonly OrderSnapshot[];
  refunds?: readonly RefundSnapshot[];
}

/** Platform ids of the records each service wrote (new, or newer than the stored version). */
export interface AppliedSnapshots {
  customers: PlatformId[];
  products: PlatformId[];
  orders: PlatformId[];
  refunds: PlatformId[];
  /** Records that named a redacted person: applied without the person (their stored copies are scrubbed). */
  namingRedacted: { customers: Set<PlatformId>; orders: Set<PlatformId> };
}

/** The shop as the sync needs it: its currency, and its redaction key once it had a redaction. */
export interface SyncShop {
  id: string;
  currency: string;
  redactionKey: string | null;
}

/**
 * The one place imports, reconciliation and batches of webhook deliveries hand records to the
 * sync services, in the order that keeps references resolvable (customers and products before
 * the orders naming them, orders before their refunds). The freshness rule inside the services
 * makes an older copy lose to what a webhook already stored, so applying a batch twice changes
 * nothing.
 *
 * What the batch changed is recorded in `outbox` as facts (~/core/facts), in one call for the
 * whole batch, in the caller's transaction: a fact exists exactly when its change committed, and
 * a duplicate or stale copy, which changes nothing, records nothing. `options.history` marks the
 * full-history import's.
 */
export async function applySnapshotBatch(
  tx: Tx,
  shop: SyncShop,
  batch: SnapshotBatch,
  outbox: FactOutbox,
  options: OrderWriteOptions = {},
): Promise<AppliedSnapshots> {
  const people = await findRedactedPeople(tx, shop, batch.customers ?? [], batch.orders ?? []);
  const records = withoutRedactedPeople(people, batch.customers ?? [], batch.orders ?? []);
  const customers = await upsertCustomers(tx, shop.id, records.customers);
  const products = await upsertProducts(tx, shop, batch.products ?? []);
  const orders = await upsertOrders(tx, shop.id, records.orders, options);
  // A refund inside an order just written is stored with it; applying it again would only find
  // it there (an import hands over every order's refunds, in case the order itself was stale).
  const storedWithOrders = new Set(orders.refundsStored);
  const refunds = await applyRefunds(
    tx,
    shop.id,
    (batch.refunds ?? []).filter((refund) => !storedWithOrders.has(refund.platformId)),
    options,
  );
  await outbox.record(tx, shop.id, [...customers.facts, ...products.facts, ...orders.facts, ...refunds.facts], {
    history: options.history ?? false,
  });
  return {
    customers: customers.applied,
    products: products.applied,
    orders: orders.applied,
    refunds: refunds.applied,
    namingRedacted: records.named,
  };
}
