import { recordPointsEarned, recordTierChanged } from "~/core/integrations/loyalty-events.server";
import type { Tx } from "~/db/prisma.server";
import { enqueueCustomerSync } from "./customer-sync.job.server";
import { recordMemberTimeline } from "./member-timeline.server";
import { appendEntries, type LedgerOptions, type MemberRow, type StoredEntry } from "./ledger.server";
import type { ActiveProgram } from "./program.server";
import { tierRules } from "./program-settings";
import { evaluateTier, qualifyingValue, tiersEntered, type QualifyingEvent } from "./tiers";

// After a member's ledger changed: the tier they are in now, the entry reward of each tier they
// reached, and the timeline entry that says so.

/** Earned points and spend as the tier rules count them: clawbacks count against both. */
export function qualifyingEvents(entries: readonly StoredEntry[]): QualifyingEvent[] {
  return entries.flatMap((entry): QualifyingEvent[] => {
    // Tier entry rewards do not lift anyone into the next tier.
    if (entry.kind === "earn" && entry.orderId !== null) {
      return [{ at: entry.occurredAt, points: entry.points, spendMinor: Number(entry.eligibleMinor ?? 0n) }];
    }
    if (entry.kind === "clawback") return [{ at: entry.occurredAt, points: entry.points, spendMinor: -Number(entry.eligibleMinor ?? 0n) }];
    return [];
  });
}

export type SettleOptions = LedgerOptions;

/** Re-evaluates the member's tier from their entries; returns the tier id now held. */
export async function settleTier(
  tx: Tx,
  program: ActiveProgram,
  member: MemberRow,
  entries: readonly StoredEntry[],
  now: Date,
  options: SettleOptions,
): Promise<string | null> {
  const rules = tierRules(program.settings);
  if (rules.tiers.length === 0) return member.tierId;
  const tier = evaluateTier(rules, member.tierId, qualifyingValue(rules, qualifyingEvents(entries), now));
  const tierId = tier?.id ?? null;
  if (tierId === member.tierId) return tierId;
  const entered = tiersEntered(rules, member.tierId, tierId);
  await tx.loyaltyMember.update({ where: { id: member.id }, data: { tierId, tierSince: now } });
  const rewards = entered.filter((reached) => reached.entryRewardPoints > 0);
  if (rewards.length > 0) {
    // Once per tier and member, however often they fall out and come back.
    const { written } = await appendEntries(
      tx,
      member,
      rewards.map((reached) => ({
        kind: "earn" as const,
        points: reached.entryRewardPoints,
        occurredAt: now,
        sourceKey: `tier-entry:${member.id}:${reached.id}`,
        ruleVersion: program.version,
        reason: `tier:${reached.id}`,
        ...lotExpiry(program, now),
      })),
      now,
      options,
    );
    for (const entry of written) await recordPointsEarned(tx, member, entry, { reason: "tier_entry", order: null }, now);
  }
  await recordMemberTimeline(tx, member, {
    kind: "loyalty.tier_changed",
    occurredAt: now,
    source: `${member.id}:tier:${tierId ?? "none"}:${now.toISOString()}`,
    data: { from: member.tierId, to: tierId },
  });
  await recordTierChanged(tx, member, member.tierId, tierId, now);
  await enqueueCustomerSync(tx, member.id, now);
  member.tierId = tierId;
  return tierId;
}

/** When a lot made now becomes available and expires, under the program's settings. */
export function lotExpiry(program: ActiveProgram, availableAt: Date): { availableAt: Date; expiresAt: Date | null } {
  const { expiry } = program.settings;
  return {
    availableAt,
    expiresAt: expiry.kind === "lot_age" ? new Date(availableAt.getTime() + expiry.days * 86_400_000) : null,
  };
}

/** How the ledger keeps the member's clock under the program: inactivity expiry, expiry notices, birthdays. */
export function ledgerOptions(program: ActiveProgram | null): LedgerOptions {
  return program
    ? {
        inactivityDays: inactivityDays(program),
        inactivitySince: program.expirySince,
        notices: program.settings.expiryNotices,
        birthdays: { since: program.startedAt, paying: program.settings.actions.birthday > 0 },
      }
    : { inactivityDays: null };
}

export function inactivityDays(program: ActiveProgram): number | null {
  return program.settings.expiry.kind === "inactivity" ? program.settings.expiry.days : null;
}
