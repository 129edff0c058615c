import { randomBytes } from "node:crypto";
import { normalizeEmail } from "~/core/customers/email";
import { isPaidStatus } from "~/core/facts/eligible-amount";
import { recordReferralFriendCodeMail } from "~/core/notifications/referral-mails.server";
import type { PlatformActions } from "~/core/platform-actions";
import { PlatformActionError } from "~/core/platform-actions";
import type { Referral } from "~/db/generated/client";
import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/translate";
import { friendCode, normalizeReferralCode } from "./codes";
import { codeExpiresAt, discountCodeRequest } from "./discount-request";
import { emailIdentityKey } from "./email-identity";
import { friendRewardSchema, type FriendReward } from "./program-settings";
import { activeReferralProgram } from "./program.server";
import { effectiveReferralStatus } from "./referral-status";
import { friendDiscountTitle } from "./reward-text";
import type { VisitorKeys } from "./visitor-keys";

// A friend claims their own single-use discount code on an advocate's link. The referral is
// reserved in one transaction (every rule checked, the friend's identity locked so two claims of
// one friend cannot both pass), the platform makes the code outside it (no transaction waits on
// Shopify), and the outcome is recorded with the friend's mail in another.

export const CLAIM_REFUSALS = [
  "inactive",
  "unknown_code",
  "own_code",
  "already_customer",
  "already_claimed",
  "rate_limited",
  "invalid_email",
] as const;

export type ClaimRefusal = (typeof CLAIM_REFUSALS)[number];

export class ClaimRefused extends Error {
  override name = "ClaimRefused";
  constructor(readonly reason: ClaimRefusal) {
    super(`Referral claim refused: ${reason}`);
  }
}

export interface ClaimRequest {
  shopId: string;
  /** The advocate's code as the link carried it. */
  code: string;
  /** The signed-in shopper's platform customer id (from the app proxy's signed query); null: signed out. */
  customerPlatformId: string | null;
  /** The address a signed-out shopper typed; a signed-in shopper's account address wins. */
  email: string | null;
  /** The caller's key, unique per shop: repeating the claim returns the first one. */
  requestKey: string;
  /** The friend's language: their mail is written in it. */
  locale: Locale;
  visitor: VisitorKeys;
}

export interface FriendClaim {
  referralId: string;
  code: string;
  reward: FriendReward;
  currency: string;
  expiresAt: Date | null;
}

const CODE_ATTEMPTS = 3;
const HOUR_MS = 3_600_000;
/**
 * Claims of one friend or from one address queue for their locks, and on the embedded database
 * for its one connection: a burst must wait its turn, not fail after Prisma's default 2 s.
 */
const CLAIM_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;
/** Far longer than a platform call with its retries takes: a reservation this old without an outcome was left behind. */
const ABANDONED_AFTER_MS = 10 * 60_000;

type ReferralRow = Referral;

interface Friend {
  customerId: string | null;
  email: string | null;
  emailKey: string | null;
}

type Reservation =
  | { kind: "done"; claim: FriendClaim }
  | { kind: "call"; claim: FriendClaim; codePrefix: string; customerPlatformId: string | null };

function claimOf(row: ReferralRow, currency: string): FriendClaim {
  return {
    referralId: row.id,
    code: row.friendCode,
    reward: friendRewardSchema.parse(row.friendReward),
    currency,
    expiresAt: row.friendCodeExpiresAt,
  };
}

/**
 * A reservation whose code was never made: its platform call failed, or it was left behind (the
 * process ended before the call could be recorded). The friend may claim again, reusing the row.
 */
function unfinished(row: ReferralRow, now: Date): boolean {
  return row.friendDiscountPlatformId === null && (row.error !== null || row.createdAt.getTime() <= now.getTime() - ABANDONED_AFTER_MS);
}

/** Claims of one friend, and claims from one address, wait for each other (released at commit). */
async function lockClaimants(tx: Tx, shopId: string, keys: ReadonlyArray<string>) {
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`referral-claim:${shopId}:${key}`}, 0))`;
  }
}

async function friendOf(tx: Tx, request: ClaimRequest): Promise<Friend> {
  const customer = request.customerPlatformId
    ? await tx.customer.findUnique({
        where: { shopId_platformId: { shopId: request.shopId, platformId: request.customerPlatformId } },
        select: { id: true, email: true },
      })
    : null;
  const email = normalizeEmail(customer?.email ?? request.email);
  const emailKey = emailIdentityKey(email);
  // A friend must be recognisable on the next claim: by their customer row, or by their mailbox.
  if (!emailKey && !customer) throw new ClaimRefused("invalid_email");
  return { customerId: customer?.id ?? null, email: emailKey ? email : null, emailKey };
}

/** Whether the friend (their customer row, or any customer row with their address) has a paid order. */
async function hasOrdered(tx: Tx, shopId: string, friend: Friend): Promise<boolean> {
  const customers = friend.email
    ? await tx.customer.findMany({ where: { shopId, emailNormalized: friend.email }, select: { id: true } })
    : [];
  const ids = [...new Set([...customers.map((customer) => customer.id), ...(friend.customerId ? [friend.customerId] : [])])];
  if (ids.length === 0) return false;
  const statuses = await tx.order.findMany({
    where: { shopId, customerId: { in: ids }, test: false, cancelledAt: null },
    select: { financialStatus: true },
    distinct: ["financialStatus"],
  });
  return statuses.some((order) => isPaidStatus(order.financialStatus));
}

async function reserve(tx: Tx, request: ClaimRequest, now: Date): Promise<Reservation> {
  const program = await activeReferralProgram(tx, request.shopId);
  if (!program) throw new ClaimRefused("inactive");
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: request.shopId }, select: { currency: true } });

  const byKey = await tx.referral.findUnique({ where: { shopId_requestKey: { shopId: request.shopId, requestKey: request.requestKey } } });
  if (byKey?.friendDiscountPlatformId) return { kind: "done", claim: claimOf(byKey, shop.currency) };
  if (byKey && !unfinished(byKey, now)) throw new ClaimRefused("already_claimed");

  const code = await tx.referralCode.findUnique({
    where: { shopId_code: { shopId: request.shopId, code: normalizeReferralCode(request.code) } },
    select: { id: true, customerId: true, customer: { select: { email: true } } },
  });
  if (!code) throw new ClaimRefused("unknown_code");
  const friend = await friendOf(tx, request);
  await lockClaimants(tx, request.shopId, [friend.emailKey, friend.customerId, `ip:${request.visitor.ipKey}`].filter((key) => key !== null));
  if (friend.customerId === code.customerId || (friend.emailKey !== null && friend.emailKey === emailIdentityKey(code.customer.email))) {
    throw new ClaimRefused("own_code");
  }

  const identities: Prisma.ReferralWhereInput[] = [
    ...(friend.emailKey ? [{ friendEmailKey: friend.emailKey }] : []),
    ...(friend.customerId ? [{ friendCustomerId: friend.customerId }] : []),
  ];
  const prior = await tx.referral.findFirst({ where: { shopId: request.shopId, OR: identities }, orderBy: { createdAt: "asc" } });
  // One code per friend. A signed-in friend is shown their code again while it can be used; one
  // who only typed an address is not (anyone can type it): the code is in that mailbox.
  if (prior && !unfinished(prior, now)) {
    const signedInOwner = friend.customerId !== null && prior.friendCustomerId === friend.customerId;
    if (signedInOwner && prior.friendDiscountPlatformId && effectiveReferralStatus(prior, now) === "CLAIMED") {
      return { kind: "done", claim: claimOf(prior, shop.currency) };
    }
    throw new ClaimRefused("already_claimed");
  }
  if (await hasOrdered(tx, request.shopId, friend)) throw new ClaimRefused("already_customer");
  const recentClaims = await tx.referral.count({
    where: {
      shopId: request.shopId,
      claimIpKey: request.visitor.ipKey,
      createdAt: { gt: new Date(now.getTime() - HOUR_MS) },
      ...(prior ? { id: { not: prior.id } } : {}),
    },
  });
  if (recentClaims >= program.settings.claimsPerHourPerIp) throw new ClaimRefused("rate_limited");

  const reward = program.settings.friendReward;
  const data = {
    codeId: code.id,
    friendCustomerId: friend.customerId,
    friendEmail: friend.email,
    friendEmailKey: friend.emailKey,
    friendLocale: request.locale,
    friendCode: friendCode(program.settings.codePrefix, randomBytes(10)),
    friendCodeExpiresAt: codeExpiresAt(reward, now),
    friendReward: reward,
    claimIpKey: request.visitor.ipKey,
    claimDeviceKey: request.visitor.deviceKey,
    requestKey: request.requestKey,
    error: null,
  };
  // An unfinished reservation (the friend's, or under this request key) is claimed anew rather than
  // added to; it counts from now, like a new claim.
  const retried = prior ?? (byKey && unfinished(byKey, now) ? byKey : null);
  const row = retried
    ? await tx.referral.update({ where: { id: retried.id }, data: { ...data, createdAt: now } })
    : await tx.referral.create({ data: { shopId: request.shopId, ...data, createdAt: now } });
  return { kind: "call", claim: claimOf(row, shop.currency), codePrefix: program.settings.codePrefix, customerPlatformId: request.customerPlatformId };
}

/**
 * The friend's code for the advocate's `code`. Throws ClaimRefused when a rule refuses it, and
 * the platform's error (a PlatformActionError, mostly) when the code could not be made: the
 * referral then keeps the error and gives nothing to use.
 */
export async function claimFriendCode(
  db: Db,
  platformActions: () => Promise<PlatformActions>,
  request: ClaimRequest,
  now: Date = new Date(),
): Promise<FriendClaim> {
  const reservation = await db.$transaction((tx) => reserve(tx, request, now), CLAIM_TRANSACTION);
  if (reservation.kind === "done") return reservation.claim;
  const { claim } = reservation;
  // The title is for the merchant, in the shop's language.
  const title = friendDiscountTitle(DEFAULT_LOCALE, claim.reward, claim.currency);
  let code = claim.code;
  try {
    const actions = await platformActions();
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await actions.createDiscountCode(
          discountCodeRequest({ reward: claim.reward, code, title, currency: claim.currency, customerPlatformId: reservation.customerPlatformId, now }),
        );
        await db.$transaction(async (tx) => {
          await tx.referral.update({ where: { id: claim.referralId }, data: { friendCode: code, friendDiscountPlatformId: created.platformId } });
          await recordReferralFriendCodeMail(tx, request.shopId, claim.referralId);
        });
        return { ...claim, code };
      } catch (error) {
        if (!(error instanceof PlatformActionError && error.failure === "code_taken" && attempt < CODE_ATTEMPTS)) throw error;
        code = friendCode(reservation.codePrefix, randomBytes(10));
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.referral.update({ where: { id: claim.referralId }, data: { error: message } });
    throw error;
  }
}
