import { hashString } from "./random";

// Which demo members gave their birthday, and which day: every fourth (by a hash of the
// platform's id, so a later start picks the same ones), each on the day they joined. Anchored to
// the day the program settles: one celebrates today (their points arrive at once) and one in
// three days (the clock's next birthday); the others' birthdays fall in the past year, so their
// points are in the history.

const DAY_MS = 86_400_000;
const EVERY = 4;
/** The two with a birthday today and soon joined long enough ago for it to earn (30 days' notice). */
const JOINED_BEFORE_DAYS = 60;
const SOON_DAYS = 3;

export interface DemoMember {
  platformId: string;
  joinedAt: Date;
}

export interface DemoBirthday {
  platformId: string;
  month: number;
  day: number;
  setAt: Date;
}

export function demoBirthdays(members: readonly DemoMember[], now: Date): DemoBirthday[] {
  const chosen = members.filter((member) => hashString(`birthday:${member.platformId}`) % EVERY === 0).sort((a, b) => (a.platformId < b.platformId ? -1 : 1));
  const settled = chosen.filter((member) => member.joinedAt.getTime() <= now.getTime() - JOINED_BEFORE_DAYS * DAY_MS);
  const offsets = new Map([
    [settled[0]?.platformId, 0],
    [settled[1]?.platformId, SOON_DAYS],
  ]);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return chosen.map((member) => {
    const offset = offsets.get(member.platformId) ?? -(1 + (hashString(`birthday-day:${member.platformId}`) % 364));
    const date = new Date(today + offset * DAY_MS);
    return { platformId: member.platformId, month: date.getUTCMonth() + 1, day: date.getUTCDate(), setAt: member.joinedAt };
  });
}
