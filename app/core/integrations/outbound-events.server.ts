import type { Db, Tx } from "~/db/prisma.server";
import { transactionMemo } from "~/db/transaction-memo";
import { attemptsSpanning } from "~/jobs/backoff";
import { enqueueJob } from "~/jobs/queue.server";
import type { EventData } from "./payloads";
import { TEST_TOPIC, type OutboundTopic } from "./topics";

// Recording an event for the shop's endpoints: one delivery per active endpoint subscribed to the
// topic, and a job per delivery, written in the caller's transaction — an event exists exactly
// when the change it reports committed. A delivery is unique per endpoint and event key, so an
// event recorded again (a replayed fact, a re-run job) sends nothing new.

export const OUTBOUND_DELIVERY_JOB = "integrations.outbound-webhook";

/** A receiver that is down gets the event when it is back within a day; after that it is DEAD. */
export const OUTBOUND_DELIVERY_MAX_ATTEMPTS = attemptsSpanning(24 * 3_600_000);

async function enqueueDeliveries(tx: Tx, deliveryIds: readonly string[]) {
  for (const deliveryId of deliveryIds) {
    await enqueueJob(tx, {
      kind: OUTBOUND_DELIVERY_JOB,
      payload: { deliveryId },
      uniqueKey: `outbound-webhook:${deliveryId}`,
      maxAttempts: OUTBOUND_DELIVERY_MAX_ATTEMPTS,
    });
  }
}

async function insertDeliveries(tx: Tx, endpointIds: readonly string[], shopId: string, topic: string, eventKey: string, body: object) {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "OutboundWebhookDelivery" (id, "shopId", "endpointId", topic, "eventKey", payload)
    SELECT gen_random_uuid(), ${shopId}::uuid, endpoint.id, ${topic}, ${eventKey}, ${JSON.stringify(body)}::jsonb
    FROM unnest(${endpointIds}::uuid[]) AS endpoint(id)
    ON CONFLICT ("endpointId", "eventKey") DO NOTHING
    RETURNING id::text`;
  await enqueueDeliveries(tx, rows.map((row) => row.id));
  return rows.length;
}

type ShopEndpoints = Array<{ id: string; topics: string[] }>;

const shopEndpoints = (db: Db | Tx, shopId: string): Promise<ShopEndpoints> =>
  db.outboundWebhookEndpoint.findMany({ where: { shopId, active: true }, select: { id: true, topics: true } });

// An order's processing records several events (points earned, tier changed…) in one
// transaction: the shop's endpoints are read once for them.
const endpointsInTransaction = transactionMemo<ShopEndpoints>();

const transactionEndpoints = (tx: Tx, shopId: string) => endpointsInTransaction(tx, shopId, () => shopEndpoints(tx, shopId));

const taking = (endpoints: ShopEndpoints, topic: OutboundTopic) => endpoints.filter((endpoint) => endpoint.topics.includes(topic));

/** Whether some active endpoint of the shop takes `topic`. */
export async function endpointsTake(db: Db | Tx, shopId: string, topic: OutboundTopic): Promise<boolean> {
  return taking(await shopEndpoints(db, shopId), topic).length > 0;
}

/**
 * Records an event for every active endpoint of the shop that takes `topic`. The payload is built
 * only when some endpoint takes it (a shop without endpoints pays one indexed query per event).
 * Returns the deliveries added.
 */
export async function recordOutboundEvent<T extends OutboundTopic>(
  tx: Tx,
  shopId: string,
  topic: T,
  eventKey: string,
  payload: () => Promise<EventData[T]>,
  occurredAt: Date,
): Promise<number> {
  const endpoints = taking(await transactionEndpoints(tx, shopId), topic);
  if (endpoints.length === 0) return 0;
  const data = await payload();
  return insertDeliveries(tx, endpoints.map((endpoint) => endpoint.id), shopId, topic, eventKey, { occurredAt: occurredAt.toISOString(), data });
}

/** A test event to one endpoint, whatever it subscribes to (the admin's "send a test event"). */
export async function recordTestEvent(tx: Tx, shopId: string, endpointId: string, key: string, now: Date): Promise<number> {
  return insertDeliveries(tx, [endpointId], shopId, TEST_TOPIC, `test:${key}`, { occurredAt: now.toISOString(), data: { test: true } });
}

/**
 * A customer's erasure: their events in the log (sent or waiting) no longer name the platform's
 * customer id, as the facts do not (events carry no other personal data).
 */
export async function eraseCustomerFromDeliveries(tx: Tx, shopId: string, customerIds: readonly string[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE "OutboundWebhookDelivery" SET payload = jsonb_set(payload, '{data,customer,platformId}', 'null'::jsonb, false)
    WHERE "shopId" = ${shopId}::uuid AND payload #>> '{data,customer,id}' = ANY(${customerIds}::text[])`;
}
