import { recordExpiryNotices } from "~/core/integrations/loyalty-events.server";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { payBirthdayDue } from "./birthday.server";
import { inactivityDeadline } from "./expiry-notices";
import { dueExpiries, type LedgerSummary } from "./ledger";
import { appendEntries, type MemberRow, type NewEntry } from "./ledger.server";
import { ledgerOptions, settleTier } from "./member-tier.server";
import { activeProgram, type ActiveProgram } from "./program.server";

// The program's clock: pending points become available when their return window ends, lots
// expire, whole balances expire after inactivity, rolling tier windows move on, and birthdays
// earn their points. Each member
// says when it is next due (LoyaltyMember.nextDueAt); this job takes the due ones a slice at a
// time, every few minutes.

export const LOYALTY_DUE_JOB = "loyalty.due";

const MEMBERS_PER_RUN = 200;
const INTERVAL_MS = 10 * 60_000;

/** Queues a run at `runAt`; a repeat for the same minute adds nothing. */
export async function scheduleLoyaltyDue(db: Db | Tx, runAt: Date): Promise<boolean> {
  return enqueueJob(db, { kind: LOYALTY_DUE_JOB, payload: {}, uniqueKey: `loyalty-due:${runAt.toISOString().slice(0, 16)}`, runAt });
}

/** The expiries due for a member now: its expired lots, or everything once `inactiveAt` has passed. */
export function expiriesDue(summary: LedgerSummary, now: Date, inactiveAt: Date | null): NewEntry[] {
  if (inactiveAt !== null && inactiveAt.getTime() <= now.getTime() && summary.balance > 0) {
    const at = inactiveAt;
    return summary.lots
      .filter((lot) => lot.remaining > 0 && !lot.pending)
      .map((lot) => ({ kind: "expire", points: -lot.remaining, occurredAt: at, lotId: lot.id, sourceKey: `expire:${lot.id}:inactive:${at.toISOString()}` }));
  }
  return dueExpiries(summary, now).map((expiry) => ({
    kind: "expire",
    points: -expiry.points,
    occurredAt: expiry.expiresAt,
    lotId: expiry.lotId,
    sourceKey: `expire:${expiry.lotId}`,
  }));
}

async function settleMember(tx: Tx, program: ActiveProgram | null, member: MemberRow, now: Date) {
  const options = ledgerOptions(program);
  // Balances move with the clock first (matured lots), then the expiries are written off.
  const { summary } = await appendEntries(tx, member, [], now, options);
  // A program switched off expires nothing; switched on again, the member's next entry sets the clock.
  if (!program) {
    await tx.loyaltyMember.update({ where: { id: member.id }, data: { nextDueAt: null } });
    return;
  }
  const inactiveAt = inactivityDeadline(member.lastActivityAt, { days: options.inactivityDays, since: options.inactivitySince });
  const expiries = expiriesDue(summary, now, inactiveAt);
  const { entries } = await appendEntries(tx, member, expiries, now, options);
  await settleTier(tx, program, member, entries, now, options);
  await recordExpiryNotices(tx, member, options, now);
  await payBirthdayDue(tx, program, member, entries, now);
}

export function createLoyaltyDueJobs(now: () => Date = () => new Date()): Record<string, JobHandler> {
  return {
    [LOYALTY_DUE_JOB]: {
      async run(_payload, tx) {
        const at = now();
        const members = await tx.$queryRaw<MemberRow[]>`
          SELECT id::text, "shopId"::text, "customerId"::text, balance, available, pending, "tierId", "lastActivityAt",
            "birthMonth", "birthDay", "birthdaySetAt"
          FROM "LoyaltyMember" WHERE "nextDueAt" <= ${at}
          ORDER BY "nextDueAt" LIMIT ${MEMBERS_PER_RUN} FOR UPDATE SKIP LOCKED`;
        const programs = new Map<string, ActiveProgram | null>();
        for (const member of members) {
          if (!programs.has(member.shopId)) programs.set(member.shopId, await activeProgram(tx, member.shopId));
          await settleMember(tx, programs.get(member.shopId)!, member, at);
        }
        await scheduleLoyaltyDue(tx, members.length === MEMBERS_PER_RUN ? at : new Date(at.getTime() + INTERVAL_MS));
      },
    },
  };
}
