import type { FactOutbox } from "~/core/facts/outbox";
import type { DomainFact } from "~/core/facts/types";
import { recordset, type RowOf } from "~/core/sync/json-recordset";
import type { Tx } from "~/db/prisma.server";
import { uuidV7 } from "~/db/uuid-v7";
import type { SubscriberRegistry } from "./subscriber";

// The outbox's writing side: the port core's sync services record facts through.

export const OUTBOX_DELIVER_JOB = "outbox.deliver";

const FACT_COLUMNS = {
  kind: "text",
  customerId: "uuid",
  occurredAt: "timestamp(3)",
  payload: "jsonb",
} as const;

/**
 * Serializes the writers of one shop's facts from here to their commit, so that a shop's fact ids
 * grow in commit order: a subscriber's position is then one number, and no fact can commit below
 * it later. The shop's sync lock, which every caller already holds, makes this one uncontended.
 */
async function lockShopFacts(tx: Tx, shopId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`outbox:${shopId}`}, 0))`;
}

/**
 * Writes facts set-based, in the caller's transaction: one INSERT for the facts (in the given
 * order, ids from one sequence), the shop's stream row moved to the newest id, and a delivery job
 * for each subscriber that takes any of them, all in one statement, so delivery is due exactly
 * when the facts commit. A fact no subscriber takes is not written: with no subscriber, or none
 * that backfills, the import writes no facts at all.
 */
export function createFactOutbox(registry: SubscriberRegistry): FactOutbox {
  return {
    async record(tx: Tx, shopId: string, facts: readonly DomainFact[], options: { history: boolean }): Promise<void> {
      const takers = new Set<string>();
      const taken = facts.filter((fact) => {
        const subscribers = registry.takes(fact.kind, options.history);
        for (const subscriber of subscribers) takers.add(subscriber.name);
        return subscribers.length > 0;
      });
      if (taken.length === 0) return;
      const subscribers = [...takers];
      await lockShopFacts(tx, shopId);
      const rows = taken.map(
        (fact): RowOf<typeof FACT_COLUMNS> => ({
          kind: fact.kind,
          customerId: fact.customerId,
          occurredAt: fact.occurredAt,
          payload: fact.data,
        }),
      );
      // json_to_recordset yields its rows in array order and nothing sorts them: ids follow `facts`.
      await tx.$executeRaw`
        WITH facts AS (
          INSERT INTO "OutboxFact" ("shopId", kind, history, "customerId", "occurredAt", payload)
          SELECT ${shopId}::uuid, v.kind, ${options.history}, v."customerId", v."occurredAt", v.payload
          FROM ${recordset(FACT_COLUMNS, rows)}
          RETURNING id
        ), stream AS (
          INSERT INTO "OutboxStream" (id, "shopId", "lastFactId", "updatedAt")
          SELECT ${uuidV7()}::uuid, ${shopId}::uuid, max(id), now() FROM facts
          ON CONFLICT ("shopId") DO UPDATE SET "lastFactId" = EXCLUDED."lastFactId", "updatedAt" = now()
          RETURNING id, "lastFactId"
        )
        INSERT INTO "Job" (kind, payload, "uniqueKey")
        SELECT ${OUTBOX_DELIVER_JOB}, jsonb_build_object('stream', stream.id::text, 'subscriber', name),
               ${OUTBOX_DELIVER_JOB} || ':' || stream.id::text || ':' || name || ':' || stream."lastFactId"::text
        FROM stream CROSS JOIN unnest(${subscribers}::text[]) AS name
        ON CONFLICT ("uniqueKey") DO NOTHING`;
    },
  };
}
