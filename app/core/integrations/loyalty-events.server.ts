import { summarize } from "~/core/loyalty/ledger";
import { memberEntries, type LedgerOptions, type MemberRow } from "~/core/loyalty/ledger.server";
import { expiringBy, inactivityDeadline, noticesDue } from "~/core/loyalty/expiry-notices";
import type { Tx } from "~/db/prisma.server";
import { recordOutboundEvent } from "./outbound-events.server";
import { balanceFigures, customerRef } from "./payloads";

// The loyalty program's outbound events, recorded where its changes are written (in their
// transactions): points earned, a reward redeemed, a tier changed, points about to expire.

async function customerOf(tx: Tx, customerId: string) {
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { platformId: true } });
  return customerRef(customerId, customer.platformId);
}

/** An order's earn entry was written. */
export async function recordPointsEarned(tx: Tx, member: MemberRow, entry: { id: string; points: number }, order: { id: string; platformId: string } | null, at: Date) {
  await recordOutboundEvent(
    tx,
    member.shopId,
    "loyalty.points_earned",
    `entry:${entry.id}`,
    async () => ({ customer: await customerOf(tx, member.customerId), points: entry.points, order, entryId: entry.id, ...balanceFigures(member) }),
    at,
  );
}

/** A reward's code was issued: its points are spent. */
export async function recordPointsRedeemed(
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
}

/**
 * The program's clock visited the member: each lot inside a notice window gets that notice (once
 * per lot, level and expiry time, by the event key). The ledger brings the member due at each
 * notice time.
 */
export async function recordExpiryNotices(tx: Tx, member: MemberRow, options: LedgerOptions, now: Date) {
  if (!options.notices) return;
  const summary = expiringBy(summarize(await memberEntries(tx, member.id), now), inactivityDeadline(member.lastActivityAt, options.inactivityDays));
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
  }
}
