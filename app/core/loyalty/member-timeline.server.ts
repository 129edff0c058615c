import { recordTimelineEvents, type TimelineEntry } from "~/core/timeline/timeline.server";
import type { Tx } from "~/db/prisma.server";
import type { MemberRow } from "./ledger.server";

/**
 * A program event on the member's customer timeline, keyed by where it comes from
 * (`loyalty:<source>`), so recording it again adds nothing.
 */
export function recordMemberTimeline(
  tx: Tx,
  member: Pick<MemberRow, "shopId" | "customerId">,
  event: { kind: "loyalty.points_earned" | "loyalty.points_clawed_back" | "loyalty.tier_changed"; occurredAt: Date; source: string; data: TimelineEntry["data"] },
): Promise<void> {
  return recordTimelineEvents(tx, [
    { shopId: member.shopId, customerId: member.customerId, kind: event.kind, occurredAt: event.occurredAt, sourceKey: `loyalty:${event.source}`, data: event.data },
  ]);
}
