import { givenBirthday } from "~/core/loyalty/birthday";
import { programInForce } from "~/core/loyalty/program.server";
import type { Tx } from "~/db/prisma.server";

// What the loyalty program keeps about the person of a data request: their membership (balances,
// tier, the birthday they gave, their last activity), every ledger entry, their rewards with the
// codes, and the mails sent to them (with the text they read; the HTML says the same). The store's
// own keys (ids, source keys, request keys, the platform's discount id) say nothing to the person
// and stay out: an entry names its order by the order's number, a reward and a tier by the names
// the shop gave them, which are in the program's settings (the program may be off by now).

/** The loyalty part of a data request's export for the customers `customerIds` of the shop. */
export async function loyaltyExport(tx: Tx, shopId: string, customerIds: readonly string[]) {
  const program = await programInForce(tx, shopId, { evenIfOff: true });
  const members = await tx.loyaltyMember.findMany({
    where: { shopId, customerId: { in: [...customerIds] } },
    include: {
      entries: { orderBy: [{ occurredAt: "asc" }, { id: "asc" }] },
      rewards: { orderBy: { createdAt: "asc" } },
    },
    orderBy: { createdAt: "asc" },
  });
  const orderIds = [...new Set(members.flatMap((member) => member.entries.flatMap((entry) => (entry.orderId ? [entry.orderId] : []))))];
  const orders = orderIds.length > 0 ? await tx.order.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true } }) : [];
  const orderNames = new Map(orders.map((order) => [order.id, order.name]));
  const tierNames = new Map(program?.settings.tiers.levels.map((level) => [level.id, level.name]) ?? []);
  const rewardTitles = new Map(program?.settings.rewards.map((reward) => [reward.id, reward.title]) ?? []);
  const mails = await tx.mailMessage.findMany({
    where: { shopId, customerId: { in: [...customerIds] } },
    select: { kind: true, locale: true, to: true, subject: true, text: true, status: true, createdAt: true, sentAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return {
    members: members.map((member) => {
      const birthday = givenBirthday(member);
      return {
        memberSince: member.createdAt,
        balance: member.balance,
        available: member.available,
        pending: member.pending,
        tier: member.tierId === null ? null : { id: member.tierId, name: tierNames.get(member.tierId) ?? null },
        tierSince: member.tierSince,
        birthday: birthday && { month: birthday.month, day: birthday.day, setAt: birthday.setAt },
        lastActivityAt: member.lastActivityAt,
        entries: member.entries.map((entry) => ({
          kind: entry.kind,
          points: entry.points,
          occurredAt: entry.occurredAt,
          availableAt: entry.availableAt,
          expiresAt: entry.expiresAt,
          reason: entry.reason,
          orderName: entry.orderId ? (orderNames.get(entry.orderId) ?? null) : null,
        })),
        rewards: member.rewards.map((reward) => ({
          reward: { id: reward.rewardId, title: rewardTitles.get(reward.rewardId) ?? null },
          points: reward.points,
          code: reward.code,
          status: reward.status,
          createdAt: reward.createdAt,
          expiresAt: reward.expiresAt,
          usedAt: reward.usedAt,
        })),
      };
    }),
    mails,
  };
}
