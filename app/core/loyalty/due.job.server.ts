import { z } from "zod";
import { recordExpiryNotices } from "~/core/integrations/loyalty-events.server";
import { Prisma } from "~/db/generated/client";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { payBirthdayDue } from "./birthday.server";
import { dueExpiries, summarize, type EntryKind, type LedgerEntry, type LedgerSummary } from "./ledger";
import { appendEntries, memberInactiveAt, memberNextDueAt, type LedgerOptions, type MemberRow, type NewEntry } from "./ledger.server";
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

const MEMBER_COLUMNS = Prisma.sql`id::text, "shopId"::text, "customerId"::text, balance, available, pending, "tierId", "lastActivityAt",
  "birthMonth", "birthDay", "birthdaySetAt"`;

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
  // A program switched off expires nothing; switched on again, the switch brings the member due
  // again (enqueueMembersDueAgain).
  if (!program) {
    await tx.loyaltyMember.update({ where: { id: member.id }, data: { nextDueAt: null } });
    return;
  }
  const inactiveAt = memberInactiveAt(member, options);
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
          SELECT ${MEMBER_COLUMNS} FROM "LoyaltyMember" WHERE "nextDueAt" <= ${at}
          ORDER BY "nextDueAt" LIMIT ${MEMBERS_PER_RUN} FOR UPDATE SKIP LOCKED`;
        const programs = new Map<string, ActiveProgram | null>();
        for (const member of members) {
          if (!programs.has(member.shopId)) programs.set(member.shopId, await activeProgram(tx, member.shopId));
          await settleMember(tx, programs.get(member.shopId)!, member, at);
        }
        await scheduleLoyaltyDue(tx, members.length === MEMBERS_PER_RUN ? at : new Date(at.getTime() + INTERVAL_MS));
      },
    },
    [LOYALTY_DUE_AGAIN_JOB]: {
      run: (payload, tx) => bringMembersDueAgain(tx, payload, now()),
    },
  };
}

// Members due again. While the program is off the clock clears each due member's nextDueAt (there
// is nothing to do), and a member's next due time is worked out under the settings of its last
// entry: so switching the program on, and saving new settings (an expiry rule, notices, birthday
// points), set every member's next due time anew. Rather than making the due job look at members
// without one (it could not tell "nothing ahead" from "missed while off", and would visit every
// member in full), the shop's members are walked once per settings version, a page at a time,
// each page one short job: its members locked, their entries read in one query, their next due
// times written in one statement.

export const LOYALTY_DUE_AGAIN_JOB = "loyalty.due-again";

const MEMBERS_PER_PAGE = 1000;
const NO_MEMBER = "00000000-0000-0000-0000-000000000000";

const dueAgainSchema = z.object({ shopId: z.string().uuid(), version: z.number().int(), after: z.string().uuid().nullable() });

/** Queues the walk over the shop's members (from the one after `after`) for settings version `version`. */
export async function enqueueMembersDueAgain(tx: Tx, shopId: string, version: number, after: string | null = null): Promise<void> {
  // A program without members yet (being set up) has no one to walk.
  if (after === null && !(await tx.loyaltyMember.findFirst({ where: { shopId }, select: { id: true } }))) return;
  await enqueueJob(tx, { kind: LOYALTY_DUE_AGAIN_JOB, payload: { shopId, version, after }, uniqueKey: `loyalty-due-again:${shopId}:${version}:${after ?? "first"}` });
}

/**
 * When the clock must next visit a member under `options`: at once when its kept balances are
 * behind its ledger (lots matured while no one looked) or an expiry is due (the clock writes them),
 * otherwise when the ledger says.
 */
export function memberDueAt(
  member: MemberRow,
  entries: ReadonlyArray<LedgerEntry & { sourceKey: string }>,
  now: Date,
  options: LedgerOptions,
): Date | null {
  const summary = summarize(entries, now);
  if (summary.available !== member.available || summary.pending !== member.pending || expiriesDue(summary, now, memberInactiveAt(member, options)).length > 0) return now;
  return memberNextDueAt(member, summary, entries, now, options);
}

async function bringMembersDueAgain(tx: Tx, payload: unknown, now: Date): Promise<void> {
  const { shopId, version, after } = dueAgainSchema.parse(payload);
  const program = await activeProgram(tx, shopId);
  // Switched off since (nothing is due), or saved again (the new version's walk does it).
  if (!program || program.version !== version) return;
  const members = await tx.$queryRaw<Array<MemberRow & { nextDueAt: Date | null }>>`
    SELECT ${MEMBER_COLUMNS}, "nextDueAt" FROM "LoyaltyMember"
    WHERE "shopId" = ${shopId}::uuid AND id > ${after ?? NO_MEMBER}::uuid
    ORDER BY id LIMIT ${MEMBERS_PER_PAGE} FOR UPDATE`;
  if (members.length === 0) return;
  const rows = await tx.loyaltyEntry.findMany({
    where: { shopId, memberId: { in: members.map((member) => member.id) } },
    select: { id: true, memberId: true, kind: true, points: true, occurredAt: true, availableAt: true, expiresAt: true, lotId: true, sourceKey: true },
  });
  const entries = new Map<string, Array<LedgerEntry & { sourceKey: string }>>();
  for (const row of rows) {
    const entry = { ...row, kind: row.kind.toLowerCase() as EntryKind };
    const known = entries.get(row.memberId);
    if (known) known.push(entry);
    else entries.set(row.memberId, [entry]);
  }
  const options = ledgerOptions(program);
  const changed = members.flatMap((member) => {
    const dueAt = memberDueAt(member, entries.get(member.id) ?? [], now, options);
    return dueAt?.getTime() === member.nextDueAt?.getTime() ? [] : [{ id: member.id, dueAt: dueAt?.toISOString() ?? null }];
  });
  if (changed.length > 0) {
    await tx.$executeRaw`
      UPDATE "LoyaltyMember" AS member SET "nextDueAt" = due.at::timestamptz AT TIME ZONE 'UTC'
      FROM unnest(${changed.map((row) => row.id)}::uuid[], ${changed.map((row) => row.dueAt)}::text[]) AS due(id, at)
      WHERE member.id = due.id`;
  }
  if (members.length === MEMBERS_PER_PAGE) await enqueueMembersDueAgain(tx, shopId, version, members.at(-1)!.id);
}
