// The points ledger of one member: append-only entries, read back into lots and balances.
//
// - A positive entry (earned, imported, adjusted up, a reward's points returned) is a lot: it may
//   be pending until `availableAt` (the return window) and expires at `expiresAt`.
// - A negative entry takes points from lots. One that names a lot (an expiry; a clawback of the
//   order that earned it) takes from that lot first; what it cannot take there, and every other
//   negative entry, takes from the available lots oldest first (FIFO, by when they became
//   available, then by when they expire). What no lot covers is a deficit (a negative balance),
//   which the next lots pay off before they count.
// - Entries are replayed in the order they happened; a pending lot joins the available ones at its
//   `availableAt`. The balance is the sum of the entries; `available` leaves out what is pending.
//
// Everything here is pure: the services store entries and call these to decide what to write.

// "referral": an advocate's reward for a friend's first order (~/core/referrals/settle.job.server.ts).
export type EntryKind = "earn" | "redeem" | "expire" | "clawback" | "adjust" | "import" | "reward_refund" | "referral";

export interface LedgerEntry {
  id: string;
  kind: EntryKind;
  /** Signed whole points. */
  points: number;
  occurredAt: Date;
  /** Lots only: pending until then (null: available at once). */
  availableAt: Date | null;
  /** Lots only: the remainder expires then (null: never). */
  expiresAt: Date | null;
  /** Negative entries only: the lot they take from first. */
  lotId: string | null;
}

export interface Lot {
  id: string;
  kind: EntryKind;
  points: number;
  remaining: number;
  availableAt: Date;
  expiresAt: Date | null;
  pending: boolean;
}

export interface LedgerSummary {
  /** Sum of all entries. */
  balance: number;
  /** What the member can spend now: the available lots' remainders, less any deficit. */
  available: number;
  /** Points in lots still in their return window. */
  pending: number;
  lots: Lot[];
}

const time = (date: Date) => date.getTime();

/** Replay order: when it happened, then its id (entries written together keep their order). */
export function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  return time(a.occurredAt) - time(b.occurredAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function compareLots(a: Lot, b: Lot): number {
  return (
    time(a.availableAt) - time(b.availableAt) ||
    (a.expiresAt ? time(a.expiresAt) : Infinity) - (b.expiresAt ? time(b.expiresAt) : Infinity) ||
    (a.id < b.id ? -1 : 1)
  );
}

/** Lots and balances as of `now`, from the entries that happened up to then. */
export function summarize(entries: readonly LedgerEntry[], now: Date): LedgerSummary {
  const lots = new Map<string, Lot>();
  let deficit = 0;
  let balance = 0;
  const available = (at: Date) =>
    [...lots.values()].filter((lot) => lot.remaining > 0 && time(lot.availableAt) <= time(at)).sort(compareLots);
  const payDeficit = (lot: Lot) => {
    const paid = Math.min(deficit, lot.remaining);
    lot.remaining -= paid;
    deficit -= paid;
  };
  // Lots becoming available pay the deficit off in the order they become available.
  const pendingLots: Lot[] = [];
  const release = (until: Date) => {
    pendingLots.sort(compareLots);
    while (pendingLots.length > 0 && time(pendingLots[0]!.availableAt) <= time(until)) payDeficit(pendingLots.shift()!);
  };

  for (const entry of [...entries].sort(compareEntries)) {
    if (time(entry.occurredAt) > time(now)) break;
    release(entry.occurredAt);
    balance += entry.points;
    if (entry.points > 0) {
      const lot: Lot = {
        id: entry.id,
        kind: entry.kind,
        points: entry.points,
        remaining: entry.points,
        availableAt: entry.availableAt && time(entry.availableAt) > time(entry.occurredAt) ? entry.availableAt : entry.occurredAt,
        expiresAt: entry.expiresAt,
        pending: false,
      };
      lots.set(lot.id, lot);
      if (time(lot.availableAt) <= time(entry.occurredAt)) payDeficit(lot);
      else pendingLots.push(lot);
      continue;
    }
    let owed = -entry.points;
    const named = entry.lotId ? lots.get(entry.lotId) : undefined;
    if (named) {
      const taken = Math.min(owed, named.remaining);
      named.remaining -= taken;
      owed -= taken;
    }
    // An expiry takes only from its own lot.
    if (entry.kind !== "expire") {
      for (const lot of available(entry.occurredAt)) {
        if (owed === 0) break;
        const taken = Math.min(owed, lot.remaining);
        lot.remaining -= taken;
        owed -= taken;
      }
    }
    deficit += owed;
  }
  release(now);

  let availablePoints = -deficit;
  let pendingPoints = 0;
  const result = [...lots.values()].sort(compareLots).map((lot) => {
    const pending = time(lot.availableAt) > time(now);
    if (pending) pendingPoints += lot.remaining;
    else availablePoints += lot.remaining;
    return { ...lot, pending };
  });
  return { balance, available: availablePoints, pending: pendingPoints, lots: result };
}

/** The lots whose remainder has expired by `now` and is not yet written off: one expiry entry each. */
export function dueExpiries(summary: LedgerSummary, now: Date): Array<{ lotId: string; points: number; expiresAt: Date }> {
  return summary.lots
    .filter((lot) => lot.remaining > 0 && lot.expiresAt !== null && time(lot.expiresAt) <= time(now))
    .map((lot) => ({ lotId: lot.id, points: lot.remaining, expiresAt: lot.expiresAt! }));
}

/** Available points that expire within `days` after `now` (for the warning and last-chance notices). */
export function expiringWithin(summary: LedgerSummary, now: Date, days: number): { points: number; firstAt: Date | null } {
  const until = time(now) + days * 86_400_000;
  const lots = summary.lots.filter(
    (lot) => !lot.pending && lot.remaining > 0 && lot.expiresAt !== null && time(lot.expiresAt) > time(now) && time(lot.expiresAt) <= until,
  );
  return {
    points: lots.reduce((sum, lot) => sum + lot.remaining, 0),
    firstAt: lots.reduce<Date | null>((first, lot) => (first === null || time(lot.expiresAt!) < time(first) ? lot.expiresAt : first), null),
  };
}
