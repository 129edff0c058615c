import { FACT_KINDS, type FactData, type FactKind } from "~/core/facts/types";
import type { Tx } from "~/db/prisma.server";

// A program plugs into the outbox with subscribers: one file per subscriber, declaring the fact
// kinds it takes beside its handler, e.g. core/loyalty/earn-on-order.subscriber.server.ts:
//
//   export const subscriber = defineSubscriber({
//     name: "loyalty.earn-on-order",
//     kinds: ["order.paid", "refund.applied", "order.cancelled"],
//     async handle(fact, tx, context) { ... },
//   });
//
// The composition root hands the list to createOutbox; nothing else has to know them.

/** A fact as a subscriber receives it. */
export interface DeliveredFact<K extends FactKind = FactKind> {
  /**
   * The fact's id: unique, and growing in commit order within a shop. The idempotency key for
   * anything the handler keys by fact (e.g. a ledger entry's source).
   */
  id: string;
  shopId: string;
  kind: K;
  /** Written by the full-history import (reaches only subscribers that backfill). */
  history: boolean;
  /** Our id of the customer the fact concerns. */
  customerId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  data: FactData[K];
}

/** One of the kinds, discriminated by `kind`. */
export type DeliveredFactOf<K extends FactKind> = K extends FactKind ? DeliveredFact<K> : never;

export interface SubscriberContext {
  subscriber: string;
  shopId: string;
  /** 1 on the first attempt at this fact, more after failures. */
  attempt: number;
}

interface SubscriberBase<K extends FactKind> {
  /** Unique and stable: the subscriber's progress is stored under it. Letters, digits, . _ - */
  name: string;
  kinds: readonly K[];
  /**
   * Takes the facts of the full-history import too (marked history), to build its state from the
   * past; otherwise it starts from the facts of live changes.
   */
  backfill?: boolean;
}

/** Handles one fact at a time: a failing fact is retried alone, after the facts before it commit. */
export interface EachFactSubscriber<K extends FactKind = FactKind> extends SubscriberBase<K> {
  /**
   * Runs in the delivering job's transaction: the handler's writes through `tx` commit together
   * with the subscriber's progress past the fact, so a retry never applies a fact twice. Throwing
   * rolls back the handler's writes for this fact; the fact is tried again later, with backoff.
   */
  handle(fact: DeliveredFactOf<K>, tx: Tx, context: SubscriberContext): Promise<void>;
}

/**
 * Handles a delivery job's facts together, for a subscriber whose work is cheaper set-based than
 * fact by fact. All or nothing: throwing rolls back the writes for every fact of the job, and the
 * same facts come again later, with backoff.
 */
export interface AllFactsSubscriber<K extends FactKind = FactKind> extends SubscriberBase<K> {
  handleAll(facts: readonly DeliveredFactOf<K>[], tx: Tx, context: SubscriberContext): Promise<void>;
}

export type Subscriber<K extends FactKind = FactKind> = EachFactSubscriber<K> | AllFactsSubscriber<K>;

/** Types a subscriber's handler by its kinds. */
export function defineSubscriber<K extends FactKind>(subscriber: EachFactSubscriber<K>): EachFactSubscriber<K>;
export function defineSubscriber<K extends FactKind>(subscriber: AllFactsSubscriber<K>): AllFactsSubscriber<K>;
export function defineSubscriber(subscriber: Subscriber): Subscriber {
  return subscriber;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The subscribers given to it, checked and looked up by name and by kind. */
export class SubscriberRegistry {
  private readonly byName = new Map<string, Subscriber>();

  constructor(subscribers: readonly Subscriber[]) {
    for (const subscriber of subscribers) {
      if (!NAME.test(subscriber.name)) throw new Error(`Subscriber name ${JSON.stringify(subscriber.name)} is not letters, digits, . _ -`);
      if (this.byName.has(subscriber.name)) throw new Error(`Subscriber "${subscriber.name}" is registered twice`);
      if (subscriber.kinds.length === 0) throw new Error(`Subscriber "${subscriber.name}" takes no fact kind`);
      const unknown = subscriber.kinds.filter((kind) => !(FACT_KINDS as readonly string[]).includes(kind));
      if (unknown.length > 0) throw new Error(`Subscriber "${subscriber.name}" takes unknown fact kinds: ${unknown.join(", ")}`);
      this.byName.set(subscriber.name, subscriber);
    }
  }

  get all(): Subscriber[] {
    return [...this.byName.values()];
  }

  get(name: string): Subscriber | undefined {
    return this.byName.get(name);
  }

  /** The subscribers that take facts of this kind (of the import's history, when `history`). */
  takes(kind: FactKind, history: boolean): Subscriber[] {
    return this.all.filter((subscriber) => subscriber.kinds.includes(kind) && (!history || subscriber.backfill === true));
  }
}
