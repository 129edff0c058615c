import { summarize } from "~/core/loyalty/ledger";
import { ledgerEntries, memberInactiveAt, type LedgerOptions, type MemberRow } from "~/core/loyalty/ledger.server";
import { expiringBy, noticesDue } from "~/core/loyalty/expiry-notices";
import { recordPointsExpiringMail, recordTierReachedMail } from "~/core/notifications/mail-notices.server";
import type { Db, Tx } from "~/db/prisma.server";
import { endpointsTake, recordOutboundEvent } from "./outbound-events.server";
import { balanceFigures, customerRef, type EventData } from "./payloads";

// The loyalty program's outbound events, recorded where its changes are written (in their
// transactions): points earned, a reward redeemed, a tier changed, points about to expire.

async function customerOf(tx: Tx, customerId: string) {
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { platformId: true } });
  return customerRef(customerId, customer.platformId);
}

/** An earn entry was written: an order's, an action's, or a tier's entry reward. */
export async function recordPointsEarned(
  tx: Tx,
  member: MemberRow,
  entry: { id: string; points: number },
  source: Pick<EventData["loyalty.points_earned"], "reason" | "action" | "order">,
  at: Date,
) {
  await recordOutboundEvent(
    tx,
    member.shopId,
    "loyalty.points_earned",
    `entry:${entry.id}`,
    async () => ({ customer: await customerOf(tx, member.customerId), points: entry.points, ...source, entryId: entry.id, ...balanceFigures(member) }),
    at,
  );
}

/**
 * Marks a redemption issued (the platform made its code) with its points-redeemed event, in one
 * transaction when some endpoint takes the event; alone otherwise, as most shops have none and a
 * transaction costs the embedded database's one connection while it waits.
 */
export async function issueReward(db: Db, shopId: string, rewardRowId: string, issued: { code: string; discountPlatformId: string }, now: Date) {
  const issue = (client: Db | Tx) => client.loyaltyReward.update({ where: { id: rewardRowId }, data: { status: "ISSUED", ...issued } });
  if (!(await endpointsTake(db, shopId, "loyalty.points_redeemed"))) return issue(db);
  // Queued behind other redemptions of the balance like the reservation (see redemption.server.ts).
  return db.$transaction(
    async (tx) => {
      const reward = await issue(tx);
      await recordPointsRedeemed(tx, reward, now);
      return reward;
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

/** A reward's code was issued: its points are spent. */
async function recordPointsRedeemed(
  tx: Tx,
  reward: { id: string; shopId: string; memberId: string; rewardId: string; points: number; code: string; expiresAt: Date | null },
  at: Date,
) {
  await recordOutboundEvent(
    tx,
    reward.shopId,
    "loyalty.points_redeemed",
    `redemption:${reward.id}`,
    async () => {
      const member = await tx.loyaltyMember.findUniqueOrThrow({ where: { id: reward.memberId } });
      return {
        customer: await customerOf(tx, member.customerId),
        points: reward.points,
        redemptionId: reward.id,
        rewardId: reward.rewardId,
        code: reward.code,
        codeExpiresAt: reward.expiresAt?.toISOString() ?? null,
        ...balanceFigures(member),
      };
    },
    at,
  );
}

export async function recordTierChanged(tx: Tx, member: MemberRow, fromTierId: string | null, toTierId: string | null, at: Date) {
  await recordOutboundEvent(
    tx,
    member.shopId,
    "loyalty.tier_changed",
    `tier:${member.id}:${fromTierId ?? "none"}:${toTierId ?? "none"}:${at.toISOString()}`,
    async () => ({ customer: await customerOf(tx, member.customerId), fromTierId, toTierId, ...balanceFigures(member) }),
    at,
  );
  await recordTierReachedMail(tx, member, fromTierId, toTierId, at);
}

/**
 * The program's clock visited the member: each lot inside a notice window gets that notice (once
 * per lot, level and expiry time, by the event key). The ledger brings the member due at each
 * notice time.
 */
export async function recordExpiryNotices(tx: Tx, member: MemberRow, options: LedgerOptions, now: Date) {
  if (!options.notices) return;
  const summary = expiringBy(summarize(await ledgerEntries(tx, member), now), memberInactiveAt(member, options));
  for (const notice of noticesDue(summary, now, options.notices)) {
    await recordOutboundEvent(
      tx,
      member.shopId,
      "loyalty.points_expiring",
      `expiring:${notice.lotId}:${notice.level}:${notice.expiresAt.toISOString()}`,
      async () => ({
        customer: await customerOf(tx, member.customerId),
        notice: notice.level,
        lotId: notice.lotId,
        points: notice.points,
        expiresAt: notice.expiresAt.toISOString(),
        ...balanceFigures(member),
      }),
      now,
    );
    await recordPointsExpiringMail(tx, member, notice);
  }
}
