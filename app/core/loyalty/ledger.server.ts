import type { LoyaltyEntryKind } from "~/db/generated/enums";
import type { Tx } from "~/db/prisma.server";
import { uuidV7 } from "~/db/uuid-v7";
import { givenBirthday, nextBirthdayAt, paidBirthdayYears, type BirthdayRules } from "./birthday";
import { enqueueCustomerSync } from "./customer-sync.job.server";
import { expiringBy, inactivityDeadline, nextNoticeAt, type NoticeSettings } from "./expiry-notices";
import { summarize, type EntryKind, type LedgerEntry, type LedgerSummary } from "./ledger";

// The ledger in the store: a member's entries are written under a lock on the member's row, so
// two writers (a redemption and a clawback, two redemptions) see each other's entries and the
// kept balances always equal the sum of the entries. Writing is idempotent by `sourceKey`.

export interface MemberRow {
  id: string;
  shopId: string;
  customerId: string;
  balance: number;
  available: number;
  pending: number;
  tierId: string | null;
  lastActivityAt: Date | null;
  /** The birthday the shopper gave (./birthday.ts): the clock wakes the member on it. */
  birthMonth: number | null;
  birthDay: number | null;
  birthdaySetAt: Date | null;
}

export interface NewEntry {
  kind: EntryKind;
  points: number;
  occurredAt: Date;
  availableAt?: Date | null;
  expiresAt?: Date | null;
  lotId?: string | null;
  /** Unique per shop: the fact, refund, request or lot it comes from. */
  sourceKey: string;
  ruleVersion?: number | null;
  orderId?: string | null;
  eligibleMinor?: bigint | null;
  reason?: string | null;
  /** A clawback's points the shop's policy let go (capped at the balance). */
  forgivenPoints?: number;
}

export interface StoredEntry extends LedgerEntry {
  sourceKey: string;
  ruleVersion: number | null;
  orderId: string | null;
  eligibleMinor: bigint | null;
  reason: string | null;
  forgivenPoints: number;
}

const toDbKind = (kind: EntryKind) => kind.toUpperCase() as LoyaltyEntryKind;
const fromDbKind = (kind: LoyaltyEntryKind) => kind.toLowerCase() as EntryKind;

/** The customer's member row, made if missing, locked until the transaction ends. */
export async function lockMember(tx: Tx, shopId: string, customerId: string): Promise<MemberRow> {
  const lock = () => tx.$queryRaw<MemberRow[]>`
    SELECT id::text, "shopId"::text, "customerId"::text, balance, available, pending, "tierId", "lastActivityAt",
      "birthMonth", "birthDay", "birthdaySetAt"
    FROM "LoyaltyMember" WHERE "customerId" = ${customerId}::uuid AND "shopId" = ${shopId}::uuid
    FOR UPDATE`;
  // Most facts concern a member already there: one statement then, the insert only for a newcomer.
  const [existing] = await lock();
  if (existing) return existing;
  await tx.$executeRaw`
    INSERT INTO "LoyaltyMember" (id, "shopId", "customerId", "updatedAt")
    VALUES (${uuidV7()}::uuid, ${shopId}::uuid, ${customerId}::uuid, now())
    ON CONFLICT ("customerId") DO NOTHING`;
  const [member] = await lock();
  if (!member) throw new Error(`Customer ${customerId} is not a customer of shop ${shopId}`);
  return member;
}

export async function memberEntries(tx: Tx, memberId: string): Promise<StoredEntry[]> {
  const rows = await tx.loyaltyEntry.findMany({ where: { memberId }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({
    id: row.id,
    kind: fromDbKind(row.kind),
    points: row.points,
    occurredAt: row.occurredAt,
    availableAt: row.availableAt,
    expiresAt: row.expiresAt,
    lotId: row.lotId,
    sourceKey: row.sourceKey,
    ruleVersion: row.ruleVersion,
    orderId: row.orderId,
    eligibleMinor: row.eligibleMinor,
    reason: row.reason,
    forgivenPoints: row.forgivenPoints,
  }));
}

// A locked member's entries, read once per transaction: every write goes through appendEntries
// under the member's lock, which keeps this list in step, so an order's earning (first-order
// check, append, tier) or a clawback reads the ledger once instead of once per step.
const lockedLedgers = new WeakMap<MemberRow, StoredEntry[]>();

/** The entries of a member locked in this transaction (by lockMember or the caller's FOR UPDATE). */
export async function ledgerEntries(tx: Tx, member: MemberRow): Promise<readonly StoredEntry[]> {
  const known = lockedLedgers.get(member);
  if (known) return known;
  const entries = await memberEntries(tx, member.id);
  lockedLedgers.set(member, entries);
  return entries;
}

export interface LedgerOptions {
  inactivityDays: number | null;
  /** Since when the inactivity rule is in force (it counts from then at the earliest). */
  inactivitySince?: Date | null;
  /** The program's expiry notices: the member comes due for each, as for a maturity or an expiry. */
  notices?: NoticeSettings | null;
  /** The program's birthday points: the member comes due on their birthday. */
  birthdays?: BirthdayRules | null;
}

export interface AppendResult {
  /** The entries written now (a source seen before writes nothing). */
  written: StoredEntry[];
  entries: StoredEntry[];
  summary: LedgerSummary;
}

/**
 * Appends entries to a locked member's ledger and keeps the member's balances, activity and next
 * due time in step. `inactivityDays`: the program expires whole balances after that long without
 * activity (its due time counts from the last earning or spending).
 */
export async function appendEntries(
  tx: Tx,
  member: MemberRow,
  entries: readonly NewEntry[],
  now: Date,
  options: LedgerOptions,
): Promise<AppendResult> {
  const candidates = entries.map((entry) => ({ ...entry, id: uuidV7(entry.occurredAt.getTime()) }));
  const existing = await ledgerEntries(tx, member);
  const known = new Set(existing.map((entry) => entry.sourceKey));
  const fresh = candidates.filter((entry) => !known.has(entry.sourceKey));
  let written: StoredEntry[] = [];
  if (fresh.length > 0) {
    const inserted = await tx.loyaltyEntry.createManyAndReturn({
      data: fresh.map((entry) => ({
        id: entry.id,
        shopId: member.shopId,
        memberId: member.id,
        kind: toDbKind(entry.kind),
        points: entry.points,
        occurredAt: entry.occurredAt,
        availableAt: entry.availableAt ?? null,
        expiresAt: entry.expiresAt ?? null,
        lotId: entry.lotId ?? null,
        sourceKey: entry.sourceKey,
        ruleVersion: entry.ruleVersion ?? null,
        orderId: entry.orderId ?? null,
        eligibleMinor: entry.eligibleMinor ?? null,
        reason: entry.reason ?? null,
        forgivenPoints: entry.forgivenPoints ?? 0,
      })),
      // Another shop-wide writer of the same source (a replay racing this one) wins; this writes nothing.
      skipDuplicates: true,
      select: { id: true },
    });
    const insertedIds = new Set(inserted.map((row) => row.id));
    written = fresh
      .filter((entry) => insertedIds.has(entry.id))
      .map((entry) => ({
        ...entry,
        availableAt: entry.availableAt ?? null,
        expiresAt: entry.expiresAt ?? null,
        lotId: entry.lotId ?? null,
        ruleVersion: entry.ruleVersion ?? null,
        orderId: entry.orderId ?? null,
        eligibleMinor: entry.eligibleMinor ?? null,
        reason: entry.reason ?? null,
        forgivenPoints: entry.forgivenPoints ?? 0,
      }));
  }
  const all = [...existing, ...written];
  lockedLedgers.set(member, all);
  const summary = summarize(all, now);
  // Earning (by an order or by referring a friend) and spending are activity; an imported balance
  // starts the inactivity clock as if the member had just been active.
  const active = written.some((entry) => entry.kind === "earn" || entry.kind === "referral" || entry.kind === "redeem" || entry.kind === "import");
  const lastActivityAt = active ? now : member.lastActivityAt;
  await tx.loyaltyMember.update({
    where: { id: member.id },
    data: {
      balance: summary.balance,
      available: summary.available,
      pending: summary.pending,
      lastActivityAt,
      nextDueAt: memberNextDueAt({ ...member, lastActivityAt }, summary, all, now, options),
    },
  });
  if (summary.balance !== member.balance || summary.available !== member.available) await enqueueCustomerSync(tx, member.id, now);
  Object.assign(member, { balance: summary.balance, available: summary.available, pending: summary.pending, lastActivityAt });
  return { written, entries: all, summary };
}

/** When the member's balance expires for inactivity under the program's rule (null: no such rule). */
export function memberInactiveAt(member: Pick<MemberRow, "lastActivityAt">, options: LedgerOptions): Date | null {
  return inactivityDeadline(member.lastActivityAt, { days: options.inactivityDays, since: options.inactivitySince });
}

/** When the member next needs the scheduled job, from their ledger (its summary and its entries' sources) and the program's clock. */
export function memberNextDueAt(
  member: Pick<MemberRow, "id" | "lastActivityAt" | "birthMonth" | "birthDay" | "birthdaySetAt">,
  summary: LedgerSummary,
  entries: ReadonlyArray<{ sourceKey: string }>,
  now: Date,
  options: LedgerOptions,
): Date | null {
  const birthdayAt = options.birthdays
    ? nextBirthdayAt(givenBirthday(member), options.birthdays, paidBirthdayYears(member.id, entries.map((entry) => entry.sourceKey)), now)
    : null;
  return nextDueAt(summary, now, memberInactiveAt(member, options), options.notices ?? null, birthdayAt);
}

/** When the member next needs the scheduled job: a pending lot matures, a lot or the balance expires, a birthday earns. */
export function nextDueAt(
  summary: LedgerSummary,
  now: Date,
  inactiveAt: Date | null,
  notices: NoticeSettings | null = null,
  birthdayAt: Date | null = null,
): Date | null {
  const times: number[] = birthdayAt ? [birthdayAt.getTime()] : [];
  for (const lot of summary.lots) {
    if (lot.remaining <= 0) continue;
    if (lot.pending) times.push(lot.availableAt.getTime());
    // One already past is due at once (the job has not written it off yet).
    if (lot.expiresAt) times.push(lot.expiresAt.getTime());
  }
  // An inactivity expiry already past was settled when it came due (what is left is pending).
  if (inactiveAt !== null && inactiveAt.getTime() > now.getTime() && summary.balance > 0) times.push(inactiveAt.getTime());
  const notice = notices ? nextNoticeAt(expiringBy(summary, inactiveAt), now, notices) : null;
  if (notice) times.push(notice.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}
