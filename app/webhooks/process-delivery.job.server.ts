import { z } from "zod";
import type { FactOutbox } from "~/core/facts/outbox";
import { PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { markDeliveries } from "./delivery-log.server";
import { processDeliveries, type DeliveryDecoders } from "./process-deliveries.server";

const jobPayload = z.object({ deliveryId: z.uuid() });

function deliveryIdOf(payload: unknown): string {
  const parsed = jobPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError(`Bad job payload: ${parsed.error.message}`);
  return parsed.data.deliveryId;
}

/** The job that turns stored deliveries into CRM state, decoding each with its platform's decoder. */
export const processDeliveryJob = (decoders: DeliveryDecoders, outbox: FactOutbox): JobHandler => ({
  run: (payload, tx) => processDeliveries(tx, decoders, [deliveryIdOf(payload)], outbox),
  runBatch: (payloads, tx) => processDeliveries(tx, decoders, payloads.map(deliveryIdOf), outbox),

  async onFailure(payload, db, failure) {
    const parsed = jobPayload.safeParse(payload);
    if (!parsed.success) return;
    await markDeliveries(db, [
      {
        deliveryId: parsed.data.deliveryId,
        // Data the database refuses is parked with its reason, like a payload that cannot be mapped.
        status: failure.permanent ? "PARKED" : failure.dead ? "DEAD" : "FAILED",
        error: failure.error,
        attempts: failure.attempt,
      },
    ]);
  },
});
