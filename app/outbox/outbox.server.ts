import { z } from "zod";
import type { FactOutbox } from "~/core/facts/outbox";
import { PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { deliver, type DeliveryOptions } from "./delivery.server";
import { createFactOutbox, OUTBOX_DELIVER_JOB } from "./fact-outbox.server";
import { SubscriberRegistry, type Subscriber } from "./subscriber";

// The domain-event outbox, built by the composition root from the programs' subscribers: the port
// the sync services record facts through, and the job that delivers them.

export { OUTBOX_DELIVER_JOB } from "./fact-outbox.server";

export type OutboxOptions = Partial<DeliveryOptions>;

const deliverPayload = z.object({ stream: z.uuid(), subscriber: z.string().min(1) });

function jobs(registry: SubscriberRegistry, options: OutboxOptions): Record<string, JobHandler> {
  const settings: DeliveryOptions = {
    factsPerJob: options.factsPerJob ?? 500,
    retryBaseMs: options.retryBaseMs ?? 1_000,
    busyRetryMs: options.busyRetryMs ?? 1_000,
  };
  return {
    [OUTBOX_DELIVER_JOB]: {
      async run(payload, tx) {
        const parsed = deliverPayload.safeParse(payload);
        if (!parsed.success) throw new PermanentJobError(`Bad ${OUTBOX_DELIVER_JOB} payload: ${parsed.error.message}`);
        await deliver(tx, registry, settings, parsed.data);
      },
    },
  };
}

export interface Outbox {
  /** The port to hand to applySnapshotBatch and applyCommerceEvents. */
  facts: FactOutbox;
  /** The job handlers to register with the queue. */
  jobs: Record<string, JobHandler>;
}

/** The outbox for these subscribers: what they take is written and delivered, nothing else. */
export function createOutbox(subscribers: readonly Subscriber[], options: OutboxOptions = {}): Outbox {
  const registry = new SubscriberRegistry(subscribers);
  return { facts: createFactOutbox(registry), jobs: jobs(registry, options) };
}
