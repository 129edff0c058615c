import { z } from "zod";
import { idPage, inIdOrder } from "~/core/list-paging.server";
import { pointsValueMinor, pointValueBasis } from "~/core/loyalty/points-value";
import { programInForce } from "~/core/loyalty/program.server";
import { currencyExponent } from "~/core/money";
import { Prisma, type ReferralStatus } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import type { FraudReason } from "./fraud-score";
import { parseFraudReasons } from "./fraud-reasons";
import { effectiveReferralStatus } from "./referral-status";
import { advocateRewardSchema, friendRewardSchema, type AdvocateReward, type FriendReward } from "./program-settings";

// The referrals page's read model: one page of a shop's referrals with both parties, the order
// and the rewards, and the program's figures over a period. Plain JSON for the loader: times as
// ISO strings, money as number minor units.

export const REFERRAL_PAGE_SIZE = 25;

export interface ReferralPerson {
  /** Our customer id; null for a friend known only by the e-mail they claimed with. */
  customerId: string | null;
  name: string | null;
  email: string | null;
  redacted: boolean;
}

export interface ReferralRow {
  id: string;
  /** As the merchant should read it: a CLAIMED referral whose code ran out is EXPIRED. */
  status: ReferralStatus;
  closedReason: string | null;
  error: string | null;
  advocate: ReferralPerson & { customerId: string };
  advocateCode: string;
  friend: ReferralPerson;
  fraud: { score: number; reasons: FraudReason[] } | null;
  order: { id: string; name: string | null; totalMinor: number; currency: string } | null;
  friendCode: string;
  friendReward: FriendReward;
  advocateReward: AdvocateReward | null;
  advocateRewardPoints: number | null;
  advocateRewardCode: string | null;
  claimedAt: string;
  friendCodeExpiresAt: string | null;
  convertedAt: string | null;
  returnWindowEndsAt: string | null;
  reviewedAt: string | null;
  advocateRewardedAt: string | null;
}

export interface ReferralListQuery {
  status?: ReferralStatus;
  page: number;
  /** Part of a code, an e-mail address or a name of either party. */
  search?: string;
  /** When a claimed code counts as expired. */
  now: Date;
}

export interface ReferralPage {
  rows: ReferralRow[];
  totalCount: number;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** The status filter in SQL: CLAIMED and EXPIRED split by the code's end, as effectiveReferralStatus does. */
function statusCondition(status: ReferralStatus | undefined, now: Date): Prisma.Sql {
  if (status === undefined) return Prisma.empty;
  const expired = Prisma.sql`(r."friendCodeExpiresAt" IS NOT NULL AND r."friendCodeExpiresAt" <= ${now})`;
  if (status === "CLAIMED") return Prisma.sql`AND r.status = 'CLAIMED' AND NOT ${expired}`;
  if (status === "EXPIRED") return Prisma.sql`AND (r.status = 'EXPIRED' OR (r.status = 'CLAIMED' AND ${expired}))`;
  return Prisma.sql`AND r.status = ${status}::"ReferralStatus"`;
}

function searchCondition(search: string | undefined): Prisma.Sql {
  const text = search?.trim();
  if (!text) return Prisma.empty;
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const person = (alias: string) =>
    Prisma.sql`${Prisma.raw(alias)}.email ILIKE ${pattern} OR concat_ws(' ', ${Prisma.raw(alias)}."firstName", ${Prisma.raw(alias)}."lastName") ILIKE ${pattern}`;
  return Prisma.sql`AND (
    r."friendCode" ILIKE ${pattern} OR r."friendEmail" ILIKE ${pattern} OR c.code ILIKE ${pattern}
    OR EXISTS (SELECT 1 FROM "Customer" a WHERE a.id = c."customerId" AND (${person("a")}))
    OR EXISTS (SELECT 1 FROM "Customer" f WHERE f.id = r."friendCustomerId" AND (${person("f")})))`;
}

const customerSelect = { id: true, firstName: true, lastName: true, email: true, redactedAt: true } as const;

function person(customer: { id: string; firstName: string | null; lastName: string | null; email: string | null; redactedAt: Date | null }) {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return { customerId: customer.id, name: name === "" ? null : name, email: customer.email, redacted: customer.redactedAt !== null };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function listReferrals(db: Db, shopId: string, query: ReferralListQuery): Promise<ReferralPage> {
  const page = await idPage(
    db,
    {
      source: Prisma.sql`FROM "Referral" r JOIN "ReferralCode" c ON c.id = r."codeId"
        WHERE r."shopId" = ${shopId}::uuid ${statusCondition(query.status, query.now)} ${searchCondition(query.search)}`,
      alias: "r",
      orderBy: Prisma.sql`r."createdAt" DESC, r.id DESC`,
    },
    query.page,
    REFERRAL_PAGE_SIZE,
  );
  const referrals = await db.referral.findMany({
    where: { shopId, id: { in: page.ids } },
    include: { code: { select: { code: true, customer: { select: customerSelect } } }, friendCustomer: { select: customerSelect } },
  });
  const orderIds = referrals.flatMap((referral) => (referral.orderId ? [referral.orderId] : []));
  const orders = new Map(
    (await db.order.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true, totalMinor: true, currency: true } })).map(
      (order) => [order.id, order],
    ),
  );
  const rows = inIdOrder(page.ids, referrals).map((referral): ReferralRow => {
    const order = referral.orderId ? orders.get(referral.orderId) : undefined;
    const reasons = parseFraudReasons(referral.fraudReasons);
    const friend = referral.friendCustomer ? person(referral.friendCustomer) : null;
    return {
      id: referral.id,
      status: effectiveReferralStatus(referral, query.now),
      closedReason: referral.closedReason,
      error: referral.error,
      advocate: person(referral.code.customer),
      advocateCode: referral.code.code,
      friend: friend ? { ...friend, email: friend.email ?? referral.friendEmail } : { customerId: null, name: null, email: referral.friendEmail, redacted: false },
      fraud: referral.fraudScore === null ? null : { score: referral.fraudScore, reasons: reasons ?? [] },
      order: order
        ? { id: order.id, name: order.name, totalMinor: Number(order.totalMinor), currency: order.currency }
        : null,
      friendCode: referral.friendCode,
      friendReward: friendRewardSchema.parse(referral.friendReward),
      advocateReward: referral.advocateReward === null ? null : advocateRewardSchema.parse(referral.advocateReward),
      advocateRewardPoints: referral.advocateRewardPoints,
      advocateRewardCode: referral.advocateRewardCode,
      claimedAt: referral.createdAt.toISOString(),
      friendCodeExpiresAt: iso(referral.friendCodeExpiresAt),
      convertedAt: iso(referral.convertedAt),
      returnWindowEndsAt: iso(referral.returnWindowEndsAt),
      reviewedAt: iso(referral.reviewedAt),
      advocateRewardedAt: iso(referral.advocateRewardedAt),
    };
  });
  return { rows, totalCount: page.totalCount, page: page.page, hasPrevious: page.page > 1, hasNext: page.hasNext };
}

// --- figures ------------------------------------------------------------------------------------

export interface ReferralFigures {
  currency: string;
  since: string;
  clicks: number;
  claims: number;
  /**
   * Friends' first orders converted in the period that still count: PENDING, REVIEW and REWARDED.
   * A VOIDED order was refunded or cancelled and a REJECTED one was not a real referral; both are
   * counted on their own.
   */
  convertedOrders: number;
  voidedOrders: number;
  rejectedOrders: number;
  /** The totals of the converted orders (in the shop's currency). */
  revenueMinor: number;
  cost: {
    /** What the friends' codes took off their orders (converted or rejected: the order stands; not voided). */
    friendDiscountsMinor: number;
    /**
     * Advocates' discount codes given in the period: an amount off at its face value, a percentage
     * or free shipping at what it took off where it was used.
     */
    advocateDiscountsMinor: number;
    /** Percent or free-shipping codes given but not used yet: their cost is not known. */
    advocateDiscountsUnpriced: number;
    advocatePoints: number;
    /** The points at the loyalty catalog's rate; null when no reward sets one. */
    advocatePointsValueMinor: number | null;
    totalMinor: number;
  };
}

const CONVERTED = Prisma.sql`('PENDING', 'REVIEW', 'REWARDED')`;
const amount = z.union([z.bigint(), z.number()]).transform(Number);
const FIGURE_ROWS = z
  .array(
    z.object({
      claims: amount,
      converted: amount,
      voided: amount,
      rejected: amount,
      revenue: amount,
      friendDiscounts: amount,
    }),
  )
  .length(1);
const ADVOCATE_ROWS = z
  .array(z.object({ points: amount, amountCodes: amount, usedCodes: amount, unpriced: amount }))
  .length(1);

export async function referralFigures(db: Db, shop: { id: string; currency: string }, period: { since: Date }): Promise<ReferralFigures> {
  const { since } = period;
  const [clicks, referralRows, advocateRows, loyalty] = await Promise.all([
    db.referralClick.count({ where: { shopId: shop.id, at: { gte: since } } }),
    db.$queryRaw(Prisma.sql`
      SELECT
        count(*) FILTER (WHERE r."createdAt" >= ${since})::bigint AS claims,
        count(*) FILTER (WHERE r."convertedAt" >= ${since} AND r.status IN ${CONVERTED})::bigint AS converted,
        count(*) FILTER (WHERE r."convertedAt" >= ${since} AND r.status = 'VOIDED')::bigint AS voided,
        count(*) FILTER (WHERE r."convertedAt" >= ${since} AND r.status = 'REJECTED')::bigint AS rejected,
        COALESCE(sum(r."orderTotalMinor") FILTER (
          WHERE r."convertedAt" >= ${since} AND r.status IN ${CONVERTED} AND r."orderCurrency" = ${shop.currency}), 0)::bigint AS revenue,
        COALESCE(sum((
          SELECT sum(d."amountMinor") FROM "OrderDiscountCode" d
          WHERE d."orderId" = r."orderId" AND d."shopId" = r."shopId" AND upper(d.code) = upper(r."friendCode") AND d.currency = ${shop.currency}
        )) FILTER (WHERE r."convertedAt" >= ${since} AND r.status IN ('PENDING', 'REVIEW', 'REWARDED', 'REJECTED')), 0)::bigint AS "friendDiscounts"
      FROM "Referral" r
      WHERE r."shopId" = ${shop.id}::uuid AND (r."createdAt" >= ${since} OR r."convertedAt" >= ${since})`),
    db.$queryRaw(Prisma.sql`
      SELECT
        COALESCE(sum(r."advocateRewardPoints"), 0)::bigint AS points,
        COALESCE(sum((r."advocateReward"->'value'->>'amountMinor')::bigint) FILTER (
          WHERE r."advocateRewardCode" IS NOT NULL AND r."advocateReward"->'value'->>'kind' = 'amount'), 0)::bigint AS "amountCodes",
        COALESCE(sum(used.minor) FILTER (WHERE r."advocateReward"->'value'->>'kind' <> 'amount'), 0)::bigint AS "usedCodes",
        count(*) FILTER (
          WHERE r."advocateRewardCode" IS NOT NULL AND r."advocateReward"->'value'->>'kind' <> 'amount' AND used.minor IS NULL)::bigint AS unpriced
      FROM "Referral" r
      LEFT JOIN LATERAL (
        SELECT sum(d."amountMinor") AS minor FROM "OrderDiscountCode" d
        WHERE d."shopId" = r."shopId" AND upper(d.code) = upper(r."advocateRewardCode") AND d.currency = ${shop.currency}
      ) used ON r."advocateRewardCode" IS NOT NULL
      WHERE r."shopId" = ${shop.id}::uuid AND r.status = 'REWARDED' AND r."advocateRewardedAt" >= ${since}`),
    programInForce(db, shop.id, { evenIfOff: true }),
  ]);
  const totals = FIGURE_ROWS.parse(referralRows)[0]!;
  const advocate = ADVOCATE_ROWS.parse(advocateRows)[0]!;
  const basis = loyalty ? pointValueBasis(loyalty.settings.rewards, 10 ** currencyExponent(shop.currency)) : null;
  const pointsValue = basis ? pointsValueMinor(advocate.points, basis) : null;
  const advocateDiscounts = advocate.amountCodes + advocate.usedCodes;
  return {
    currency: shop.currency,
    since: since.toISOString(),
    clicks,
    claims: totals.claims,
    convertedOrders: totals.converted,
    voidedOrders: totals.voided,
    rejectedOrders: totals.rejected,
    revenueMinor: totals.revenue,
    cost: {
      friendDiscountsMinor: totals.friendDiscounts,
      advocateDiscountsMinor: advocateDiscounts,
      advocateDiscountsUnpriced: advocate.unpriced,
      advocatePoints: advocate.points,
      advocatePointsValueMinor: pointsValue,
      totalMinor: totals.friendDiscounts + advocateDiscounts + (pointsValue ?? 0),
    },
  };
}
