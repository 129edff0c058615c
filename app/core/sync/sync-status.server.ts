import type { DeliveryStatus, ImportStatus } from "~/db/generated/enums";
import type { Db, Prisma } from "~/db/prisma.server";

// What the admin home shows about the sync: how much is stored, whether webhooks arrive, how the
// full import is doing, and what was given up. Shop-scoped, plain JSON data.

export const DEAD_LETTER_LIMIT = 20;

/** In the order the home page lists them: the normal path first, then the trouble. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  "RECEIVED",
  "PROCESSED",
  "IGNORED",
  "FAILED",
  "DEAD",
  "PARKED",
];

export interface SyncShopScope {
  id: string;
  domain: string;
}

export interface ImportRunSummary {
  id: string;
  kind: string;
  phase: string;
  status: ImportStatus;
  rowsDone: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Rows per second over the run so far; null when no time has passed or it has not started. */
  rowsPerSecond: number | null;
}

export interface DeadLetter {
  id: string;
  topic: string;
  status: "DEAD" | "PARKED";
  receivedAt: string;
  error: string | null;
  attempts: number;
}

export interface SyncStatus {
  counts: { customers: number; guests: number; orders: number; products: number; refunds: number };
  lastDelivery: { topic: string; receivedAt: string; status: DeliveryStatus } | null;
  deliveriesByStatus: Array<{ status: DeliveryStatus; count: number }>;
  latestImport: ImportRunSummary | null;
  deadLetters: DeadLetter[];
  deadJobs: number;
}

/**
 * Throughput of an import run. A finished run is measured to its end; a failed one that never
 * recorded an end, to its last progress; a running one, to now.
 */
export function importRowsPerSecond(
  run: { status: ImportStatus; rowsDone: number; startedAt: Date; finishedAt: Date | null; updatedAt: Date },
  now: Date,
): number | null {
  if (run.status === "PENDING") return null;
  const end = run.finishedAt ?? (run.status === "RUNNING" ? now : run.updatedAt);
  const seconds = (end.getTime() - run.startedAt.getTime()) / 1000;
  if (!(seconds > 0)) return null;
  return run.rowsDone / seconds;
}

/**
 * A delivery belongs to the shop by its shop id; one that failed before the shop row existed has
 * only the domain (a Shopify domain names one shop, so this cannot reach another shop's rows).
 */
export function deliveriesOf(shop: SyncShopScope): Prisma.WebhookDeliveryWhereInput {
  return { OR: [{ shopId: shop.id }, { shopId: null, shopDomain: shop.domain }] };
}

export async function getSyncStatus(db: Db, shop: SyncShopScope, now: Date = new Date()): Promise<SyncStatus> {
  const deliveries = deliveriesOf(shop);
  const [customers, guests, orders, products, refunds, lastDelivery, byStatus, latestImport, deadLetters, deadJobs] =
    await Promise.all([
      db.customer.count({ where: { shopId: shop.id } }),
      db.customer.count({ where: { shopId: shop.id, isGuest: true } }),
      db.order.count({ where: { shopId: shop.id } }),
      db.product.count({ where: { shopId: shop.id, deletedAt: null } }),
      db.refund.count({ where: { shopId: shop.id } }),
      db.webhookDelivery.findFirst({
        where: deliveries,
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        select: { topic: true, receivedAt: true, status: true },
      }),
      db.webhookDelivery.groupBy({ by: ["status"], where: deliveries, _count: { _all: true } }),
      db.importRun.findFirst({ where: { shopId: shop.id }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] }),
      db.webhookDelivery.findMany({
        where: { AND: [deliveries, { status: { in: ["DEAD", "PARKED"] } }] },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: DEAD_LETTER_LIMIT,
        // Never the raw body or headers: they carry personal data the home page does not need.
        select: { id: true, topic: true, status: true, receivedAt: true, error: true, attempts: true },
      }),
      countDeadJobs(db, shop),
    ]);

  const counted = new Map(byStatus.map((group) => [group.status, group._count._all]));
  return {
    counts: { customers, guests, orders, products, refunds },
    lastDelivery: lastDelivery
      ? { topic: lastDelivery.topic, receivedAt: lastDelivery.receivedAt.toISOString(), status: lastDelivery.status }
      : null,
    deliveriesByStatus: DELIVERY_STATUSES.map((status) => ({ status, count: counted.get(status) ?? 0 })),
    latestImport: latestImport
      ? {
          id: latestImport.id,
          kind: latestImport.kind,
          phase: latestImport.phase,
          status: latestImport.status,
          rowsDone: latestImport.rowsDone,
          startedAt: latestImport.startedAt.toISOString(),
          finishedAt: latestImport.finishedAt?.toISOString() ?? null,
          error: latestImport.error,
          rowsPerSecond: importRowsPerSecond(latestImport, now),
        }
      : null,
    deadLetters: deadLetters.map((delivery) => ({
      id: delivery.id,
      topic: delivery.topic,
      status: delivery.status === "PARKED" ? "PARKED" : "DEAD",
      receivedAt: delivery.receivedAt.toISOString(),
      error: delivery.error,
      attempts: delivery.attempts,
    })),
    deadJobs,
  };
}

/**
 * Jobs carry no shop column. A job is the shop's when its payload names the shop (`shopId`) or
 * one of the shop's webhook deliveries (`deliveryId`, the webhook processing jobs).
 */
async function countDeadJobs(db: Db, shop: SyncShopScope): Promise<number> {
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS count
    FROM "Job" j
    LEFT JOIN "WebhookDelivery" d
      ON d.id = CASE
        WHEN j.payload->>'deliveryId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        THEN (j.payload->>'deliveryId')::uuid
      END
    WHERE j.status = 'DEAD'
      AND (
        j.payload->>'shopId' = ${shop.id}
        OR d."shopId" = ${shop.id}::uuid
        OR (d."shopId" IS NULL AND d."shopDomain" = ${shop.domain})
      )`;
  return rows[0]?.count ?? 0;
}
