import type { LoyaltyEntryKind } from "~/db/generated/enums";
import type { Db } from "~/db/prisma.server";
import type { Locale } from "~/i18n/translate";
import { historyLine, type HistoryLine } from "./history-lines";
import type { EntryKind } from "./ledger";
import { tierRules } from "./program-settings";
import { activeProgram } from "./program.server";
import { storefrontBirthday } from "./birthday.server";
import { earnText, rewardViews, tierProgress, type StorefrontBirthday, type StorefrontReward, type TierProgress } from "./storefront-view";
import { qualifyingValue, tierForValue, windowStart, type TierRules } from "./tiers";

// What the storefront panel shows a shopper: the program (how to earn, the rewards) for everyone,
// and for a signed-in customer their balances, tier, progress and recent history. Read-only: a
// customer without a member row yet sees zeros (the row is made when they first earn or redeem).

const HISTORY_LENGTH = 10;

export interface StorefrontProgram {
  currency: string;
  pointsPerUnit: number;
  earnText: string;
  rewards: StorefrontReward[];
}

export interface StorefrontMember extends TierProgress {
  balance: number;
  available: number;
  pending: number;
  history: HistoryLine[];
  /** Null when the program gives no birthday points. */
  birthday: StorefrontBirthday | null;
}

export interface MemberState {
  program: StorefrontProgram | null;
  member: StorefrontMember | null;
}

interface MemberStateQuery {
  shopId: string;
  currency: string;
  /** The platform's id of the signed-in customer; null for a shopper who is not signed in. */
  customerPlatformId: string | null;
  locale: Locale;
}

const toKind = (kind: LoyaltyEntryKind) => kind.toLowerCase() as EntryKind;
const REWARD_SOURCE = /^reward:([0-9a-f-]{36}):/;

export async function memberState(db: Db, query: MemberStateQuery, now: Date = new Date()): Promise<MemberState> {
  const { shopId, currency, locale } = query;
  const program = await activeProgram(db, shopId);
  if (!program) return { program: null, member: null };
  const { settings } = program;
  const customer = query.customerPlatformId
    ? await db.customer.findUnique({
        where: { shopId_platformId: { shopId, platformId: query.customerPlatformId } },
        select: { id: true, loyaltyMember: true },
      })
    : null;
  const member = customer?.loyaltyMember ?? null;
  const available = customer ? (member?.available ?? 0) : null;
  const storefrontProgram: StorefrontProgram = {
    currency,
    pointsPerUnit: settings.earning.pointsPerUnit,
    earnText: earnText(settings, currency, locale),
    rewards: rewardViews(settings.rewards, currency, locale, available),
  };
  if (!customer) return { program: storefrontProgram, member: null };

  const rules = tierRules(settings);
  const tierNames = new Map(settings.tiers.levels.map((level) => [level.id, level.name[locale]]));
  const value = member ? await tierValue(db, rules, member.id, now) : 0;
  const tierId = member?.tierId ?? tierForValue(rules, value)?.id ?? null;
  const history = member ? await historyLines(db, shopId, member.id, locale, (id) => tierNames.get(id) ?? null, settings.rewards, now) : [];
  return {
    program: storefrontProgram,
    member: {
      balance: member?.balance ?? 0,
      available: member?.available ?? 0,
      pending: member?.pending ?? 0,
      ...tierProgress(rules, tierId, value, tierNames, currency, locale),
      history,
      birthday: await storefrontBirthday(db, program, member, locale, now),
    },
  };
}

/**
 * The member's qualifying value now, summed by the database: a long-standing member's window holds
 * thousands of entries, and the panel is read on storefront pages. It counts what
 * qualifyingEvents counts — an order's earning, and a clawback against points and spend — one
 * event per kind with the kind's sums.
 */
async function tierValue(db: Db, rules: TierRules, memberId: string, now: Date): Promise<number> {
  const since = windowStart(rules.window, now);
  const sums = await db.loyaltyEntry.groupBy({
    by: ["kind"],
    where: {
      memberId,
      occurredAt: { ...(since ? { gte: since } : {}), lte: now },
      OR: [{ kind: "EARN", orderId: { not: null } }, { kind: "CLAWBACK" }],
    },
    _sum: { points: true, eligibleMinor: true },
  });
  const events = sums.map((sum) => ({
    at: now,
    points: sum._sum.points ?? 0,
    spendMinor: (sum.kind === "CLAWBACK" ? -1 : 1) * Number(sum._sum.eligibleMinor ?? 0n),
  }));
  return qualifyingValue(rules, events, now);
}

async function historyLines(
  db: Db,
  shopId: string,
  memberId: string,
  locale: Locale,
  tierName: (tierId: string) => string | null,
  catalog: readonly { id: string; title: Record<Locale, string> }[],
  now: Date,
): Promise<HistoryLine[]> {
  const entries = await db.loyaltyEntry.findMany({
    where: { memberId },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: HISTORY_LENGTH,
  });
  const orderIds = entries.flatMap((entry) => (entry.orderId ? [entry.orderId] : []));
  const rewardRowIds = entries.flatMap((entry) => REWARD_SOURCE.exec(entry.sourceKey)?.slice(1, 2) ?? []);
  const [orders, rewardRows] = await Promise.all([
    orderIds.length ? db.order.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true } }) : [],
    rewardRowIds.length ? db.loyaltyReward.findMany({ where: { shopId, id: { in: rewardRowIds } }, select: { id: true, rewardId: true } }) : [],
  ]);
  const orderNames = new Map(orders.map((order) => [order.id, order.name]));
  const titles = new Map(catalog.map((reward) => [reward.id, reward.title[locale]]));
  const rewardTitles = new Map(rewardRows.map((row) => [row.id, titles.get(row.rewardId) ?? null]));
  return entries.map((entry) =>
    historyLine(
      {
        kind: toKind(entry.kind),
        points: entry.points,
        occurredAt: entry.occurredAt,
        availableAt: entry.availableAt,
        reason: entry.reason,
        fromOrder: entry.orderId !== null,
        orderName: entry.orderId ? (orderNames.get(entry.orderId) ?? null) : null,
        rewardTitle: rewardTitles.get(REWARD_SOURCE.exec(entry.sourceKey)?.[1] ?? "") ?? null,
      },
      locale,
      tierName,
      now,
    ),
  );
}
