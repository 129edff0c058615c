import { z } from "zod";
import { PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { markDeliveries } from "./delivery-log.server";
import { processDeliveries } from "./process-deliveries.server";

const jobPayload = z.object({ deliveryId: z.uuid() });

function deliveryIdOf(payload: unknown): string {
  const parsed = jobPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError(`Bad job payload: ${parsed.error.message}`);
  return parsed.data.deliveryId;
}

export const processDeliveryJob: JobHandler = {
  run: (payload, tx) => processDeliveries(tx, [deliveryIdOf(payload)]),
  runBatch: (payloads, tx) => processDeliveries(tx, payloads.map(deliveryIdOf)),

  async onFailure(payload, db, failure) {
    const parsed = jobPayload.safeParse(payload);
    if (!parsed.success) return;
    await markDeliveries(db, [
      {
        deliveryId: parsed.data.deliveryId,
        status: failure.dead ? "DEAD" : "FAILED",
        error: failure.error,
        attempts: failure.attempt,
      },
    ]);
  },
};
