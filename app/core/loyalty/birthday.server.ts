import type { Db, Tx } from "~/db/prisma.server";
import type { Locale } from "~/i18n/translate";
import {
  birthdayChange,
  birthdayDue,
  birthdaySourceKey,
  celebration,
  earnsInYear,
  firstEarningBirthday,
  givenBirthday,
  nextBirthdayAt,
  paidBirthdayYears,
  type Birthday,
  type GivenBirthday,
} from "./birthday";
import { earnForAction } from "./earn-action.server";
import { appendEntries, lockMember, type MemberRow, type StoredEntry } from "./ledger.server";
import { ledgerOptions } from "./member-tier.server";
import { activeProgram, type ActiveProgram } from "./program.server";
import { birthdayView, type StorefrontBirthday } from "./storefront-view";

// The birthday in the store: the shopper sets it (under the member's lock, by the rules in
// ./birthday.ts), and the program's clock pays it (loyalty.due, which the ledger brings due on
// the day).

export type SetBirthdayResult =
  | { ok: true; birthday: Birthday; changed: boolean; pointsOn: Date; skipsThisYear: boolean }
  | { ok: false; reason: "no_birthday_points" }
  | { ok: false; reason: "locked"; until: Date };

/** The customer gives or changes their birthday; the member row is made if missing. */
export async function setBirthday(db: Db, input: { shopId: string; customerId: string; birthday: Birthday }, now: Date): Promise<SetBirthdayResult> {
  return db.$transaction(async (tx) => {
    const program = await activeProgram(tx, input.shopId);
    if (!program || program.settings.actions.birthday <= 0) return { ok: false, reason: "no_birthday_points" };
    const member = await lockMember(tx, input.shopId, input.customerId);
    const verdict = birthdayChange(givenBirthday(member), input.birthday, now);
    if (!verdict.allowed) return { ok: false, reason: verdict.reason, until: verdict.until };
    if (verdict.changed) await recordBirthday(tx, program, member, input.birthday, now, now);
    const given = givenBirthday(member)!;
    const first = firstEarningBirthday(given, now);
    // A year already paid (before a change of date) is skipped too.
    const pointsOn = (await nextPointsAt(tx, program, member.id, given, now)) ?? first.at;
    return { ok: true, birthday: input.birthday, changed: verdict.changed, pointsOn, skipsThisYear: first.skipsThisYear };
  });
}

/** Stores the member's birthday as set at `setAt` and brings their next due time in step with it. */
export async function recordBirthday(tx: Tx, program: ActiveProgram, member: MemberRow, birthday: Birthday, setAt: Date, now: Date): Promise<void> {
  const data = { birthMonth: birthday.month, birthDay: birthday.day, birthdaySetAt: setAt };
  await tx.loyaltyMember.update({ where: { id: member.id }, data });
  Object.assign(member, data);
  // Writes no entry: only the member's next due time moves.
  await appendEntries(tx, member, [], now, ledgerOptions(program));
}

/** When the clock will next pay the member's birthday (a past time: it is due now); null for none ahead. */
async function nextPointsAt(db: Db | Tx, program: ActiveProgram, memberId: string, given: GivenBirthday, now: Date): Promise<Date | null> {
  // The keys of the years the program can have paid, looked up on the shop's source-key index (a
  // prefix search would read every entry of a member with a long ledger).
  const years = Array.from({ length: now.getUTCFullYear() - program.startedAt.getUTCFullYear() + 2 }, (_, n) => program.startedAt.getUTCFullYear() + n);
  const paid = await db.loyaltyEntry.findMany({
    where: { shopId: program.shopId, sourceKey: { in: years.map((year) => birthdaySourceKey(memberId, year)) } },
    select: { sourceKey: true },
  });
  return nextBirthdayAt(given, { since: program.startedAt, paying: true }, paidBirthdayYears(memberId, paid.map((entry) => entry.sourceKey)), now);
}

/**
 * Pays the member's birthday of `year` if it earns (set in time, not before the program, begun,
 * not paid yet): an earn entry available at once, with its event, mail and timeline entry like
 * any action. The clock pays the one due (payBirthdayDue); the demo its history's.
 */
export async function payBirthday(tx: Tx, program: ActiveProgram, member: MemberRow, year: number, now: Date): Promise<StoredEntry | null> {
  const birthday = givenBirthday(member);
  const points = program.settings.actions.birthday;
  if (!birthday || points <= 0 || !earnsInYear(birthday, year)) return null;
  const at = celebration(birthday, year);
  if (at.getTime() < program.startedAt.getTime() || at.getTime() > now.getTime()) return null;
  return earnForAction(
    tx,
    program,
    member,
    { points, occurredAt: at, sourceKey: birthdaySourceKey(member.id, year), reason: "birthday", event: { reason: "birthday" }, timeline: { action: "birthday" } },
    now,
  );
}

/** The clock's visit: the birthday due now, if any, is paid. `entries`: the member's ledger as it stands. */
export async function payBirthdayDue(tx: Tx, program: ActiveProgram, member: MemberRow, entries: readonly StoredEntry[], now: Date): Promise<void> {
  const paid = paidBirthdayYears(member.id, entries.map((entry) => entry.sourceKey));
  const due = birthdayDue(givenBirthday(member), { since: program.startedAt, paying: program.settings.actions.birthday > 0 }, paid, now);
  if (due) await payBirthday(tx, program, member, due.year, now);
}

/** The member's birthday for the storefront panel; null when the program gives no birthday points. */
export async function storefrontBirthday(
  db: Db,
  program: ActiveProgram,
  member: { id: string; birthMonth: number | null; birthDay: number | null; birthdaySetAt: Date | null } | null,
  locale: Locale,
  now: Date,
): Promise<StorefrontBirthday | null> {
  const points = program.settings.actions.birthday;
  if (points <= 0) return null;
  const given = member ? givenBirthday(member) : null;
  if (!member || !given) return birthdayView(points, null, null, locale, now);
  return birthdayView(points, given, await nextPointsAt(db, program, member.id, given, now), locale, now);
}
