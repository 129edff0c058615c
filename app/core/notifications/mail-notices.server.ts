import type { NoticeDue } from "~/core/loyalty/expiry-notices";
import type { MemberRow } from "~/core/loyalty/ledger.server";
import { activeProgramOnce } from "~/core/loyalty/program.server";
import type { Tx } from "~/db/prisma.server";
import { uuidV7 } from "~/db/uuid-v7";
import type { Locale } from "~/i18n/translate";
import { attemptsSpanning } from "~/jobs/backoff";
import { enqueueJob } from "~/jobs/queue.server";
import { earnedMailIsTimely, type MailKind } from "./mail-kinds";
import { mailRecipient } from "./recipient";
import type { MailContent } from "./templates/mail-layout";
import { pointsEarnedMail } from "./templates/points-earned";
import { pointsExpiringMail } from "./templates/points-expiring";
import { tierReachedMail } from "./templates/tier-reached";

// The members' e-mail notices, recorded where the program's outbound events are (in the same
// transaction, under the same event keys): the mail exists exactly when its change committed, and
// a change recorded again (a replayed fact, a re-run job) mails nothing new. A job sends it.

export const MAIL_SEND_JOB = "mail.send";

/** An SMTP server that is down gets the mail when it is back within a day; after that it is FAILED. */
export const MAIL_SEND_MAX_ATTEMPTS = attemptsSpanning(24 * 3_600_000);

export interface MailNotice {
  shopId: string;
  customerId: string;
  kind: MailKind;
  /** Unique per shop: the same key recorded again adds nothing. */
  eventKey: string;
  render(shopName: string, locale: Locale): MailContent | Promise<MailContent>;
}

/** A rendered mail for its recipient. */
export interface QueuedMail {
  shopId: string;
  /** The recipient's customer row, when there is one (a referred friend may have none). */
  customerId: string | null;
  /** The referral the mail belongs to: it goes when the referral does. */
  referralId?: string;
  kind: MailKind;
  locale: Locale;
  to: string;
  /** Unique per shop: the same key recorded again adds nothing. */
  eventKey: string;
  content: MailContent;
}

/** Stores a rendered mail and queues its sending, in the caller's transaction; returns whether it was added. */
export async function queueMail(tx: Tx, mail: QueuedMail): Promise<boolean> {
  const id = uuidV7();
  const { content, ...row } = mail;
  const { count } = await tx.mailMessage.createMany({ data: [{ id, ...row, ...content }], skipDuplicates: true });
  if (count === 0) return false;
  await enqueueJob(tx, { kind: MAIL_SEND_JOB, payload: { mailId: id }, uniqueKey: `mail:${id}`, maxAttempts: MAIL_SEND_MAX_ATTEMPTS });
  return true;
}

/**
 * Renders the notice in the customer's language, stores it and queues its sending, in the
 * caller's transaction. Customers who get no notices (guests, redacted, no address) get no row.
 * Returns whether a mail was added.
 */
export async function recordMailNotice(tx: Tx, notice: MailNotice): Promise<boolean> {
  const customer = await tx.customer.findFirst({
    where: { id: notice.customerId, shopId: notice.shopId },
    select: { email: true, locale: true, isGuest: true, platformId: true, deletedAt: true, redactedAt: true, shop: { select: { name: true, domain: true } } },
  });
  const recipient = customer && mailRecipient(customer);
  if (!customer || !recipient) return false;
  return queueMail(tx, {
    shopId: notice.shopId,
    customerId: notice.customerId,
    kind: notice.kind,
    locale: recipient.locale,
    to: recipient.to,
    eventKey: notice.eventKey,
    content: await notice.render(customer.shop.name ?? customer.shop.domain, recipient.locale),
  });
}

/**
 * An order's earn entry was written (keyed as its outbound event); a tier's entry reward is told
 * in the tier mail. Only an earning of the last days is mailed: the points of an order paid long
 * ago (history replayed or backfilled, a webhook that came very late) are news to no one, and a
 * mail about them now would puzzle the customer.
 */
export async function recordPointsEarnedMail(
  tx: Tx,
  member: MemberRow,
  entry: { id: string; points: number; availableAt: Date | null },
  order: { id: string },
  at: Date,
  now: Date,
) {
  if (!earnedMailIsTimely(at, now)) return;
  await recordMailNotice(tx, {
    shopId: member.shopId,
    customerId: member.customerId,
    kind: "points_earned",
    eventKey: `entry:${entry.id}`,
    async render(shopName, locale) {
      const ordered = await tx.order.findUnique({ where: { id: order.id }, select: { name: true } });
      const pendingUntil = entry.availableAt && entry.availableAt > at ? entry.availableAt : null;
      return pointsEarnedMail(shopName, locale, { points: entry.points, orderName: ordered?.name ?? null, pendingUntil, balance: member.balance });
    },
  });
}

/** A notice of the program's clock: a lot's points expire soon (keyed as its outbound event). */
export async function recordPointsExpiringMail(tx: Tx, member: MemberRow, notice: NoticeDue) {
  await recordMailNotice(tx, {
    shopId: member.shopId,
    customerId: member.customerId,
    kind: "points_expiring",
    eventKey: `expiring:${notice.lotId}:${notice.level}:${notice.expiresAt.toISOString()}`,
    render: (shopName, locale) =>
      pointsExpiringMail(shopName, locale, { level: notice.level, points: notice.points, expiresAt: notice.expiresAt, balance: member.balance }),
  });
}

/** The member's tier changed; only reaching a higher tier is mailed (keyed as the outbound event). */
export async function recordTierReachedMail(tx: Tx, member: MemberRow, fromTierId: string | null, toTierId: string | null, at: Date) {
  const program = await activeProgramOnce(tx, member.shopId);
  const levels = program?.settings.tiers.levels ?? [];
  const to = levels.findIndex((tier) => tier.id === toTierId);
  const tier = levels[to];
  // The first tier is where every member starts: only a step above it (or above the last) is news.
  if (!tier || to <= Math.max(0, levels.findIndex((level) => level.id === fromTierId))) return;
  await recordMailNotice(tx, {
    shopId: member.shopId,
    customerId: member.customerId,
    kind: "tier_reached",
    eventKey: `tier:${member.id}:${fromTierId ?? "none"}:${toTierId ?? "none"}:${at.toISOString()}`,
    async render(shopName, locale) {
      // The entry reward is given once per tier: a member back in it gets no second gift.
      const reward = await tx.loyaltyEntry.findUnique({
        where: { shopId_sourceKey: { shopId: member.shopId, sourceKey: `tier-entry:${member.id}:${tier.id}` } },
        select: { points: true, occurredAt: true },
      });
      const entryRewardPoints = reward && reward.occurredAt.getTime() === at.getTime() ? reward.points : 0;
      return tierReachedMail(shopName, locale, { tierName: tier.name[locale], multiplier: tier.multiplier, entryRewardPoints });
    },
  });
}
