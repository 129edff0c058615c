import { FACT_KINDS, type FactKind } from "~/core/facts/types";
import { recordset } from "~/core/sync/json-recordset";
import type { Tx } from "~/db/prisma.server";
import { uuidV7 } from "~/db/uuid-v7";
import { retryDelayMs } from "~/jobs/backoff";
import { describeFailure } from "~/jobs/failure-kind";
import { enqueueJob } from "~/jobs/queue.server";
import { OUTBOX_DELIVER_JOB } from "./fact-outbox.server";
import type { DeliveredFact, Subscriber, SubscriberRegistry } from "./subscriber";

// Delivery of facts to a subscriber: the job outbox.deliver {stream, subscriber}, queued by the
// writer with every batch of facts the subscriber takes (and by itself, to continue or retry).
// It hands the subscriber its next facts of the shop in id order and moves its position past
// them, in one transaction with the handler's writes; then prunes what every subscriber has taken.
//
// Jobs name a shop by its stream row (OutboxStream), which goes with the shop: a job row outlives
// a shop redaction, and must not keep the shop's id.

export interface DeliveryOptions {
  /** Facts per delivery job (a longer backlog continues in the next job). */
  factsPerJob: number;
  /** First retry delay of a failing subscriber, doubling up to 15 minutes. */
  retryBaseMs: number;
  /** Delay before a delivery retries when another worker is delivering to the same subscriber. */
  busyRetryMs: number;
}

interface Stream {
  shopId: string;
  lastFactId: bigint;
}

async function findStream(tx: Tx, streamId: string): Promise<Stream | null> {
  const [stream] = await tx.$queryRaw<Stream[]>`
    SELECT "shopId"::text AS "shopId", "lastFactId" FROM "OutboxStream" WHERE id = ${streamId}::uuid`;
  return stream ?? null;
}

/**
 * Deletes, among the shop's facts a delivery has just passed (ids in `range`), those that every
 * subscriber taking their kind has taken; facts of kinds no subscriber takes any more go too.
 * History facts count only for subscribers that backfill. Positions only grow, so a committed one
 * is safe to prune below, and the last taker to pass a fact has it in its range then. The range
 * keeps each prune's scan to what was delivered: a scan from the stream's start would walk every
 * fact deleted before and not yet vacuumed, again for each job.
 */
async function prune(tx: Tx, registry: SubscriberRegistry, stream: Stream, range: { after: bigint; upTo: bigint }): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ subscriber: string; position: bigint }>>`
    SELECT subscriber, position FROM "OutboxSubscription" WHERE "shopId" = ${stream.shopId}::uuid`;
  const taken = new Map(rows.map((row) => [row.subscriber, row.position]));
  const bounds = FACT_KINDS.flatMap((kind: FactKind) =>
    [false, true].map((history) => {
      let bound = stream.lastFactId;
      for (const subscriber of registry.takes(kind, history)) {
        const position = taken.get(subscriber.name) ?? 0n;
        if (position < bound) bound = position;
      }
      return { kind, history, bound };
    }),
  ).filter(({ bound }) => bound > 0n);
  if (bounds.length === 0) return;
  await tx.$executeRaw`
    DELETE FROM "OutboxFact" AS f
    USING ${recordset({ kind: "text", history: "boolean", bound: "bigint" }, bounds, "b")}
    WHERE f."shopId" = ${stream.shopId}::uuid AND f.id > ${range.after} AND f.id <= ${range.upTo}
      AND f.kind = b.kind AND f.history = b.history AND f.id <= b.bound`;
}

interface FactRow {
  id: bigint;
  kind: FactKind;
  history: boolean;
  customerId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  payload: unknown;
}

interface Subscription {
  position: bigint;
  attempts: number;
  backingOff: boolean;
}

/**
 * outbox.deliver: the subscriber's next facts of the shop, handled in id order in this
 * transaction. A handler that throws has its writes for that fact rolled back (a savepoint); the
 * facts before it commit with the position, and the subscriber retries the fact later with
 * backoff, in a job of its own, so neither the other subscribers nor the jobs sharing this
 * transaction wait for it.
 */
export async function deliver(
  tx: Tx,
  registry: SubscriberRegistry,
  options: DeliveryOptions,
  payload: { stream: string; subscriber: string },
): Promise<void> {
  const subscriber = registry.get(payload.subscriber);
  if (!subscriber) return; // no longer subscribed
  const stream = await findStream(tx, payload.stream);
  if (!stream) return;
  const { shopId } = stream;
  // Deliveries of one shop's facts take turns, whichever subscriber they serve: their prunes would
  // otherwise wait on each other's rows (a skipped range would never be pruned). Taken first, before
  // any lock a handler takes: taken at the prune, a delivery holding a handler's lock (the
  // recommendations' program row) and one holding this lock from an earlier delivery in its
  // transaction waited for each other.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`outbox-prune:${shopId}`}, 0))`;
  await tx.$executeRaw`
    INSERT INTO "OutboxSubscription" (id, "shopId", subscriber, "updatedAt")
    VALUES (${uuidV7()}::uuid, ${shopId}::uuid, ${subscriber.name}, now())
    ON CONFLICT ("shopId", subscriber) DO NOTHING`;
  // One delivery per subscriber and shop at a time: that keeps the facts in order. Another worker
  // delivering now may not see facts committed after it looked, so this one comes back shortly.
  const [subscription] = await tx.$queryRaw<Subscription[]>`
    SELECT position, attempts, coalesce("retryAt" > now(), false) AS "backingOff"
    FROM "OutboxSubscription" WHERE "shopId" = ${shopId}::uuid AND subscriber = ${subscriber.name}
    FOR UPDATE SKIP LOCKED`;
  if (!subscription) {
    await enqueueJob(tx, {
      kind: OUTBOX_DELIVER_JOB,
      payload,
      runAt: new Date(Date.now() + options.busyRetryMs),
    });
    return;
  }
  // Backing off after a failure: the retry job is queued for when it is due.
  if (subscription.backingOff) return;

  const rows = await tx.$queryRaw<FactRow[]>`
    SELECT id, kind, history, "customerId"::text AS "customerId", "occurredAt", "recordedAt", payload
    FROM "OutboxFact"
    WHERE "shopId" = ${shopId}::uuid AND id > ${subscription.position} AND id <= ${stream.lastFactId}
      AND kind = ANY(${[...subscriber.kinds]}::text[]) AND (${subscriber.backfill === true} OR NOT history)
    ORDER BY id
    LIMIT ${options.factsPerJob}`;
  const facts = rows.map(
    (row): DeliveredFact => ({
      id: row.id.toString(),
      shopId,
      kind: row.kind,
      history: row.history,
      customerId: row.customerId,
      occurredAt: row.occurredAt,
      recordedAt: row.recordedAt,
      data: row.payload as DeliveredFact["data"],
    }),
  );
  const outcome = await handleInOrder(tx, subscriber, facts, { subscriber: subscriber.name, shopId, attempt: subscription.attempts + 1 });

  if (outcome.failure !== undefined) {
    const failed = rows[outcome.handled]!;
    const position = outcome.handled > 0 ? rows[outcome.handled - 1]!.id : subscription.position;
    const attempts = subscription.attempts + 1;
    const delaySeconds = retryDelayMs(attempts, options.retryBaseMs) / 1000;
    const [{ retryAt } = { retryAt: new Date() }] = await tx.$queryRaw<Array<{ retryAt: Date }>>`
      UPDATE "OutboxSubscription"
      SET position = ${position}, attempts = ${attempts}, "lastError" = ${outcome.failure},
          "retryAt" = now() + make_interval(secs => ${delaySeconds}), "updatedAt" = now()
      WHERE "shopId" = ${shopId}::uuid AND subscriber = ${subscriber.name}
      RETURNING "retryAt"`;
    await enqueueJob(tx, {
      kind: OUTBOX_DELIVER_JOB,
      payload,
      uniqueKey: `outbox.retry:${payload.stream}:${subscriber.name}:${failed.id}:${attempts}`,
      runAt: retryAt,
    });
    return;
  }

  // All of the subscriber's facts up to the stream's newest are taken unless the job's share ran out.
  const more = rows.length === options.factsPerJob;
  const position = more ? rows[rows.length - 1]!.id : stream.lastFactId;
  await tx.$executeRaw`
    UPDATE "OutboxSubscription"
    SET position = GREATEST(position, ${position}), attempts = 0, "lastError" = NULL, "retryAt" = NULL, "updatedAt" = now()
    WHERE "shopId" = ${shopId}::uuid AND subscriber = ${subscriber.name}`;
  if (more) {
    await enqueueJob(tx, {
      kind: OUTBOX_DELIVER_JOB,
      payload,
      uniqueKey: `${OUTBOX_DELIVER_JOB}:${payload.stream}:${subscriber.name}:after:${position}`,
    });
  }
  await prune(tx, registry, stream, { after: subscription.position, upTo: position });
}

const SAVEPOINT = "outbox_delivery";

/**
 * Runs the handler on each fact in order under one savepoint. When fact i fails, everything since
 * the savepoint is rolled back and facts 0..i-1 are handled again (they succeeded, and their
 * writes must commit): one savepoint per job rather than one per fact. A subscriber that takes the
 * facts together succeeds or fails with all of them.
 */
async function handleInOrder(
  tx: Tx,
  subscriber: Subscriber,
  facts: readonly DeliveredFact[],
  context: { subscriber: string; shopId: string; attempt: number },
): Promise<{ handled: number; failure?: string }> {
  if (facts.length === 0) return { handled: 0 };
  await tx.$executeRawUnsafe(`SAVEPOINT ${SAVEPOINT}`);
  if ("handleAll" in subscriber) {
    try {
      await subscriber.handleAll(facts as never, tx, context);
    } catch (error) {
      await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return { handled: 0, failure: describeFailure(error) };
    }
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return { handled: facts.length };
  }
  for (const [i, fact] of facts.entries()) {
    try {
      // The attempt count belongs to the first fact, the one that failed before.
      await subscriber.handle(fact as never, tx, { ...context, attempt: i === 0 ? context.attempt : 1 });
    } catch (error) {
      const failure = describeFailure(error);
      await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      if (i === 0) return { handled: 0, failure };
      const again = await handleInOrder(tx, subscriber, facts.slice(0, i), context);
      return again.failure !== undefined ? again : { handled: i, failure };
    }
  }
  await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  return { handled: facts.length };
}
