import { FACT_KINDS } from "~/core/facts/types";
import type { Db } from "~/db/prisma.server";
import { defineSubscriber, type Subscriber } from "~/outbox/subscriber";

// The benchmarks include the outbox's cost: a subscriber that takes every fact, the import's
// history included, and does nothing with it stands in for the programs. Without a subscriber
// no fact is written at all. BENCH_OUTBOX=0 measures without it.

const everyFact = defineSubscriber({ name: "bench-every-fact", kinds: FACT_KINDS, backfill: true, handle: async () => {} });

export function benchSubscribers(): Subscriber[] {
  return process.env.BENCH_OUTBOX === "0" ? [] : [everyFact];
}

/** How many facts the outbox recorded (its ids count up from 1 in a new database). */
export async function factsRecorded(db: Db): Promise<string> {
  const stream = await db.outboxStream.findFirst({ orderBy: { lastFactId: "desc" } });
  return process.env.BENCH_OUTBOX === "0" ? "none (BENCH_OUTBOX=0)" : String(stream?.lastFactId ?? 0n);
}
