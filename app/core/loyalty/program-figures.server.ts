import { z } from "zod";
import { currencyExponent } from "~/core/money";
import { Prisma } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import { pointsValueMinor, pointValueBasis, type PointValueBasis } from "./points-value";
import { settingsVersion } from "./program.server";

// The program page's read model: the program's switch and its key figures, each a set-based
// aggregate over one shop's rows. Plain JSON: times as ISO strings, money as number minor units.

export interface ProgramState {
  enabled: boolean;
  version: number;
  /** Orders paid from then on earn points. */
  startedAt: string;
}

export interface ProgramFigures {
  program: ProgramState | null;
  currency: string;
  members: number;
  /** Points members hold; a negative balance owes points to the shop and does not offset others. */
  pointsOutstanding: number;
  /** What the outstanding points are worth at the catalog's rate; null when no reward sets one. */
  liability: { valueMinor: number; basis: PointValueBasis } | null;
  /** Spent on rewards less returned for cancelled and failed ones. */
  pointsRedeemed30Days: number;
  pointsRedeemed90Days: number;
  pointsEarned90Days: number;
  /** Redeemed / earned over 90 days; null when nothing was earned. */
  redemptionRate90Days: number | null;
  rewardsIssued: number;
  rewardsUsed: number;
}

const DAY_MS = 86_400_000;
const count = z.union([z.bigint(), z.number()]).transform(Number);
const MEMBER_TOTALS = z.array(z.object({ members: count, outstanding: count })).length(1);
const ENTRY_TOTALS = z.array(z.object({ earned90: count, redeemed90: count, redeemed30: count })).length(1);

async function memberTotals(db: Db, shopId: string) {
  const rows = await db.$queryRaw(Prisma.sql`
    SELECT count(*)::bigint AS members, COALESCE(sum(GREATEST(balance, 0)), 0)::bigint AS outstanding
    FROM "LoyaltyMember" WHERE "shopId" = ${shopId}::uuid`);
  return MEMBER_TOTALS.parse(rows)[0]!;
}

/**
 * Earned and redeemed points of the last 90 and 30 days. LoyaltyEntry has no index on (shopId,
 * occurredAt): the entries are reached member by member through (memberId, occurredAt), each a
 * range scan of that member's last 90 days.
 */
async function entryTotals(db: Db, shopId: string, now: Date) {
  const since90 = new Date(now.getTime() - 90 * DAY_MS);
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  const rows = await db.$queryRaw(Prisma.sql`
    SELECT
      COALESCE(sum(CASE WHEN e.kind = 'EARN' THEN e.points ELSE 0 END), 0)::bigint AS earned90,
      COALESCE(sum(CASE WHEN e.kind IN ('REDEEM', 'REWARD_REFUND') THEN -e.points ELSE 0 END), 0)::bigint AS redeemed90,
      COALESCE(sum(CASE WHEN e.kind IN ('REDEEM', 'REWARD_REFUND') AND e."occurredAt" >= ${since30} THEN -e.points ELSE 0 END), 0)::bigint AS redeemed30
    FROM "LoyaltyMember" m
    JOIN "LoyaltyEntry" e ON e."memberId" = m.id AND e."occurredAt" >= ${since90} AND e."occurredAt" <= ${now}
    WHERE m."shopId" = ${shopId}::uuid AND e."shopId" = ${shopId}::uuid
      AND e.kind IN ('EARN', 'REDEEM', 'REWARD_REFUND')`);
  return ENTRY_TOTALS.parse(rows)[0]!;
}

async function rewardTotals(db: Db, shopId: string) {
  const groups = await db.loyaltyReward.groupBy({
    by: ["status"],
    where: { shopId, status: { in: ["ISSUED", "USED"] } },
    _count: { _all: true },
  });
  const of = (status: "ISSUED" | "USED") => groups.find((group) => group.status === status)?._count._all ?? 0;
  // A used reward was issued first.
  return { issued: of("ISSUED") + of("USED"), used: of("USED") };
}

export async function programFigures(db: Db, shop: { id: string; currency: string }, now: Date): Promise<ProgramFigures> {
  const [program, members, entries, rewards] = await Promise.all([
    db.loyaltyProgram.findUnique({ where: { shopId: shop.id } }),
    memberTotals(db, shop.id),
    entryTotals(db, shop.id, now),
    rewardTotals(db, shop.id),
  ]);
  const settings = program ? await settingsVersion(db, program.id, program.version) : null;
  const basis = settings ? pointValueBasis(settings.rewards, 10 ** currencyExponent(shop.currency)) : null;
  return {
    program: program ? { enabled: program.enabled, version: program.version, startedAt: program.startedAt.toISOString() } : null,
    currency: shop.currency,
    members: members.members,
    pointsOutstanding: members.outstanding,
    liability: basis ? { valueMinor: pointsValueMinor(members.outstanding, basis), basis } : null,
    pointsRedeemed30Days: entries.redeemed30,
    pointsRedeemed90Days: entries.redeemed90,
    pointsEarned90Days: entries.earned90,
    redemptionRate90Days: entries.earned90 > 0 ? entries.redeemed90 / entries.earned90 : null,
    rewardsIssued: rewards.issued,
    rewardsUsed: rewards.used,
  };
}
