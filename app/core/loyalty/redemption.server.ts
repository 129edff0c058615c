import { randomBytes } from "node:crypto";
import { issueReward } from "~/core/integrations/loyalty-events.server";
import { currencyExponent } from "~/core/money";
import { PlatformActionError, type PlatformActions } from "~/core/platform-actions";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import type { Db, Tx } from "~/db/prisma.server";
import { appendEntries, lockMember } from "./ledger.server";
import { ledgerOptions } from "./member-tier.server";
import { activeProgram, type ActiveProgram } from "./program.server";
import { quoteRedemption, RedemptionRefused, rewardCode, rewardCodeRequest, type Reward } from "./rewards";

// Spending points on a reward: the points are taken and the reward recorded in one transaction
// under the member's lock (so concurrent redemptions of one balance cannot both succeed), then the
// platform makes the code; if it cannot, the points come back.

export interface RedemptionRequest {
  shopId: string;
  customerId: string;
  rewardId: string;
  /** For a variable reward: the points the member chose. */
  chosenPoints?: number;
  /** The caller's key: repeating the request returns the first redemption. */
  requestKey: string;
  /** The merchant's language for the discount's title in the platform's admin. */
  locale: "de" | "en";
}

export interface Redemption {
  id: string;
  status: "RESERVED" | "ISSUED" | "USED" | "CANCELLED" | "FAILED";
  code: string;
  points: number;
  expiresAt: Date | null;
}

const CODE_ATTEMPTS = 3;

/**
 * Redemptions of one balance queue for the member's lock, and on the embedded database for its one
 * connection: a burst (a shopper clicking repeatedly, many shoppers at once) must wait its turn,
 * not fail after Prisma's default 2 s.
 */
const LEDGER_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;

type Reserved = { redemption: Redemption; program: ActiveProgram; reward: Reward; customerPlatformId: string; currency: string; fresh: boolean };

async function reserve(tx: Tx, request: RedemptionRequest, now: Date): Promise<Reserved> {
  const program = await activeProgram(tx, request.shopId);
  if (!program) throw new RedemptionRefused("inactive");
  const member = await lockMember(tx, request.shopId, request.customerId);
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: request.customerId }, select: { platformId: true } });
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: request.shopId }, select: { currency: true } });
  const reward = program.settings.rewards.find((candidate) => candidate.id === request.rewardId);
  if (!reward) throw new RedemptionRefused("inactive");
  // A code restricted to the member needs the platform's customer: a guest has none to log in with.
  if (!customer.platformId || isRedactedPlatformId(customer.platformId)) throw new RedemptionRefused("inactive");
  const existing = await tx.loyaltyReward.findUnique({ where: { shopId_requestKey: { shopId: request.shopId, requestKey: request.requestKey } } });
  const context = { program, reward, customerPlatformId: customer.platformId, currency: shop.currency };
  if (existing) return { ...context, redemption: existing, fresh: false };
  const quote = quoteRedemption(reward, shop.currency, 10 ** currencyExponent(shop.currency), request.chosenPoints);
  if (member.available < quote.points) throw new RedemptionRefused("not_enough_points");
  const expiresAt = reward.codeValidDays === null ? null : new Date(now.getTime() + reward.codeValidDays * 86_400_000);
  const row = await tx.loyaltyReward.create({
    data: {
      shopId: request.shopId,
      memberId: member.id,
      rewardId: reward.id,
      ruleVersion: program.version,
      points: quote.points,
      code: rewardCode(program.settings.codePrefix, randomBytes(10)),
      status: "RESERVED",
      requestKey: request.requestKey,
      expiresAt,
    },
  });
  await appendEntries(
    tx,
    member,
    [{ kind: "redeem", points: -quote.points, occurredAt: now, sourceKey: `reward:${row.id}:redeem`, ruleVersion: program.version }],
    now,
    ledgerOptions(program),
  );
  return { ...context, redemption: row, fresh: true };
}

/** Gives a failed or cancelled reward's points back, once. */
async function returnPoints(tx: Tx, shopId: string, rewardRowId: string, now: Date, data: { status: "FAILED" | "CANCELLED"; error?: string }) {
  const row = await tx.loyaltyReward.findUniqueOrThrow({ where: { id: rewardRowId }, include: { member: true } });
  const program = await activeProgram(tx, shopId);
  const member = await lockMember(tx, shopId, row.member.customerId);
  await appendEntries(
    tx,
    member,
    [{ kind: "reward_refund", points: row.points, occurredAt: now, sourceKey: `reward:${row.id}:refund` }],
    now,
    ledgerOptions(program),
  );
  return tx.loyaltyReward.update({ where: { id: row.id }, data: { status: data.status, error: data.error ?? null } });
}

/**
 * Redeems a reward for a member. Throws RedemptionRefused when the program, reward or balance does
 * not allow it; a PlatformActionError when the platform could not make the code (the points are
 * back by then).
 */
export async function redeemReward(
  db: Db,
  platformActions: () => Promise<PlatformActions>,
  request: RedemptionRequest,
  now: Date = new Date(),
): Promise<Redemption> {
  const reserved = await db.$transaction((tx) => reserve(tx, request, now), LEDGER_TRANSACTION);
  if (!reserved.fresh && reserved.redemption.status !== "RESERVED") return reserved.redemption;
  const { program, reward, customerPlatformId, currency } = reserved;
  let code = reserved.redemption.code;
  const actions = await platformActions();
  for (let attempt = 1; ; attempt++) {
    try {
      const quote = { points: reserved.redemption.points, value: quoteRedemption(reward, currency, 10 ** currencyExponent(currency), reserved.redemption.points).value };
      const created = await actions.createDiscountCode(
        rewardCodeRequest({ reward, quote, code, title: reward.title[request.locale], customerPlatformId, currency, now }),
      );
      return await issueReward(db, request.shopId, reserved.redemption.id, { code, discountPlatformId: created.platformId }, now);
    } catch (error) {
      if (error instanceof PlatformActionError && error.failure === "code_taken" && attempt < CODE_ATTEMPTS) {
        code = rewardCode(program.settings.codePrefix, randomBytes(10));
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      await db.$transaction(
        (tx) => returnPoints(tx, request.shopId, reserved.redemption.id, now, { status: "FAILED", error: message }),
        LEDGER_TRANSACTION,
      );
      throw error;
    }
  }
}

/** Cancels an unused reward: its code is switched off at the platform, then its points come back. */
export async function cancelReward(
  db: Db,
  platformActions: () => Promise<PlatformActions>,
  shopId: string,
  rewardRowId: string,
  now: Date = new Date(),
): Promise<Redemption> {
  const row = await db.loyaltyReward.findFirst({ where: { id: rewardRowId, shopId } });
  if (!row) throw new RedemptionRefused("inactive");
  if (row.status !== "ISSUED") return row;
  if (row.discountPlatformId) await (await platformActions()).deactivateDiscountCode(row.discountPlatformId);
  return db.$transaction((tx) => returnPoints(tx, shopId, row.id, now, { status: "CANCELLED" }), LEDGER_TRANSACTION);
}
