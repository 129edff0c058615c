import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createLoyaltyDueJobs } from "~/core/loyalty/due.job.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { referralsConvertSubscriber } from "~/core/referrals/convert.subscriber.server";
import { DEFAULT_REFERRAL_SETTINGS, type ReferralSettings } from "~/core/referrals/program-settings";
import { createReferralJobs, REFERRALS_DUE_JOB } from "~/core/referrals/settle.job.server";
import type { Prisma } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import type { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { customerGid, smallShopWithFixtureCustomer } from "../fakes/shopify-dataset";
import { setUpProgramHarness, type ProgramHarness } from "./program-harness";

// The referral program's conversion side as the integration tests run it: the sync's facts reach
// the loyalty and referral subscribers, the settle job and the daily round run on the test's
// clock, and the advocate's discount codes go to the fake Admin API. The friend is the customer
// of the webhook fixtures' order (Ana, who paid #1042 on 2024-05-14 with the code WELCOME10).

export const FRIEND_CODE = "WELCOME10";
/** When the fixtures' order was paid (its order.paid fact's time: the order's last update). */
export const ORDER_PAID_AT = new Date("2024-05-14T08:15:05Z");
export const DAY = 86_400_000;

export interface ReferralTest extends ProgramHarness {
  /** An endpoint of the shop for the topics, at a receiver that takes every event. */
  endpoint(shopId: string, topics: string[]): Promise<{ id: string }>;
}

export function setUpReferralTest(startsAt: Date): ReferralTest {
  let receiver: Server | undefined;
  let receiverUrl = "";
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(200).end());
    });
    await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });
  const harness = setUpProgramHarness({
    startsAt,
    shop: { dataset: smallShopWithFixtureCustomer },
    subscribers: (now) => [earnOnOrderSubscriber(now), referralsConvertSubscriber()],
    jobs: (now, shopify) => ({ ...createLoyaltyDueJobs(now), ...createReferralJobs({ actionsFor: () => shopify.platformActions(), now }) }),
  });
  return Object.assign(harness, {
    endpoint: (shopId: string, topics: string[]) =>
      harness.runtime.db.outboundWebhookEndpoint.create({ data: { shopId, url: receiverUrl, secretEncrypted: harness.runtime.secretBox.seal("secret"), topics } }),
  });
}

export const testReferralSettings = (overrides: Partial<ReferralSettings> = {}): ReferralSettings => ({ ...DEFAULT_REFERRAL_SETTINGS, ...overrides });

export async function startReferralProgram(db: Db, shopId: string, overrides: Partial<ReferralSettings> = {}): Promise<void> {
  const settings = testReferralSettings(overrides);
  await db.referralProgram.upsert({ where: { shopId }, create: { shopId, enabled: true, settings }, update: { enabled: true, settings } });
}

/** The fake shop's first customer as the advocate (the platform knows them: a code can be limited to them), with their code. */
export async function advocateWithCode(db: Db, shopId: string, person: Partial<Prisma.CustomerUncheckedCreateInput> = {}) {
  const platformId = customerGid(1).split("/").pop()!;
  const customer = await db.customer.create({
    data: { shopId, platformId, email: "berta@example.org", emailNormalized: "berta@example.org", firstName: "Berta", lastName: "Muster", locale: "de", ...person },
  });
  const code = await db.referralCode.create({ data: { shopId, customerId: customer.id, code: "BERTA-7K3Q" } });
  return { customer, code };
}

/** A friend's claim of the advocate's code, by e-mail, as the claim leaves it. */
export async function claimedReferral(db: Db, input: { shopId: string; codeId: string; friendEmail?: string; createdAt?: Date } & Partial<Prisma.ReferralUncheckedCreateInput>) {
  const { friendEmail = "ana.example@example.com", createdAt = new Date(ORDER_PAID_AT.getTime() - DAY), ...rest } = input;
  const key = `${rest.codeId}-${createdAt.getTime()}-${Math.random()}`;
  return db.referral.create({
    data: {
      friendEmail,
      friendEmailKey: friendEmail,
      friendLocale: "de",
      friendCode: FRIEND_CODE,
      friendReward: DEFAULT_REFERRAL_SETTINGS.friendReward,
      friendCodeExpiresAt: new Date(createdAt.getTime() + 30 * DAY),
      claimIpKey: "ip-1",
      claimDeviceKey: "device-1",
      requestKey: `request-${key}`,
      createdAt,
      ...rest,
    },
  });
}

/** The daily round runs at the test's clock, and every job it queues. */
export async function runReferralsDue(runtime: Runtime, queue: JobQueue): Promise<void> {
  await runtime.db.job.create({ data: { kind: REFERRALS_DUE_JOB, payload: {} } });
  await queue.drain();
}
