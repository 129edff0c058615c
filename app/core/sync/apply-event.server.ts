import { markCustomerDeleted } from "~/core/customers/customer-sync.server";
import type { FactOutbox } from "~/core/facts/outbox";
import type { DomainFact } from "~/core/facts/types";
import type { CommerceEvent } from "~/core/platform";
import { recordDataRequest, redactCustomer } from "~/core/privacy/privacy.server";
import { findRedactedCustomerIds } from "~/core/privacy/tombstones.server";
import { markProductDeleted } from "~/core/products/product-sync.server";
import { recordUninstall, recordScopes } from "~/core/shops/shops.server";
import type { Tx } from "~/db/prisma.server";
import { applySnapshotBatch, type AppliedSnapshots, type SnapshotBatch, type SyncShop } from "./apply-batch.server";

export interface ShopRef extends SyncShop {
  domain: string;
}

/** What applying an event did. */
export interface EventOutcome {
  /** It changed the store: false when the store already held the same or a newer state. */
  applied: boolean;
  /** It named a redacted person: applied without them, and its stored copy must be scrubbed. */
  namesRedacted: boolean;
}

/** Erasing the shop ends its events: the caller applies what came before, then redacts. */
export type ShopEvent = Exclude<CommerceEvent, { type: "privacy.shop_redact_requested" }>;

type SnapshotEvent = Extract<
  ShopEvent,
  { type: "customer.upserted" | "product.upserted" | "order.upserted" | "refund.created" }
>;
type LifecycleEvent = Exclude<ShopEvent, SnapshotEvent>;

// The order in which applySnapshotBatch applies the kinds of records.
const SNAPSHOT_RANK: Record<SnapshotEvent["type"], number> = {
  "customer.upserted": 0,
  "product.upserted": 1,
  "order.upserted": 2,
  "refund.created": 3,
};

function isSnapshotEvent(event: ShopEvent): event is SnapshotEvent {
  return event.type in SNAPSHOT_RANK;
}

/** The record an event writes, named as in `recordKeys`. */
function recordKey(event: SnapshotEvent): string {
  switch (event.type) {
    case "customer.upserted":
      return `customers:${event.customer.platformId}`;
    case "product.upserted":
      return `products:${event.product.platformId}`;
    case "order.upserted":
      return `orders:${event.order.platformId}`;
    case "refund.created":
      return `refunds:${event.refund.platformId}`;
  }
}

const RECORD_KINDS = ["customers", "products", "orders", "refunds"] as const;

function recordKeys(written: AppliedSnapshots): Set<string> {
  return new Set(RECORD_KINDS.flatMap((kind) => written[kind].map((id) => `${kind}:${id}`)));
}

function namingRedactedKeys({ namingRedacted }: AppliedSnapshots): Set<string> {
  return new Set([
    ...[...namingRedacted.customers].map((id) => `customers:${id}`),
    ...[...namingRedacted.orders].map((id) => `orders:${id}`),
  ]);
}

/**
 * Runs of record snapshots, each handed to the set-based services at once. A run only grows while
 * applying it whole is the same as applying its events one at a time in arrival order: every
 * record appears once, and kinds arrive in the order the services apply them (a customer that
 * arrives after an order naming it starts a new run). So each event is judged exactly as alone,
 * and "applied" keeps its one-at-a-time meaning.
 */
class SnapshotRun {
  private events: Array<{ index: number; event: SnapshotEvent }> = [];
  private records = new Set<string>();
  private rank = 0;

  accepts(event: SnapshotEvent): boolean {
    return SNAPSHOT_RANK[event.type] >= this.rank && !this.records.has(recordKey(event));
  }

  add(index: number, event: SnapshotEvent): void {
    this.events.push({ index, event });
    this.records.add(recordKey(event));
    this.rank = SNAPSHOT_RANK[event.type];
  }

  /** Applies the run and empties it; sets `outcomes[index]` for its events. */
  async apply(tx: Tx, shop: ShopRef, outbox: FactOutbox, outcomes: EventOutcome[]): Promise<void> {
    if (this.events.length === 0) return;
    const events = this.events.map(({ event }) => event);
    const batch: SnapshotBatch = {
      customers: events.flatMap((event) => (event.type === "customer.upserted" ? [event.customer] : [])),
      products: events.flatMap((event) => (event.type === "product.upserted" ? [event.product] : [])),
      orders: events.flatMap((event) => (event.type === "order.upserted" ? [event.order] : [])),
      refunds: events.flatMap((event) => (event.type === "refund.created" ? [event.refund] : [])),
    };
    const result = await applySnapshotBatch(tx, shop, batch, outbox);
    const written = recordKeys(result);
    const namingRedacted = namingRedactedKeys(result);
    for (const { index, event } of this.events) {
      const key = recordKey(event);
      outcomes[index] = { applied: written.has(key), namesRedacted: namingRedacted.has(key) };
    }
    this.events = [];
    this.records.clear();
    this.rank = 0;
  }
}

/**
 * Applies one shop's events in arrival order, record snapshots in runs through the set-based
 * services. Returns per event whether it changed the store (false when the store already held the
 * same or a newer state: a duplicate or stale delivery) and whether it named a redacted person. The facts of the changes go to `outbox`,
 * each run's and each lifecycle event's as they are applied (a redaction then finds the facts
 * written before it in the same batch).
 */
export async function applyCommerceEvents(
  tx: Tx,
  shop: ShopRef,
  events: readonly ShopEvent[],
  outbox: FactOutbox,
): Promise<EventOutcome[]> {
  const outcomes = events.map((): EventOutcome => ({ applied: false, namesRedacted: false }));
  const run = new SnapshotRun();
  for (const [index, event] of events.entries()) {
    if (!isSnapshotEvent(event)) {
      // Deletions, privacy and lifecycle events depend on everything before them.
      await run.apply(tx, shop, outbox, outcomes);
      const { applied, facts } = await applyLifecycleEvent(tx, shop, event);
      outcomes[index] = { applied, namesRedacted: await namesRedactedCustomer(tx, shop, event) };
      if (facts.length > 0) await outbox.record(tx, shop.id, facts, { history: false });
      continue;
    }
    if (!run.accepts(event)) await run.apply(tx, shop, outbox, outcomes);
    run.add(index, event);
  }
  await run.apply(tx, shop, outbox, outcomes);
  return outcomes;
}

/**
 * A deletion of a redacted customer finds nothing to delete (the row lost the platform's id), but
 * its delivery names the person by that id. A redaction request names the person by definition.
 */
async function namesRedactedCustomer(tx: Tx, shop: ShopRef, event: LifecycleEvent): Promise<boolean> {
  if (event.type === "privacy.customer_redact_requested") return true;
  if (event.type !== "customer.deleted") return false;
  return (await findRedactedCustomerIds(tx, shop, [event.platformId])).byCustomerId(event.platformId) !== undefined;
}

const NO_FACTS = { applied: true, facts: [] } as const;

async function applyLifecycleEvent(
  tx: Tx,
  shop: ShopRef,
  event: LifecycleEvent,
): Promise<{ applied: boolean; facts: readonly DomainFact[] }> {
  switch (event.type) {
    case "customer.deleted":
      return markCustomerDeleted(tx, shop.id, event.platformId, event.occurredAt);
    case "product.deleted":
      return markProductDeleted(tx, shop.id, event.platformId, event.occurredAt);
    case "shop.uninstalled":
      await recordUninstall(tx, shop.id, event.occurredAt);
      return NO_FACTS;
    case "shop.scopes_updated":
      await recordScopes(tx, shop.id, event.scopes);
      return NO_FACTS;
    case "privacy.customer_data_requested":
      await recordDataRequest(tx, shop, event.subject, { requestRef: event.requestRef, requestedAt: event.requestedAt });
      return NO_FACTS;
    case "privacy.customer_redact_requested":
      return { applied: true, facts: (await redactCustomer(tx, shop, event.subject, event.requestedAt)).facts };
  }
}
