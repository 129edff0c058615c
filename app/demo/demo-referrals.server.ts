import { hashString, Random } from "./random";
import { claimFriendCode } from "~/core/referrals/claim.server";
import { ensureReferralCode } from "~/core/referrals/advocate-code.server";
import { recordReferralClick } from "~/core/referrals/clicks.server";
import { DEFAULT_REFERRAL_SETTINGS, type ReferralSettings } from "~/core/referrals/program-settings";
import { referralProgram, saveReferralSettings, setReferralProgramEnabled } from "~/core/referrals/program.server";
import { visitorKeys } from "~/core/referrals/visitor-keys";
import type { Runtime } from "~/runtime.server";
import { planReferralStories, type AdvocateCandidate, type ReferralStory } from "./referral-stories";
import { cancelOrder, placeOrder, viewCheckout, type CheckoutShop } from "./storefront/checkout.server";
import type { StoreCustomer } from "./storefront/storefront-data.server";

// The demo shop's referral program: switched on with the history, and its past played through the
// program's own doors after the history is processed (./referral-stories.ts plans it): advocates'
// links are clicked, friends claim their codes and order with them at the demo storefront's
// checkout, some cancel. The conversions, the fraud check, the review queue and the advocates'
// rewards then happen exactly as for a real shop's orders.

const DAY_MS = 86_400_000;

/** The demo's offer: 10 € for the friend from 30 €, 1,000 loyalty points (10 €) for the advocate. */
export const DEMO_REFERRAL_SETTINGS: ReferralSettings = {
  ...DEFAULT_REFERRAL_SETTINGS,
  advocateReward: { kind: "points", points: 1_000 },
  returnWindowDays: 14,
};

/** Months of referral history before the history's end. */
const STORY_MONTHS = 10;

export interface DemoReferralSummary {
  stories: number;
  referrals: number;
}

/** A friend's account on the demo platform: a stable id per story. */
function friendCustomer(story: ReferralStory): StoreCustomer {
  const platformId = `88${String(hashString(story.key, 0x2545f491)).padStart(10, "0")}`;
  const { firstName, lastName, email } = story.friend;
  return { id: platformId, platformId, first_name: firstName, last_name: lastName, name: `${firstName} ${lastName}`, email, available: 0 };
}

async function advocateCandidates(runtime: Runtime, shopId: string, before: Date): Promise<AdvocateCandidate[]> {
  const customers = await runtime.db.customer.findMany({
    where: { shopId, isGuest: false, redactedAt: null, deletedAt: null, platformId: { not: null }, ordersCount: { gte: 2 }, firstOrderAt: { lt: before } },
    orderBy: { platformId: "asc" },
    take: 300,
    select: { id: true, lastName: true, addressLine1: true, addressLine2: true, addressZip: true, addressCity: true, addressCountryCode: true },
  });
  return customers.map((customer) => ({
    customerId: customer.id,
    lastName: customer.lastName,
    address:
      customer.addressLine1 && customer.addressZip && customer.addressCity && customer.addressCountryCode
        ? { address1: customer.addressLine1, address2: customer.addressLine2, zip: customer.addressZip, city: customer.addressCity, countryCode: customer.addressCountryCode }
        : null,
  }));
}

async function basketChoices(runtime: Runtime, shopId: string) {
  const variants = await runtime.db.productVariant.findMany({
    where: { shopId, available: true, priceMinor: { gte: 500, lte: 4_000 }, product: { deletedAt: null, status: "active" } },
    orderBy: { platformId: "asc" },
    select: { platformId: true, priceMinor: true },
  });
  return variants.map((variant) => ({ variantId: variant.platformId, unitMinor: Number(variant.priceMinor) }));
}

/** Switches the program on with the demo's offer (a later start keeps what is there). */
export async function ensureDemoReferralProgram(runtime: Runtime, shopId: string): Promise<void> {
  if (await referralProgram(runtime.db, shopId)) return;
  await saveReferralSettings(runtime.db, shopId, DEMO_REFERRAL_SETTINGS);
  await setReferralProgramEnabled(runtime.db, shopId, true);
}

/** Plays one story: the clicks, the claim, the order with the friend's code, a cancellation. */
async function playStory(runtime: Runtime, shop: CheckoutShop, baseUrl: string, story: ReferralStory): Promise<void> {
  const { db, config } = runtime;
  const advocate = await ensureReferralCode(db, shop.id, story.advocateCustomerId);
  if (!advocate) return;
  for (const click of story.clicks) {
    await recordReferralClick(db, { shopId: shop.id, code: advocate.code, visitor: visitorKeys(config.shopify.apiSecret, shop.id, click.visitor), at: new Date(click.at) });
  }
  const claim = await claimFriendCode(
    db,
    () => runtime.platformActionsFor(shop.domain),
    {
      shopId: shop.id,
      code: advocate.code,
      customerPlatformId: null,
      email: story.friend.email,
      requestKey: `demo:${story.key}`,
      locale: story.friend.locale,
      visitor: visitorKeys(config.shopify.apiSecret, shop.id, story.friend.visitor),
    },
    new Date(story.claimAt),
  );
  if (!story.order) return;
  const customer = friendCustomer(story);
  const orderAt = new Date(story.order.at);
  const view = await viewCheckout(db, shop, { lines: story.order.lines, code: claim.code }, customer, orderAt);
  const placed = await placeOrder(db, {
    shop,
    view,
    customer,
    locale: story.friend.locale,
    appUrl: baseUrl,
    secret: config.shopify.apiSecret,
    at: orderAt,
    shipTo: { firstName: story.friend.firstName, lastName: story.friend.lastName, ...story.order.shipTo },
  });
  if (placed.placed && story.cancelledAt !== null) {
    await cancelOrder({ shop, order: placed.order, appUrl: baseUrl, secret: config.shopify.apiSecret, at: new Date(story.cancelledAt) });
  }
}

/**
 * Plays the referral history once (a later start finds referrals and leaves them), then lets the
 * queue process what it sent: conversions, voids, and the advocates' rewards whose window passed.
 */
export async function playDemoReferrals(runtime: Runtime, shop: CheckoutShop, baseUrl: string, historyEnd: Date): Promise<DemoReferralSummary> {
  const { db } = runtime;
  const existing = await db.referral.count({ where: { shopId: shop.id } });
  if (existing > 0) return { stories: 0, referrals: existing };
  const to = historyEnd.getTime();
  const from = to - STORY_MONTHS * 30 * DAY_MS;
  const [advocates, basket, emails] = await Promise.all([
    advocateCandidates(runtime, shop.id, new Date(from)),
    basketChoices(runtime, shop.id),
    db.customer.findMany({ where: { shopId: shop.id, emailNormalized: { not: null } }, select: { emailNormalized: true } }),
  ]);
  const stories = planReferralStories({
    rng: new Random(hashString("demo-referrals")),
    advocates,
    basket,
    from,
    to,
    takenEmails: new Set(emails.map((row) => row.emailNormalized!)),
    minimumSubtotalMinor: DEMO_REFERRAL_SETTINGS.friendReward.minimumSubtotalMinor ?? 0,
    returnWindowDays: DEMO_REFERRAL_SETTINGS.returnWindowDays,
  });
  for (const story of stories) await playStory(runtime, shop, baseUrl, story);
  runtime.queue.wake();
  await runtime.queue.whenIdle();
  return { stories: stories.length, referrals: await db.referral.count({ where: { shopId: shop.id } }) };
}
