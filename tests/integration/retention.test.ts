import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { createRetentionJobs, nextRetentionRunAt, RETENTION_JOB, scheduleRetention } from "~/webhooks/retention.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook, sendWebhook } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// Processed deliveries and finished jobs go after the retention period; what still needs someone
// stays, and a resend within the period is still recognised as a repeat.

let runtime: Runtime;
const NOW = new Date("2026-12-04T04:00:00.000Z");
const DAY_MS = 24 * 3_600_000;

beforeAll(async () => {
  // Without programs: the jobs counted here are the deliveries' and the retention's own.
  runtime = await startTestRuntime({ runtime: { outbox: { subscribers: [] } } });
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
});

const withoutRetention = (handlers: Runtime["jobHandlers"]) =>
  Object.fromEntries(Object.entries(handlers).filter(([kind]) => kind !== RETENTION_JOB));

function retentionQueue(rowsPerRun?: number) {
  return new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 })
    .register(withoutRetention(runtime.jobHandlers))
    .register(createRetentionJobs({ retentionDays: 7, ...(rowsPerRun ? { rowsPerRun } : {}) }, () => NOW));
}

/** Delivers, processes, then backdates the deliveries and their jobs by `days`. */
async function historyOf(days: number, sends: Array<() => Promise<unknown>>) {
  for (const send of sends) await send();
  await new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 60_000 }).register(runtime.jobHandlers).drain();
  const at = new Date(NOW.getTime() - days * DAY_MS);
  await runtime.db.webhookDelivery.updateMany({ where: { receivedAt: { gt: at } }, data: { receivedAt: at } });
  await runtime.db.job.updateMany({ where: { finishedAt: { gt: at } }, data: { finishedAt: at } });
}

describe("retention", () => {
  test("deletes processed deliveries and finished jobs older than the period; keeps parked, failed and recent ones", async () => {
    const broken = replaceAll(shopifyFixture("orders/paid"), '"id": 450789469123456805,', '"id": "not-an-id",');
    await historyOf(9, [
      () => deliverWebhook("orders/create", { eventId: "old-order" }),
      () => deliverWebhook("products/create", { eventId: "old-product" }),
      () => deliverWebhook("orders/paid", { eventId: "old-parked", body: broken }),
      // A refund of an order that never came: retried later, not finished.
      () =>
        deliverWebhook("refunds/create", {
          eventId: "old-failed",
          body: replaceAll(shopifyFixture("refunds/create"), "450789469123456781", "450789469999999999"),
        }),
    ]);
    await historyOf(2, [() => deliverWebhook("customers/create", { eventId: "recent" })]);
    await scheduleRetention(runtime.db, NOW);

    await retentionQueue().drain();

    const kept = await runtime.db.webhookDelivery.findMany({ orderBy: { receivedAt: "asc" } });
    expect(kept.map((delivery) => [delivery.eventId, delivery.status])).toEqual([
      ["old-parked", "PARKED"],
      ["old-failed", "FAILED"],
      ["recent", "PROCESSED"],
    ]);
    // The old jobs that finished went (the parked delivery's too: the delivery itself keeps its
    // state); the recent one and the refund's retry stay.
    const jobs = await runtime.db.job.findMany({ where: { kind: { not: RETENTION_JOB } }, orderBy: { id: "asc" } });
    expect(jobs.map((job) => job.status)).toEqual(["QUEUED", "DONE"]);
    const next = await runtime.db.job.findFirstOrThrow({ where: { kind: RETENTION_JOB, status: "QUEUED" } });
    expect(next.runAt).toEqual(nextRetentionRunAt(NOW));
  });

  test("a resend of a delivery still kept is a repeat; the record it wrote stays", async () => {
    await historyOf(3, [() => deliverWebhook("orders/create", { eventId: "resent" })]);
    await scheduleRetention(runtime.db, NOW);
    await retentionQueue().drain();

    expect((await sendWebhook("orders/create", { eventId: "resent" })).status).toBe(200);
    expect(await runtime.db.webhookDelivery.count({ where: { eventId: "resent" } })).toBe(1);
  });

  test("a large backlog is pruned in short runs, each queueing the next at once", async () => {
    await historyOf(30, ["a", "b", "c", "d", "e"].map((id) => () => deliverWebhook("products/update", { eventId: id })));
    await scheduleRetention(runtime.db, NOW);

    await retentionQueue(2).drain();

    expect(await runtime.db.webhookDelivery.count()).toBe(0);
    const runs = await runtime.db.job.findMany({ where: { kind: RETENTION_JOB }, orderBy: { id: "asc" } });
    expect(runs.map((run) => [run.uniqueKey, run.status])).toEqual([
      ["retention:2026-12-04:0", "DONE"],
      ["retention:2026-12-04:1", "DONE"],
      ["retention:2026-12-04:2", "DONE"],
      ["retention:2026-12-05:0", "QUEUED"],
    ]);
  });
});
