import type { Db } from "~/db/prisma.server";
import { givenBirthday } from "./birthday";
import { activeProgram } from "./program.server";

// A member's loyalty as the merchant sees it on the customer's page: balances, tier, the latest
// ledger entries (with the reason of an adjustment and the order an entry came from) and rewards.

const ENTRIES_SHOWN = 15;
const REWARDS_SHOWN = 10;

export interface MemberProfile {
  balance: number;
  available: number;
  pending: number;
  tier: { id: string; name: { de: string; en: string } } | null;
  /** The birthday the customer gave at the storefront, and when. */
  birthday: { month: number; day: number; setAt: string } | null;
  entries: Array<{ id: string; kind: string; points: number; occurredAt: string; reason: string | null; orderId: string | null; orderName: string | null }>;
  rewards: Array<{ id: string; title: { de: string; en: string } | null; code: string; status: string; points: number; expiresAt: string | null; createdAt: string }>;
}

/** The shop's tiers (to name them) and the member, null when the customer has no points yet. */
export async function memberProfile(
  db: Db,
  shopId: string,
  customerId: string,
): Promise<{
  programActive: boolean;
  tiers: Array<{ id: string; name: { de: string; en: string } }>;
  /** The active rewards with a fixed price, which the merchant can redeem for the member. */
  rewards: Array<{ id: string; title: { de: string; en: string }; points: number }>;
  member: MemberProfile | null;
}> {
  const program = await activeProgram(db, shopId);
  const member = await db.loyaltyMember.findFirst({
    where: { shopId, customerId },
    include: {
      entries: { orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: ENTRIES_SHOWN },
      rewards: { orderBy: { createdAt: "desc" }, take: REWARDS_SHOWN },
    },
  });
  const tiers = program?.settings.tiers.levels.map((level) => ({ id: level.id, name: level.name })) ?? [];
  const rewards = (program?.settings.rewards ?? []).flatMap((reward) =>
    reward.active && reward.kind !== "variable_amount" ? [{ id: reward.id, title: reward.title, points: reward.pointsCost }] : [],
  );
  if (!member) return { programActive: program !== null, tiers, rewards, member: null };
  const orderIds = [...new Set(member.entries.flatMap((entry) => (entry.orderId ? [entry.orderId] : [])))];
  const orders = orderIds.length ? await db.order.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true } }) : [];
  const orderNames = new Map(orders.map((order) => [order.id, order.name]));
  const tier = program?.settings.tiers.levels.find((level) => level.id === member.tierId);
  const birthday = givenBirthday(member);
  const rewardTitles = new Map(program?.settings.rewards.map((reward) => [reward.id, reward.title]) ?? []);
  return {
    programActive: program !== null,
    tiers,
    rewards,
    member: {
      balance: member.balance,
      available: member.available,
      pending: member.pending,
      tier: tier ? { id: tier.id, name: tier.name } : null,
      birthday: birthday && { month: birthday.month, day: birthday.day, setAt: birthday.setAt.toISOString() },
      entries: member.entries.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        points: entry.points,
        occurredAt: entry.occurredAt.toISOString(),
        reason: entry.reason,
        orderId: entry.orderId,
        orderName: entry.orderId ? (orderNames.get(entry.orderId) ?? null) : null,
      })),
      rewards: member.rewards.map((reward) => ({
        id: reward.id,
        title: rewardTitles.get(reward.rewardId) ?? null,
        code: reward.code,
        status: reward.status,
        points: reward.points,
        expiresAt: reward.expiresAt?.toISOString() ?? null,
        createdAt: reward.createdAt.toISOString(),
      })),
    },
  };
}
