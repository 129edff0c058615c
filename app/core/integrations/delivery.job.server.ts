import { z } from "zod";
import type { Db, Tx } from "~/db/prisma.server";
import { PermanentJobError, type JobContext, type JobHandler } from "~/jobs/queue.server";
import type { SecretBox } from "~/security/secret-box.server";
import { DELIVERY_TIMEOUT_MS, httpFailureMessage, isDelivered, responseStatusOf } from "./delivery-outcome";
import { OUTBOUND_DELIVERY_JOB } from "./outbound-events.server";
import { eventBody } from "./payloads";
import { signedHeaders } from "./signature";

// Sends one delivery: POSTs the signed event to its endpoint. A 2xx answer delivers it; anything
// else (another status, a timeout, a refused connection) fails the attempt, the queue retries it
// with its backoff, and the log keeps each attempt's status and error (written by the failure
// hook, outside the attempt's rolled-back transaction).

const jobPayloadSchema = z.object({ deliveryId: z.string().uuid() });
const storedEventSchema = z.object({ occurredAt: z.string(), data: z.unknown() });

export interface OutboundDeliveryDeps {
  secretBox: SecretBox;
  /** Tests may answer in their own way. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

async function post(deps: OutboundDeliveryDeps, url: string, headers: Record<string, string>, body: string): Promise<number> {
  const response = await (deps.fetch ?? fetch)(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(deps.timeoutMs ?? DELIVERY_TIMEOUT_MS),
  });
  const text = await response.text().catch(() => "");
  if (!isDelivered(response.status)) throw new Error(httpFailureMessage(response.status, text));
  return response.status;
}

async function deliver(deps: OutboundDeliveryDeps, payload: unknown, tx: Tx, context: JobContext) {
  const { deliveryId } = jobPayloadSchema.parse(payload);
  const delivery = await tx.outboundWebhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
  // Removed with its endpoint, or delivered by an earlier run: nothing to send.
  if (!delivery || delivery.status === "DELIVERED") return;
  if (!delivery.endpoint.active) throw new PermanentJobError("The endpoint is switched off");
  const stored = storedEventSchema.parse(delivery.payload);
  const body = eventBody({ id: delivery.id, topic: delivery.topic, occurredAt: stored.occurredAt, data: stored.data });
  const secret = deps.secretBox.open(delivery.endpoint.secretEncrypted);
  const now = deps.now?.() ?? new Date();
  const status = await post(deps, delivery.endpoint.url, signedHeaders(secret, { topic: delivery.topic, eventId: delivery.id }, body, now), body);
  await tx.outboundWebhookDelivery.update({
    where: { id: delivery.id },
    data: { status: "DELIVERED", attempts: context.attempt, responseStatus: status, lastError: null, deliveredAt: now },
  });
}

async function recordFailedAttempt(db: Db, payload: unknown, failure: { error: string; attempt: number; dead: boolean }) {
  const parsed = jobPayloadSchema.safeParse(payload);
  if (!parsed.success) return;
  await db.outboundWebhookDelivery.updateMany({
    where: { id: parsed.data.deliveryId, status: { not: "DELIVERED" } },
    data: { status: failure.dead ? "DEAD" : "FAILED", attempts: failure.attempt, responseStatus: responseStatusOf(failure.error), lastError: failure.error },
  });
}

export function createOutboundWebhookJobs(deps: OutboundDeliveryDeps): Record<string, JobHandler> {
  return {
    [OUTBOUND_DELIVERY_JOB]: {
      run: (payload, tx, context) => deliver(deps, payload, tx, context),
      onFailure: (payload, db, failure) => recordFailedAttempt(db, payload, failure),
    },
  };
}
