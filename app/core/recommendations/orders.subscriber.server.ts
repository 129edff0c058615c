import type { Tx } from "~/db/prisma.server";
import { defineSubscriber, type DeliveredFactOf } from "~/outbox/subscriber";
import { scheduleListsRefresh } from "./lists-refresh.job.server";
import { partnersOf, recomputeLists } from "./lists.server";
import { applyStoredOrders } from "./order-state.server";
import { lockProgram } from "./program.server";

// Keeps the pair figures and stored lists current from the sync's facts. An order fact is only a
// signal: what the order contributes is read from the store (lines less refunded quantities), so
// a fact seen twice, out of order or from the import changes nothing the store does not say. A
// delivery job's facts are taken together: their orders are applied in a few statements, however
// many there are (a burst of orders or the import's history costs per batch, not per order).

type Kind = "order.placed" | "order.paid" | "refund.applied" | "order.cancelled" | "product.changed";

/** The order a fact is about, when it can change what the order contributes. */
function orderOf(fact: DeliveredFactOf<Kind>): string | null {
  switch (fact.kind) {
    case "order.placed":
      // Live, order.paid follows when it is paid; imported, it is the order's only fact and says
      // where it stands now.
      return fact.history && fact.data.paid ? fact.data.order.id : null;
    case "order.paid":
    case "refund.applied":
    case "order.cancelled":
      return fact.data.order.id;
    case "product.changed":
      return null;
  }
}

/** Whether the fact is about a product's availability rather than an order. */
function isProductFact(fact: DeliveredFactOf<Kind>): fact is DeliveredFactOf<"product.changed"> {
  return fact.kind === "product.changed";
}

async function handleFacts(tx: Tx, facts: readonly DeliveredFactOf<Kind>[], now: Date): Promise<void> {
  const first = facts[0];
  if (!first) return;
  const { shopId } = first;
  const orderIds = facts.flatMap((fact) => orderOf(fact) ?? []);
  // A product that became unavailable (deleted, unpublished, sold out) leaves its partners' lists;
  // one available again comes back.
  const changedProducts = [...new Set(facts.filter(isProductFact).map((fact) => fact.data.product.platformId))];
  const partners = await partnersOf(tx, shopId, changedProducts);
  if (orderIds.length === 0 && partners.length === 0) return;

  const locked = await lockProgram(tx, shopId, first.occurredAt);
  const { program, touched } = await applyStoredOrders(tx, locked, orderIds);
  // The lists of live orders' own products and of the changed products' partners at once; the
  // others, which the orders' totals moved too, within the hour. The import's orders only wait
  // for the refresh: a bestseller's list recomputed for each page of its past orders would be
  // work thrown away.
  const anyLiveOrder = facts.some((fact) => !fact.history && orderOf(fact) !== null);
  await recomputeLists(tx, program, [...(anyLiveOrder ? touched : []), ...partners], now);
  if (touched.length > 0) await scheduleListsRefresh(tx, shopId, now);
}

export const recommendationsOrdersSubscriber = (now: () => Date = () => new Date()) =>
  defineSubscriber({
    name: "recommendations.orders",
    kinds: ["order.placed", "order.paid", "refund.applied", "order.cancelled", "product.changed"] as const satisfies readonly Kind[],
    backfill: true,
    handleAll: (facts, tx) => handleFacts(tx, facts, now()),
  });
