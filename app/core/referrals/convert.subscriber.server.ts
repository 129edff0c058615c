import { recordReferralConverted } from "~/core/integrations/referral-events.server";
import { recordTimelineEvents } from "~/core/timeline/timeline.server";
import type { Tx } from "~/db/prisma.server";
import { transactionMemo } from "~/db/transaction-memo";
import { defineSubscriber, type DeliveredFact } from "~/outbox/subscriber";
import { gatherReferralFacts } from "./fraud-facts.server";
import { routeReferral, scoreReferral, type FraudRoute } from "./fraud-score";
import { referralProgram, type ReferralProgramState } from "./program.server";
import { enqueueSettle } from "./settle.job.server";
import { returnWindowMs } from "./return-window";
import { voidReason, type Reduction } from "./void-rules";

// A friend's first order with their code converts the referral (design step 5): the fraud score
// routes it on to the return window (PENDING), to the merchant's review or rejects it; a refund or
// cancellation within the window voids it again.

// A delivery job hands the subscriber many facts of one shop in one transaction.
const programInTransaction = transactionMemo<ReferralProgramState | null>();
const referralProgramOnce = (tx: Tx, shopId: string) => programInTransaction(tx, shopId, () => referralProgram(tx, shopId));

const STATUS_OF: Record<FraudRoute, "PENDING" | "REVIEW" | "REJECTED"> = { approve: "PENDING", review: "REVIEW", reject: "REJECTED" };

export interface ConvertOptions {
  /**
   * The demo shop's return window for orders placed now (its storefront's), shorter than a day so
   * a newcomer sees the reward; its history's orders keep the program's window.
   */
  demoReturnWindowMs?: number;
}


async function convertOnPaidOrder(tx: Tx, fact: DeliveredFact<"order.paid">, options: ConvertOptions) {
  const { data } = fact;
  if (data.test || data.cancelled) return;
  const program = await referralProgramOnce(tx, fact.shopId);
  if (!program?.enabled) return;
  const codes = await tx.orderDiscountCode.findMany({ where: { shopId: fact.shopId, orderId: data.order.id }, select: { code: true } });
  if (codes.length === 0) return;
  // Codes compare as the platform compares them: in any case. A code of a referral converted,
  // voided or expired before converts nothing.
  const referral = await tx.referral.findFirst({
    where: { shopId: fact.shopId, status: "CLAIMED", friendCode: { in: codes.map((row) => row.code), mode: "insensitive" } },
    include: { code: { select: { customerId: true } } },
  });
  if (!referral) return;
  const { settings } = program;
  if (settings.minimumOrderMinor !== null && BigInt(data.amounts.subtotalMinor) < BigInt(settings.minimumOrderMinor)) return;

  const { facts, region } = await gatherReferralFacts(tx, referral, data.order.id, settings.fraud, fact.occurredAt);
  const score = scoreReferral(facts, settings.fraud, region);
  const status = STATUS_OF[routeReferral(score.score, settings.fraud)];
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: fact.shopId }, select: { isDemo: true } });
  const windowMs = returnWindowMs({
    settingsDays: settings.returnWindowDays,
    occurredAt: fact.occurredAt,
    recordedAt: fact.recordedAt,
    isDemoShop: shop.isDemo,
    demoWindowMs: options.demoReturnWindowMs,
  });
  const convertedAt = fact.occurredAt;
  const returnWindowEndsAt = new Date(convertedAt.getTime() + windowMs);
  const friendCustomerId = data.customer?.id ?? referral.friendCustomerId;
  const converted = await tx.referral.updateMany({
    where: { id: referral.id, status: "CLAIMED" },
    data: {
      status,
      closedReason: status === "REJECTED" ? "score" : null,
      orderId: data.order.id,
      orderTotalMinor: BigInt(data.amounts.totalMinor),
      orderCurrency: data.currency,
      convertedAt,
      returnWindowEndsAt,
      friendCustomerId,
      advocateReward: settings.advocateReward,
      fraudScore: score.score,
      fraudReasons: score.reasons,
    },
  });
  if (converted.count === 0) return;

  const advocateCustomerId = referral.code.customerId;
  // The order's name, for the timeline's line ("#1042"), as the order's own entries keep it.
  const ordered = await tx.order.findUnique({ where: { id: data.order.id }, select: { name: true } });
  const name = ordered?.name ?? null;
  await recordTimelineEvents(tx, [
    {
      shopId: fact.shopId,
      customerId: advocateCustomerId,
      kind: "referral.converted",
      occurredAt: convertedAt,
      sourceKey: `referral:${referral.id}:converted:advocate`,
      data: { referralId: referral.id, role: "advocate", status, orderId: data.order.id, name, fraudScore: score.score },
    },
    ...(friendCustomerId
      ? [
          {
            shopId: fact.shopId,
            customerId: friendCustomerId,
            kind: "referral.converted" as const,
            occurredAt: convertedAt,
            sourceKey: `referral:${referral.id}:converted:friend`,
            data: { referralId: referral.id, role: "friend", status, orderId: data.order.id, name },
          },
        ]
      : []),
  ]);
  await recordReferralConverted(
    tx,
    { id: referral.id, shopId: fact.shopId, advocateCustomerId, friendCustomerId, order: data.order },
    {
      status,
      orderTotalMinor: data.amounts.totalMinor,
      currency: data.currency,
      fraudScore: score.score,
      fraudReasons: score.reasons.map((reason) => reason.code),
    },
    convertedAt,
  );
  if (status === "PENDING") await enqueueSettle(tx, referral.id, returnWindowEndsAt);
}

async function voidOnReduction(tx: Tx, fact: DeliveredFact<"refund.applied" | "order.cancelled">, reduction: Reduction) {
  const referrals = await tx.referral.findMany({
    where: { shopId: fact.shopId, orderId: fact.data.order.id, status: { in: ["PENDING", "REVIEW"] } },
    include: { code: { select: { customerId: true } } },
  });
  if (referrals.length === 0) return;
  // A program switched off still voids what its refunds undo: the rewards wait for the window either way.
  const program = await referralProgramOnce(tx, fact.shopId);
  const minimum = program?.settings.minimumOrderMinor ?? null;
  for (const referral of referrals) {
    const reason = voidReason(referral, reduction, minimum);
    if (reason === null) continue;
    const voided = await tx.referral.updateMany({
      where: { id: referral.id, status: { in: ["PENDING", "REVIEW"] } },
      data: { status: "VOIDED", closedReason: reason },
    });
    if (voided.count === 0) continue;
    await recordTimelineEvents(tx, [
      {
        shopId: fact.shopId,
        customerId: referral.code.customerId,
        kind: "referral.voided",
        occurredAt: reduction.occurredAt,
        sourceKey: `referral:${referral.id}:voided`,
        data: { referralId: referral.id, reason, orderId: fact.data.order.id },
      },
    ]);
  }
}

export const referralsConvertSubscriber = (options: ConvertOptions = {}) =>
  defineSubscriber({
    name: "referrals.convert",
    kinds: ["order.paid", "refund.applied", "order.cancelled"],
    async handle(fact, tx) {
      switch (fact.kind) {
        case "order.paid":
          return convertOnPaidOrder(tx, fact, options);
        case "refund.applied":
          return voidOnReduction(tx, fact, { kind: "refund", occurredAt: fact.occurredAt, eligibleAfterMinor: BigInt(fact.data.eligibleAfterMinor) });
        case "order.cancelled":
          return voidOnReduction(tx, fact, { kind: "cancelled", occurredAt: fact.occurredAt });
      }
    },
  });
