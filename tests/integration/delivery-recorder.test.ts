import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createDatabaseClients, type DatabaseClients } from "~/db/prisma.server";
import { PROCESS_DELIVERY_JOB, recordDeliveries, type IncomingDelivery } from "~/webhooks/delivery-log.server";
import { DeliveryRecorder } from "~/webhooks/delivery-recorder.server";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const SHOP = "alpine-outfitters.myshopify.com";

let database: TestDatabase;
let clients: DatabaseClients;

beforeAll(async () => {
  database = await createTestDatabase();
  clients = createDatabaseClients(database.connectionString, database.embedded ? 1 : 4);
});
afterAll(async () => {
  await clients.close();
  await database.close();
});
beforeEach(async () => {
  await clients.db.job.deleteMany();
  await clients.db.webhookDelivery.deleteMany();
});

function delivery(dedupeKey: string, overrides: Partial<IncomingDelivery> = {}): IncomingDelivery {
  return {
    platform: "SHOPIFY",
    shopDomain: SHOP,
    topic: "orders/create",
    dedupeKey,
    webhookId: `webhook-${dedupeKey}`,
    eventId: dedupeKey,
    triggeredAt: new Date("2026-11-30T23:15:00.123Z"),
    apiVersion: "2026-10",
    headers: { "x-shopify-topic": "orders/create" },
    rawBody: `{"id":${dedupeKey.length},"note":"Grüße \\"quoted\\" \\\\ back"}`,
    ...overrides,
  };
}

describe("storing webhook deliveries", () => {
  test("one statement stores each new delivery with one job; repeats, stored or in the same call, get null", async () => {
    const [first] = await recordDeliveries(clients.pool, [delivery("evt-1")], { namedStatements: !database.embedded });
    expect(first).toMatch(/^[0-9a-f-]{36}$/);

    const ids = await recordDeliveries(clients.pool, [
      delivery("evt-2"),
      delivery("evt-1"),
      delivery("evt-2", { webhookId: "retry-of-evt-2" }),
      delivery("evt-2", { topic: "orders/updated" }),
      delivery("evt-3", { triggeredAt: null, eventId: null, apiVersion: null }),
    ]);
    expect(ids.map((id) => id !== null)).toEqual([true, false, false, true, true]);

    const stored = await clients.db.webhookDelivery.findMany({ orderBy: { receivedAt: "asc" } });
    expect(stored).toHaveLength(4);
    const evt2 = stored.find((row) => row.id === ids[0]);
    expect(evt2).toMatchObject({ webhookId: "webhook-evt-2", status: "RECEIVED", rawBody: delivery("evt-2").rawBody });
    expect(evt2?.triggeredAt?.toISOString()).toBe("2026-11-30T23:15:00.123Z");
    expect(stored.find((row) => row.id === ids[4])?.triggeredAt).toBeNull();

    const jobs = await clients.db.job.findMany();
    expect(jobs.map((job) => job.kind)).toEqual(Array(4).fill(PROCESS_DELIVERY_JOB));
    expect(new Set(jobs.map((job) => (job.payload as { deliveryId: string }).deliveryId))).toEqual(
      new Set(stored.map((row) => row.id)),
    );
  });

  test("deliveries arriving together share writes, and every sender learns its own outcome", async () => {
    const recorder = new DeliveryRecorder(clients.pool, { maxBatch: 7, namedStatements: !database.embedded });
    const keys = Array.from({ length: 60 }, (_, i) => `evt-${i % 40}`);
    const ids = await Promise.all(keys.map((key) => recorder.record(delivery(key))));
    // 40 distinct events; each stored once, the first sender of each gets the id.
    expect(ids.filter((id) => id !== null)).toHaveLength(40);
    expect(ids.slice(0, 40).every((id) => id !== null)).toBe(true);
    expect(ids.slice(40).every((id) => id === null)).toBe(true);
    expect(await clients.db.webhookDelivery.count()).toBe(40);
    expect(await clients.db.job.count()).toBe(40);
  });

  test("a failed write fails only its own batch, storing none of it; later deliveries are stored", async () => {
    const recorder = new DeliveryRecorder(clients.pool, { maxBatch: 2, namedStatements: !database.embedded });
    const unknownPlatform = delivery("evt-bad", { platform: "NOT_A_PLATFORM" as IncomingDelivery["platform"] });
    // The first delivery is written at once, alone; the next two wait and go together.
    const outcomes = await Promise.allSettled([
      recorder.record(delivery("evt-a")),
      recorder.record(unknownPlatform),
      recorder.record(delivery("evt-b")),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(await recorder.record(delivery("evt-c"))).not.toBeNull();
    const stored = await clients.db.webhookDelivery.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(stored.map((row) => row.dedupeKey)).toEqual(["evt-a", "evt-c"]);
  });

  test("each delivery's job carries its body's size in bytes (UTF-8), which the queue cuts batches by", async () => {
    const small = delivery("evt-small");
    const large = delivery("evt-large", { rawBody: `{"note":"${"Grüße ".repeat(20_000)}"}` });
    const [smallId, largeId] = await recordDeliveries(clients.pool, [small, large]);
    const jobs = await clients.db.job.findMany({ select: { payload: true, bytes: true } });
    const bytesOf = (id: string | null | undefined) =>
      jobs.find((job) => (job.payload as { deliveryId: string }).deliveryId === id)?.bytes;
    expect(bytesOf(smallId)).toBe(Buffer.byteLength(small.rawBody));
    expect(bytesOf(largeId)).toBe(Buffer.byteLength(large.rawBody));
    expect(Buffer.byteLength(large.rawBody)).toBeGreaterThan(large.rawBody.length);
  });

  test("a large body comes back byte for byte, compressed with lz4 where the server has it (pglz on PGlite)", async () => {
    // ~9 KB of order JSON: above the size where PostgreSQL compresses a value.
    const lines = Array.from({ length: 150 }, (_, i) => `{"id":${9_007_199_254_740_993n + BigInt(i)},"title":"Grüße ${i}"}`);
    const rawBody = `{"line_items":[${lines.join(",")}]}`;
    expect(rawBody.length).toBeGreaterThan(6_000);
    const [id] = await recordDeliveries(clients.pool, [delivery("evt-large", { rawBody })]);
    const { rows } = await clients.pool.query<{ body: string; method: string | null }>(
      `SELECT "rawBody" AS body, pg_column_compression("rawBody") AS method FROM "WebhookDelivery" WHERE id = $1`,
      [id],
    );
    expect(rows[0]!.body).toBe(rawBody);
    expect(rows[0]!.method).toBe(database.embedded ? "pglz" : "lz4");
  });
});
