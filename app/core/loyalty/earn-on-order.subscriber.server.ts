import type { FactLine, RecordRef } from "~/core/facts/types";
import { recordPointsEarned } from "~/core/integrations/loyalty-events.server";
import { currencyExponent } from "~/core/money";
import { recordPointsEarnedMail } from "~/core/notifications/mail-notices.server";
import type { Tx } from "~/db/prisma.server";
import { defineSubscriber, type DeliveredFact } from "~/outbox/subscriber";
import { clawbackDue, clawbackWithinPolicy } from "./clawback";
import { earnForAction } from "./earn-action.server";
import { basePoints, tierBonusPoints, type EarningLine, type EarnRules } from "./earn-rules";
import { summarize } from "./ledger";
import { appendEntries, ledgerEntries, lockMember, type LedgerOptions, type MemberRow, type StoredEntry } from "./ledger.server";
import { ledgerOptions, lotExpiry, settleTier } from "./member-tier.server";
import { recordMemberTimeline } from "./member-timeline.server";
import { activeProgramOnce, settingsVersion, type ActiveProgram } from "./program.server";
import { earnRules, spentPointsPolicy, tierRules } from "./program-settings";

// Orders earn points when they are paid; refunds and cancellations take back exactly the share of
// those points that the refunded eligible value earned, under the version that earned them.

const DAY_MS = 86_400_000;

/** The order's lines as the rules weigh them; the products' collections are read only when some collection has a multiplier. */
async function earningLines(tx: Tx, shopId: string, lines: readonly FactLine[], rules: EarnRules): Promise<EarningLine[]> {
  const weighsCollections = Object.keys(rules.collectionMultipliers).length > 0;
  const productIds = weighsCollections ? [...new Set(lines.flatMap((line) => (line.productId ? [line.productId] : [])))] : [];
  const products = productIds.length
    ? await tx.product.findMany({ where: { shopId, platformId: { in: productIds } }, select: { platformId: true, collectionIds: true } })
    : [];
  const collections = new Map(products.map((product) => [product.platformId, product.collectionIds]));
  return lines.map((line) => ({
    productId: line.productId,
    collectionIds: (line.productId && collections.get(line.productId)) || [],
    amountMinor: BigInt(line.amountMinor),
  }));
}

/** Rewards whose code the order used are used now (codes compare as the platform does: any case). */
async function markRewardsUsed(tx: Tx, shopId: string, orderId: string, at: Date) {
  await tx.$executeRaw`
    UPDATE "LoyaltyReward" AS r SET status = 'USED', "usedOrderId" = ${orderId}::uuid, "usedAt" = ${at}, "updatedAt" = now()
    FROM "OrderDiscountCode" AS c
    WHERE c."orderId" = ${orderId}::uuid AND r."shopId" = ${shopId}::uuid AND r.status = 'ISSUED' AND upper(r.code) = upper(c.code)`;
}

/** An order's earning: what its order.paid fact states, or what the backfill reads from the store (./backfill.ts). */
export interface OrderEarning {
  order: RecordRef;
  occurredAt: Date;
  currency: string;
  /** The eligible value the order was paid with: what its points are weighed on. */
  eligibleMinor: bigint;
  shippingMinor: bigint;
  lines: readonly FactLine[];
}

export interface OrderPoints {
  base: number;
  tierBonus: number;
  firstOrderBonus: number;
  points: number;
}

/** The points an order earns a locked member; `tiered`: the member's tier multiplies them. */
export async function orderPoints(tx: Tx, program: ActiveProgram, member: MemberRow, earning: OrderEarning, tiered: boolean): Promise<OrderPoints> {
  const rules = earnRules(program.settings, program.version);
  const base = basePoints(rules, {
    eligibleMinor: earning.eligibleMinor,
    shippingMinor: earning.shippingMinor,
    lines: await earningLines(tx, member.shopId, earning.lines, rules),
    minorPerUnit: 10 ** currencyExponent(earning.currency),
  });
  const tier = tiered ? tierRules(program.settings).tiers.find((candidate) => candidate.id === member.tierId) : undefined;
  const tierBonus = tierBonusPoints(base, tier?.multiplier ?? 1);
  const existing = await ledgerEntries(tx, member);
  // The first order's bonus belongs to the order: a refund takes it back in proportion too.
  const firstOrder = program.settings.actions.firstOrder > 0 && !existing.some((entry) => entry.kind === "earn" && entry.orderId !== null);
  const firstOrderBonus = firstOrder ? program.settings.actions.firstOrder : 0;
  return { base, tierBonus, firstOrderBonus, points: base + tierBonus + firstOrderBonus };
}

/**
 * Writes an order's earn entry (keyed by the order: an order earns once, live or backfilled) and
 * its timeline entry for a locked member; `eligibleMinor` is what later clawbacks weigh refunds
 * against, `lot` when its points become available and expire. Null when its source was seen
 * before. The tier, the event and the mail are the caller's.
 */
export async function writeOrderEarning(
  tx: Tx,
  program: ActiveProgram,
  member: MemberRow,
  earning: {
    order: RecordRef;
    occurredAt: Date;
    eligibleMinor: bigint;
    points: OrderPoints;
    lot: { availableAt: Date; expiresAt: Date | null };
    timeline?: Record<string, boolean>;
  },
  now: Date,
): Promise<{ entry: StoredEntry; entries: StoredEntry[] } | null> {
  const { points } = earning;
  const { written, entries } = await appendEntries(
    tx,
    member,
    [
      {
        kind: "earn",
        points: points.points,
        occurredAt: earning.occurredAt,
        ...earning.lot,
        sourceKey: `order:${earning.order.id}:earn`,
        ruleVersion: program.version,
        orderId: earning.order.id,
        eligibleMinor: earning.eligibleMinor,
      },
    ],
    now,
    ledgerOptions(program),
  );
  const entry = written[0];
  if (!entry) return null;
  await recordMemberTimeline(tx, member, {
    kind: "loyalty.points_earned",
    occurredAt: earning.occurredAt,
    source: `order:${earning.order.id}:earn`,
    data: { points: points.points, orderId: earning.order.id, base: points.base, tierBonus: points.tierBonus, firstOrderBonus: points.firstOrderBonus, ...earning.timeline },
  });
  return { entry, entries };
}

async function earnOnPaidOrder(tx: Tx, program: ActiveProgram, fact: DeliveredFact<"order.paid">, now: Date) {
  const { data } = fact;
  await markRewardsUsed(tx, fact.shopId, data.order.id, fact.occurredAt);
  if (!fact.customerId || data.test || data.cancelled) return;
  if (fact.occurredAt.getTime() < program.startedAt.getTime()) return;
  const member = await lockMember(tx, fact.shopId, fact.customerId);
  const earning: OrderEarning = {
    order: data.order,
    occurredAt: fact.occurredAt,
    currency: data.currency,
    eligibleMinor: BigInt(data.amounts.eligibleMinor),
    shippingMinor: BigInt(data.amounts.shippingMinor),
    lines: data.lines,
  };
  const points = await orderPoints(tx, program, member, earning, true);
  if (points.points <= 0) return;
  const lot = lotExpiry(program, new Date(fact.occurredAt.getTime() + program.settings.pendingDays * DAY_MS));
  const written = await writeOrderEarning(tx, program, member, { ...earning, points, lot }, now);
  if (!written) return;
  await recordPointsEarned(tx, member, written.entry, { reason: "order", order: data.order }, fact.occurredAt);
  await recordPointsEarnedMail(tx, member, written.entry, data.order, fact.occurredAt, now);
  await settleTier(tx, program, member, written.entries, now, ledgerOptions(program));
}

type EarningAction = "account_created" | "newsletter";

/**
 * Points for a built-in action, once per customer and action (a second account creation or a
 * re-subscription earns nothing).
 */
async function earnForBuiltInAction(tx: Tx, program: ActiveProgram, fact: DeliveredFact, action: EarningAction, now: Date) {
  const points = action === "account_created" ? program.settings.actions.accountCreated : program.settings.actions.newsletter;
  if (!fact.customerId || points <= 0 || fact.occurredAt.getTime() < program.startedAt.getTime()) return;
  const member = await lockMember(tx, fact.shopId, fact.customerId);
  const sourceKey = `action:${action}:${fact.customerId}`;
  await earnForAction(tx, program, member, { points, occurredAt: fact.occurredAt, sourceKey, reason: action, event: { reason: action }, timeline: { action } }, now);
}

/** A refund or cancellation: what the order's eligible value fell to, and the source it comes from. */
interface Reduction {
  orderId: string;
  eligibleAfterMinor: bigint;
  sourceKey: string;
}

async function clawBack(tx: Tx, program: ActiveProgram, fact: DeliveredFact<"refund.applied" | "order.cancelled">, reduction: Reduction, now: Date) {
  if (!fact.customerId) return;
  const member = await lockMember(tx, fact.shopId, fact.customerId);
  const entries = await ledgerEntries(tx, member);
  const earned = entries.filter((entry) => entry.kind === "earn" && entry.orderId === reduction.orderId);
  const earnEntry = earned[0];
  if (!earnEntry) return;
  const clawed = entries.filter((entry) => entry.kind === "clawback" && entry.orderId === reduction.orderId);
  const eligibleMinor = earnEntry.eligibleMinor ?? 0n;
  const refundedEligible = eligibleMinor - (reduction.eligibleAfterMinor < 0n ? 0n : reduction.eligibleAfterMinor);
  const alreadyRefunded = clawed.reduce((sum, entry) => sum + (entry.eligibleMinor ?? 0n), 0n);
  const order = {
    earned: earned.reduce((sum, entry) => sum + entry.points, 0),
    eligibleMinor,
    clawedBack: clawed.reduce((sum, entry) => sum - entry.points + entry.forgivenPoints, 0),
  };
  const due = clawbackDue(order, refundedEligible);
  if (due === 0 && refundedEligible <= alreadyRefunded) return;
  // The policy of the version that earned the points decides about points already spent.
  const earningSettings = await settingsVersion(tx, program.id, earnEntry.ruleVersion ?? program.version);
  const options = ledgerOptions(program);
  const { take, forgiven } = clawbackWithinPolicy(due, summarize(entries, now), spentPointsPolicy(earningSettings));
  const { written, entries: after } = await appendEntries(
    tx,
    member,
    [
      {
        kind: "clawback",
        points: -take,
        occurredAt: fact.occurredAt,
        lotId: earnEntry.id,
        sourceKey: reduction.sourceKey,
        ruleVersion: earnEntry.ruleVersion,
        orderId: reduction.orderId,
        eligibleMinor: refundedEligible - alreadyRefunded,
        forgivenPoints: forgiven,
      },
    ],
    now,
    options,
  );
  if (written.length === 0) return;
  if (reduction.eligibleAfterMinor <= 0n && earningSettings.returnRewardPointsOnFullRefund) {
    await returnUsedRewardPoints(tx, member, reduction.orderId, fact.occurredAt, now, options);
  }
  await recordMemberTimeline(tx, member, {
    kind: "loyalty.points_clawed_back",
    occurredAt: fact.occurredAt,
    source: reduction.sourceKey,
    data: { points: take, forgiven, orderId: reduction.orderId },
  });
  await settleTier(tx, program, member, after, now, options);
}

/** An order refunded in full gives back the points of the rewards it used. */
async function returnUsedRewardPoints(tx: Tx, member: MemberRow, orderId: string, at: Date, now: Date, options: LedgerOptions) {
  const used = await tx.loyaltyReward.findMany({ where: { memberId: member.id, usedOrderId: orderId, status: "USED" } });
  if (used.length === 0) return;
  await appendEntries(
    tx,
    member,
    used.map((reward) => ({ kind: "reward_refund" as const, points: reward.points, occurredAt: at, sourceKey: `reward:${reward.id}:refund` })),
    now,
    options,
  );
}

export const earnOnOrderSubscriber = (now: () => Date = () => new Date()) =>
  defineSubscriber({
    name: "loyalty.orders",
    kinds: ["order.paid", "refund.applied", "order.cancelled", "customer.created", "customer.updated"],
    async handle(fact, tx) {
      const program = await activeProgramOnce(tx, fact.shopId);
      if (!program) return;
      switch (fact.kind) {
        case "order.paid":
          return earnOnPaidOrder(tx, program, fact, now());
        case "refund.applied":
          return clawBack(tx, program, fact, {
            orderId: fact.data.order.id,
            eligibleAfterMinor: BigInt(fact.data.eligibleAfterMinor),
            sourceKey: `refund:${fact.data.refund.id}:clawback`,
          }, now());
        case "customer.created":
          await earnForBuiltInAction(tx, program, fact, "account_created", now());
          if (fact.data.emailMarketingConsent === "SUBSCRIBED") await earnForBuiltInAction(tx, program, fact, "newsletter", now());
          return;
        case "customer.updated":
          if (fact.data.emailMarketingConsent?.after === "SUBSCRIBED") await earnForBuiltInAction(tx, program, fact, "newsletter", now());
          return;
        case "order.cancelled":
          return clawBack(tx, program, fact, {
            orderId: fact.data.order.id,
            eligibleAfterMinor: BigInt(fact.data.eligibleAfterMinor),
            sourceKey: `order:${fact.data.order.id}:cancel-clawback`,
          }, now());
      }
    },
  });
