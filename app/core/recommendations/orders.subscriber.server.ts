import type { Tx } from "~/db/prisma.server";
import { defineSubscriber, type DeliveredFactOf } from "~/outbox/subscriber";
import { scheduleListsRefresh } from "./lists-refresh.job.server";
import { partnersOf, recomputeLists } from "./lists.server";
import { applyStoredOrder } from "./order-state.server";
import { lockProgram } from "./program.server";

// Keeps the pair figures and stored lists current from the sync's facts. An order fact is only a
// signal: what the order contributes is read from the store (lines less refunded quantities), so
// a fact seen twice, out of order or from the import changes nothing the store does not say.

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

async function onOrder(tx: Tx, fact: DeliveredFactOf<Kind>, orderId: string, now: Date) {
  const locked = await lockProgram(tx, fact.shopId, fact.occurredAt);
  const { program, touched } = await applyStoredOrder(tx, locked, orderId);
  if (touched.length === 0) return;
  // A live order's own products' lists at once; the others, which its totals moved too, within
  // the hour. The import's orders only wait for the refresh: a bestseller's list recomputed for
  // each of its thousands of past orders would be work thrown away.
  if (!fact.history) await recomputeLists(tx, program, touched, now);
  await scheduleListsRefresh(tx, fact.shopId, now);
}

/**
 * A product that became unavailable (deleted, unpublished, sold out) leaves its partners' lists; one
 * available again comes back: the lists of its partners are computed again.
 */
async function onProduct(tx: Tx, fact: DeliveredFactOf<"product.changed">, now: Date) {
  const partners = await partnersOf(tx, fact.shopId, fact.data.product.platformId);
  if (partners.length === 0) return;
  const program = await lockProgram(tx, fact.shopId, fact.occurredAt);
  await recomputeLists(tx, program, partners, now);
}

export const recommendationsOrdersSubscriber = (now: () => Date = () => new Date()) =>
  defineSubscriber({
    name: "recommendations.orders",
    kinds: ["order.placed", "order.paid", "refund.applied", "order.cancelled", "product.changed"] as const satisfies readonly Kind[],
    backfill: true,
    async handle(fact, tx) {
      if (fact.kind === "product.changed") return onProduct(tx, fact, now());
      const orderId = orderOf(fact);
      if (orderId !== null) await onOrder(tx, fact, orderId, now());
    },
  });
