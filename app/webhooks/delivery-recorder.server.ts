import type { SqlClient } from "~/db/prisma.server";
import { recordDeliveries, type IncomingDelivery } from "./delivery-log.server";

interface Waiting {
  delivery: IncomingDelivery;
  resolve(id: string | null): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the webhook intake: deliveries that arrive while a write is under way are
 * stored together by the next one, so under load many acknowledgements share one statement and
 * one commit, and when it is quiet each delivery is written at once, alone.
 */
export class DeliveryRecorder {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: { maxBatch: number; namedStatements: boolean },
  ) {}

  /** Resolves to the delivery's id once it is stored with its job, or to null for a repeat. */
  record(delivery: IncomingDelivery): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      try {
        const ids = await recordDeliveries(
          this.sql,
          batch.map((entry) => entry.delivery),
          this.options,
        );
        batch.forEach((entry, i) => entry.resolve(ids[i] ?? null));
      } catch (error) {
        // None of the batch is stored; each sender answers 500 and Shopify delivers again.
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
