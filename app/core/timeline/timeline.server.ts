import type { Prisma, Tx } from "~/db/prisma.server";

export type TimelineKind =
  | "customer.created"
  | "customer.consent_changed"
  | "customer.deleted"
  | "order.placed"
  | "order.cancelled"
  | "order.refunded";

export interface TimelineEntry {
  shopId: string;
  customerId: string;
  kind: TimelineKind;
  occurredAt: Date;
  /** Names the source fact; recording the same fact twice keeps one entry. */
  sourceKey: string;
  data: Prisma.InputJsonObject;
}

export async function recordTimelineEvents(tx: Tx, entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.timelineEvent.createMany({ data: entries, skipDuplicates: true });
}
