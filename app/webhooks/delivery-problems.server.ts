import { deliveriesOf, type SyncShopScope } from "~/core/sync/sync-status.server";
import type { DeliveryStatus } from "~/db/generated/enums";
import type { Db, Prisma } from "~/db/prisma.server";
import {
  failureReason,
  problemKindKey,
  WAITING_STATUSES,
  type FailureReason,
  type FailureReasonCode,
  type WaitingStatus,
} from "./failure-reasons";

// Read model of the webhook problems page: the shop's deliveries waiting for a fix, by kind (topic
// and reason) and one by one. Plain JSON data; never a body or headers (personal data).

export const PROBLEM_PAGE_SIZE = 25;
/** Fields named per kind: enough to say where the trouble is without a wall of paths. */
const GROUP_FIELD_LIMIT = 5;

export interface ProblemGroup {
  topic: string;
  reason: FailureReasonCode;
  count: number;
  /** Fields the group's errors name (unreadable payloads). */
  fields: string[];
  latestReceivedAt: string;
}

export interface ProblemDelivery {
  id: string;
  topic: string;
  status: WaitingStatus;
  receivedAt: string;
  attempts: number;
  error: string | null;
  reason: FailureReason;
}

export interface DeliveryProblems {
  totalCount: number;
  groups: ProblemGroup[];
  rows: ProblemDelivery[];
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

function isWaiting(status: DeliveryStatus): status is WaitingStatus {
  return (WAITING_STATUSES as readonly string[]).includes(status);
}

/** The shop's deliveries waiting for a fix. */
export function waitingDeliveriesOf(shop: SyncShopScope): Prisma.WebhookDeliveryWhereInput {
  return { AND: [deliveriesOf(shop), { status: { in: [...WAITING_STATUSES] } }] };
}

export async function getDeliveryProblems(db: Db, shop: SyncShopScope, options: { page: number }): Promise<DeliveryProblems> {
  const where = waitingDeliveriesOf(shop);
  const [byError, deliveries] = await Promise.all([
    // Deliveries failing the same way share their error text: one row per topic and text.
    db.webhookDelivery.groupBy({ by: ["topic", "error"], where, _count: { _all: true }, _max: { receivedAt: true } }),
    db.webhookDelivery.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (options.page - 1) * PROBLEM_PAGE_SIZE,
      take: PROBLEM_PAGE_SIZE + 1,
      select: { id: true, topic: true, status: true, receivedAt: true, attempts: true, error: true },
    }),
  ]);

  const groups = new Map<string, ProblemGroup>();
  for (const row of byError) {
    const reason = failureReason(row.error);
    const key = problemKindKey(row.topic, reason.code);
    const latest = row._max.receivedAt?.toISOString() ?? "";
    const group = groups.get(key) ?? { topic: row.topic, reason: reason.code, count: 0, fields: [], latestReceivedAt: latest };
    group.count += row._count._all;
    if (latest > group.latestReceivedAt) group.latestReceivedAt = latest;
    for (const field of reason.fields) {
      if (group.fields.length < GROUP_FIELD_LIMIT && !group.fields.includes(field)) group.fields.push(field);
    }
    groups.set(key, group);
  }

  const rows = deliveries.slice(0, PROBLEM_PAGE_SIZE).flatMap((delivery): ProblemDelivery[] =>
    isWaiting(delivery.status)
      ? [
          {
            id: delivery.id,
            topic: delivery.topic,
            status: delivery.status,
            receivedAt: delivery.receivedAt.toISOString(),
            attempts: delivery.attempts,
            error: delivery.error,
            reason: failureReason(delivery.error),
          },
        ]
      : [],
  );
  return {
    totalCount: [...groups.values()].reduce((sum, group) => sum + group.count, 0),
    // The biggest problem first; among equals, the most recent.
    groups: [...groups.values()].sort(
      (a, b) => b.count - a.count || b.latestReceivedAt.localeCompare(a.latestReceivedAt) || problemKindKey(a.topic, a.reason).localeCompare(problemKindKey(b.topic, b.reason)),
    ),
    rows,
    page: options.page,
    hasPrevious: options.page > 1,
    hasNext: deliveries.length > PROBLEM_PAGE_SIZE,
  };
}
