import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceFloor, clawbackDue, clawbackWithinPolicy, type SpentPointsPolicy } from "~/core/loyalty/clawback";
import { dueExpiries, expiringWithin, summarize, type EntryKind, type LedgerEntry } from "~/core/loyalty/ledger";

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY);

let sequence = 0;
function entry(kind: EntryKind, points: number, day: number, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  sequence += 1;
  return { id: `e${String(sequence).padStart(6, "0")}`, kind, points, occurredAt: at(day), availableAt: null, expiresAt: null, lotId: null, ...extra };
}

describe("ledger", () => {
  it("spends the oldest lots first and keeps pending points apart", () => {
    const a = entry("earn", 100, 0, { expiresAt: at(365) });
    const b = entry("earn", 50, 1, { expiresAt: at(366) });
    const c = entry("earn", 70, 2, { availableAt: at(16) });
    const summary = summarize([a, b, c, entry("redeem", -120, 3)], at(4));
    expect(summary).toMatchObject({ balance: 100, available: 30, pending: 70 });
    expect(summary.lots.map((lot) => [lot.id, lot.remaining])).toEqual([
      [a.id, 0],
      [b.id, 30],
      [c.id, 70],
    ]);
    expect(summarize([a, b, c, entry("redeem", -120, 3)], at(16))).toMatchObject({ available: 100, pending: 0 });
  });

  it("a clawback takes from the order's own lot first, then from the oldest, then goes negative", () => {
    const old = entry("earn", 40, 0);
    const order = entry("earn", 60, 5, { availableAt: at(19) });
    const redeem = entry("redeem", -40, 6);
    const claw = entry("clawback", -80, 7, { lotId: order.id });
    const summary = summarize([old, order, redeem, claw], at(8));
    expect(summary).toMatchObject({ balance: -20, available: -20, pending: 0 });
  });

  it("a deficit is paid off by the next lots before they count", () => {
    const summary = summarize([entry("adjust", -30, 0), entry("earn", 50, 1, { availableAt: at(10) })], at(11));
    expect(summary).toMatchObject({ balance: 20, available: 20 });
    expect(summary.lots[0]?.remaining).toBe(20);
  });

  it("expiry writes off a lot's remainder once, and warns before", () => {
    const lot = entry("earn", 100, 0, { expiresAt: at(30) });
    const spent = entry("redeem", -30, 1);
    expect(expiringWithin(summarize([lot, spent], at(20)), at(20), 14)).toEqual({ points: 70, firstAt: at(30) });
    const due = dueExpiries(summarize([lot, spent], at(31)), at(31));
    expect(due).toEqual([{ lotId: lot.id, points: 70, expiresAt: at(30) }]);
    const expired = entry("expire", -70, 30, { lotId: lot.id });
    expect(dueExpiries(summarize([lot, spent, expired], at(31)), at(31))).toEqual([]);
    expect(summarize([lot, spent, expired], at(31))).toMatchObject({ balance: 0, available: 0 });
  });

  it("entries after `now` do not count yet", () => {
    expect(summarize([entry("earn", 10, 0), entry("earn", 10, 5)], at(2)).balance).toBe(10);
  });
});

describe("clawback", () => {
  it("takes back the refunded share, settled against the running total", () => {
    const order = { earned: 99, eligibleMinor: 10_000n, clawedBack: 0 };
    expect(clawbackDue(order, 3_333n)).toBe(32);
    expect(clawbackDue({ ...order, clawedBack: 32 }, 6_666n)).toBe(33);
    expect(clawbackDue({ ...order, clawedBack: 65 }, 10_000n)).toBe(34);
    expect(clawbackDue({ ...order, clawedBack: 99 }, 10_000n)).toBe(0);
    // A repeated refund fact (same running total) takes nothing more.
    expect(clawbackDue({ ...order, clawedBack: 32 }, 3_333n)).toBe(0);
  });

  it("a capped clawback forgives what the member no longer has", () => {
    const summary = summarize([entry("earn", 50, 0), entry("redeem", -40, 1)], at(2));
    expect(clawbackWithinPolicy(30, summary, { kind: "cap_at_balance" })).toEqual({ take: 10, forgiven: 20 });
    expect(clawbackWithinPolicy(30, summary, { kind: "allow_negative", floor: null })).toEqual({ take: 30, forgiven: 0 });
    expect(clawbackWithinPolicy(30, summary, { kind: "allow_negative", floor: -5 })).toEqual({ take: 15, forgiven: 15 });
  });
});

// Generated histories of orders, refunds, redemptions and expiry runs, driven through the same
// decisions the services make, with the properties the issue names.
type Op =
  | { op: "order"; eligible: number; rate: number; pendingDays: number }
  | { op: "refund"; order: number; share: number }
  | { op: "redeem"; cost: number }
  | { op: "wait"; days: number }
  | { op: "expire" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("order" as const), eligible: fc.integer({ min: 0, max: 50_000 }), rate: fc.integer({ min: 1, max: 3 }), pendingDays: fc.integer({ min: 0, max: 14 }) }),
  fc.record({ op: fc.constant("refund" as const), order: fc.nat(), share: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ op: fc.constant("redeem" as const), cost: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ op: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 200 }) }),
  fc.constant({ op: "expire" as const }),
);
const policyArb: fc.Arbitrary<SpentPointsPolicy> = fc.oneof(
  fc.constant({ kind: "cap_at_balance" as const }),
  fc.record({ kind: fc.constant("allow_negative" as const), floor: fc.option(fc.integer({ min: -1_000, max: 0 }), { nil: null }) }),
);

interface ModelOrder {
  lotId: string;
  earned: number;
  eligibleMinor: bigint;
  refundedMinor: bigint;
  clawedBack: number;
}

function run(ops: Op[], policy: SpentPointsPolicy) {
  const entries: LedgerEntry[] = [];
  const orders: ModelOrder[] = [];
  let day = 0;
  let id = 0;
  const write = (kind: EntryKind, points: number, extra: Partial<LedgerEntry> = {}) => {
    id += 1;
    const written = { id: `x${String(id).padStart(6, "0")}`, kind, points, occurredAt: at(day), availableAt: null, expiresAt: null, lotId: null, ...extra };
    entries.push(written);
    return written;
  };
  const checks: Array<() => void> = [];
  for (const op of ops) {
    const summary = summarize(entries, at(day));
    if (op.op === "order") {
      const points = Math.floor(op.eligible / 100) * op.rate;
      if (points === 0) continue;
      const lot = write("earn", points, { availableAt: at(day + op.pendingDays), expiresAt: at(day + op.pendingDays + 365) });
      orders.push({ lotId: lot.id, earned: points, eligibleMinor: BigInt(op.eligible), refundedMinor: 0n, clawedBack: 0 });
    } else if (op.op === "refund" && orders.length > 0) {
      const order = orders[op.order % orders.length]!;
      const refunded = order.refundedMinor + (order.eligibleMinor * BigInt(op.share)) / 100n;
      order.refundedMinor = refunded > order.eligibleMinor ? order.eligibleMinor : refunded;
      const due = clawbackDue(order, order.refundedMinor);
      const { take, forgiven } = clawbackWithinPolicy(due, summary, policy);
      if (take > 0) write("clawback", -take, { lotId: order.lotId });
      // Forgiven points count as settled: the order never owes them again.
      order.clawedBack += take + forgiven;
      // Replaying the same refund takes nothing more.
      expect(clawbackDue(order, order.refundedMinor)).toBe(0);
    } else if (op.op === "redeem" && summary.available >= op.cost) {
      write("redeem", -op.cost);
    } else if (op.op === "wait") {
      day += op.days;
    } else if (op.op === "expire") {
      for (const expiry of dueExpiries(summary, at(day))) write("expire", -expiry.points, { lotId: expiry.lotId });
    }
    const after = summarize(entries, at(day));
    checks.push(() => expect(after.balance).toBe(after.available + after.pending));
    expect(after.balance).toBeGreaterThanOrEqual(Math.min(0, balanceFloor(policy)));
  }
  for (const check of checks) check();
  return { entries, orders, summary: summarize(entries, at(day)) };
}

describe("ledger properties over generated histories", () => {
  it("the balance never goes below the floor, and balance = available + pending", () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), policyArb, (ops, policy) => void run(ops, policy)), { numRuns: 300 });
  });

  it("no order loses more points than it earned; a full refund nets it to zero", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { entries, orders } = run([...ops, ...ops.flatMap((_, index) => [{ op: "refund" as const, order: index, share: 100 }])], {
          kind: "allow_negative",
          floor: null,
        });
        for (const order of orders) {
          const clawed = -entries.filter((e) => e.kind === "clawback" && e.lotId === order.lotId).reduce((sum, e) => sum + e.points, 0);
          expect(clawed).toBeLessThanOrEqual(order.earned);
          if (order.refundedMinor >= order.eligibleMinor) expect(clawed).toBe(order.earned);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("with only earning and spending, lots are consumed oldest first", () => {
    const earnOrSpend = fc.array(fc.oneof(opArb.filter((op) => op.op === "order" || op.op === "redeem")), { maxLength: 40 });
    fc.assert(
      fc.property(earnOrSpend, (ops) => {
        const { summary } = run(ops.map((op) => (op.op === "order" ? { ...op, pendingDays: 0 } : op)), { kind: "cap_at_balance" });
        // Spent lots, then at most one partly spent, then untouched ones.
        const firstLeft = summary.lots.findIndex((lot) => lot.remaining > 0);
        if (firstLeft === -1) return;
        for (const lot of summary.lots.slice(0, firstLeft)) expect(lot.remaining).toBe(0);
        for (const lot of summary.lots.slice(firstLeft + 1)) expect(lot.remaining).toBe(lot.points);
      }),
      { numRuns: 200 },
    );
  });
});
