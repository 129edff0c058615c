import { recordPointsEarned } from "~/core/integrations/loyalty-events.server";
import type { EventData } from "~/core/integrations/payloads";
import type { Tx } from "~/db/prisma.server";
import { appendEntries, type MemberRow, type StoredEntry } from "./ledger.server";
import { ledgerOptions, lotExpiry, settleTier } from "./member-tier.server";
import { recordMemberTimeline } from "./member-timeline.server";
import type { ActiveProgram } from "./program.server";

// Points for an action other than an order (an account created, a newsletter subscribed to, an
// action the merchant's systems report through the API): one earn entry, available at once with
// nothing to return, its outbound event and mail, its timeline entry, then the member's tier.

export interface ActionEarning {
  points: number;
  occurredAt: Date;
  /** Unique per shop: the same source again writes nothing. */
  sourceKey: string;
  /** The entry's reason (what a limit counts by). */
  reason: string;
  /** How the outbound event names the action. */
  event: Pick<EventData["loyalty.points_earned"], "reason" | "action">;
  /** What the customer's timeline entry keeps beside the points. */
  timeline: Record<string, string>;
}

/** Writes the earning for a member locked by the caller; the entry written, null when its source was seen before. */
export async function earnForAction(tx: Tx, program: ActiveProgram, member: MemberRow, earning: ActionEarning, now: Date): Promise<StoredEntry | null> {
  const options = ledgerOptions(program);
  const { written, entries } = await appendEntries(
    tx,
    member,
    [
      {
        kind: "earn",
        points: earning.points,
        occurredAt: earning.occurredAt,
        ...lotExpiry(program, earning.occurredAt),
        sourceKey: earning.sourceKey,
        ruleVersion: program.version,
        reason: earning.reason,
      },
    ],
    now,
    options,
  );
  const entry = written[0];
  if (!entry) return null;
  await recordPointsEarned(tx, member, entry, { ...earning.event, order: null }, earning.occurredAt);
  await recordMemberTimeline(tx, member, {
    kind: "loyalty.points_earned",
    occurredAt: earning.occurredAt,
    source: earning.sourceKey,
    data: { points: earning.points, ...earning.timeline },
  });
  await settleTier(tx, program, member, entries, now, options);
  return entry;
}
