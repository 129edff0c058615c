import { recordsetWithNewIds, type RowOf } from "~/core/sync/json-recordset";
import type { Prisma, Tx } from "~/db/prisma.server";

export type TimelineKind =
  | "customer.created"
  | "customer.consent_changed"
  | "customer.deleted"
  | "order.placed"
  | "order.cancelled"
  | "order.refunded"
  | "loyalty.points_earned"
  | "loyalty.points_clawed_back"
  | "loyalty.tier_changed"
  | "referral.converted"
  | "referral.voided"
  | "referral.rewarded";

export interface TimelineEntry {
  shopId: string;
  customerId: string;
  kind: TimelineKind;
  occurredAt: Date;
  /** Names the source fact; recording the same fact twice keeps one entry. */
  sourceKey: string;
  data: Prisma.InputJsonObject;
}

const ENTRY_COLUMNS = {
  shopId: "uuid",
  customerId: "uuid",
  kind: "text",
  occurredAt: "timestamp(3)",
  sourceKey: "text",
  data: "jsonb",
} as const;

/**
 * One statement with one json parameter for any number of entries: createMany spent more time in
 * the client than the database spent inserting (see ~/core/sync/json-recordset).
 */
export async function recordTimelineEvents(tx: Tx, entries: readonly TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry): RowOf<typeof ENTRY_COLUMNS> => entry);
  await tx.$executeRaw`
    INSERT INTO "TimelineEvent" (id, "shopId", "customerId", kind, "occurredAt", "sourceKey", data)
    SELECT v."newId", v."shopId", v."customerId", v.kind, v."occurredAt", v."sourceKey", v.data
    FROM ${recordsetWithNewIds(ENTRY_COLUMNS, rows)}
    ORDER BY v."shopId", v."sourceKey"
    ON CONFLICT ("shopId", "sourceKey") DO NOTHING`;
}
