import type { AppConfig } from "~/config/env.server";
import type { Database } from "~/db/database.server";
import { createOutboundWebhookJobs } from "~/core/integrations/delivery.job.server";
import { createLoyaltyBackfillJobs } from "~/core/loyalty/backfill.server";
import { createCheckoutDiscountJobs, enqueueBehindCheckoutDiscounts } from "~/core/loyalty/checkout-discount.server";
import { createCustomerSyncJobs } from "~/core/loyalty/customer-sync.job.server";
import { createLoyaltyDueJobs, scheduleLoyaltyDue } from "~/core/loyalty/due.job.server";
import { scheduleRecommendationsDaily } from "~/core/recommendations/lists-refresh.job.server";
import { recommendationsOrdersSubscriber } from "~/core/recommendations/orders.subscriber.server";
import { createRecommendationJobs } from "~/core/recommendations/rebuild.job.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { createMailJobs, smtpMailSender } from "~/core/notifications/mail-send.job.server";
import { createPrivacyScrubJobs } from "~/core/privacy/scrub.server";
import { referralsConvertSubscriber } from "~/core/referrals/convert.subscriber.server";
import { createReferralJobs, scheduleReferralsDue } from "~/core/referrals/settle.job.server";
import { DemoProgressBoard } from "~/admin/demo-progress";
import type { Db, Tx } from "~/db/prisma.server";
import type { PlatformActions } from "~/core/platform-actions";
import { demoCheckoutDiscount, demoPlatformActions } from "~/demo/demo-platform-actions";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { JobQueue, type JobHandler } from "~/jobs/queue.server";
import { createOutbox, type OutboxOptions } from "~/outbox/outbox.server";
import type { Subscriber } from "~/outbox/subscriber";
import { createPlatforms, type Platforms, type PlatformDeps } from "~/platforms";
import type { ShopifyApp } from "~/platforms/shopify/shopify-app.server";
import { SecretBox } from "~/security/secret-box.server";
import { PROCESS_DELIVERY_JOB } from "~/webhooks/delivery-log.server";
import { DeliveryRecorder } from "~/webhooks/delivery-recorder.server";
import { createWebhookIntake, type WebhookIntake } from "~/webhooks/intake.server";
import { processDeliveryJob } from "~/webhooks/process-delivery.job.server";
import { createRetentionJobs, scheduleRetention } from "~/webhooks/retention.server";

/**
 * The composition root: what the running process holds, built in one place from the
 * configuration and the database, and handed to everything that needs it — the HTTP server (the
 * webhook intake and, as Remix's load context, the routes), the worker and tests. Nothing below
 * reaches for it through a global.
 */
export interface Runtime {
  config: AppConfig;
  db: Db;
  database: Database;
  queue: JobQueue;
  /** Every job kind the queue runs, as registered (tests register them on queues of their own). */
  jobHandlers: Readonly<Record<string, JobHandler>>;
  /** Stores incoming webhook deliveries with their jobs. */
  deliveries: DeliveryRecorder;
  /** The webhook front door: verifies with each platform's adapter, stores, answers. */
  intake: WebhookIntake;
  secretBox: SecretBox;
  platforms: Platforms;
  /** The embedded Shopify admin (session tokens, OAuth, document headers). */
  shopify: ShopifyApp;
  /** How far the demo shop's first start has come (empty outside demo mode). */
  demoProgress: DemoProgressBoard;
  /**
   * The outbound actions on a shop's platform (discount codes, tags, metafields), usable inside a
   * transaction. The demo shop, which has no platform, answers them itself.
   */
  platformActions(tx: Tx, shopDomain: string): Promise<PlatformActions>;
  /** The same for a caller outside a transaction (an admin action, a storefront request). */
  platformActionsFor(shopDomain: string): Promise<PlatformActions>;
  /** Queues the recurring jobs (retention, the programs' clocks) and the checkout discounts behind their program, and starts running jobs. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Changes to the import's settings (tests, the import benchmark). */
  importOverrides?: PlatformDeps["importOverrides"];
  /** The programs' subscribers to the sync's facts (tests may bring their own instead). */
  outbox?: { subscribers: readonly Subscriber[]; options?: OutboxOptions };
}

/** The demo storefront's referred orders wait this long instead of the program's days, so a newcomer sees the advocate rewarded. */
const DEMO_RETURN_WINDOW_MS = 60_000;

export function createRuntime(config: AppConfig, database: Database, options: RuntimeOptions = {}): Runtime {
  const secretBox = new SecretBox(config.encryptionKey, config.previousEncryptionKeys);
  const queue = new JobQueue(database.db, {
    // The embedded server serves one connection: parallel jobs would only queue for it.
    concurrency: database.embedded ? 1 : config.worker.concurrency,
    // Deliveries are processed a batch at a time with a few set-based statements per batch, so the
    // cost per delivery falls with the batch size. The embedded server's one connection is shared
    // with the webhook intake, which should not wait long for it.
    batchSize: database.embedded ? 25 : 200,
    log: (message) => console.warn(`[queue] ${message}`),
  });
  // The programs' subscribers to the sync's facts.
  const outbox = createOutbox(
    options.outbox?.subscribers ?? [
      earnOnOrderSubscriber(),
      referralsConvertSubscriber(config.demo ? { demoReturnWindowMs: DEMO_RETURN_WINDOW_MS } : {}),
      recommendationsOrdersSubscriber(),
    ],
    options.outbox?.options,
  );
  const platforms = createPlatforms({
    config,
    db: database.db,
    embedded: database.embedded,
    secretBox,
    wakeQueue: () => queue.wake(),
    facts: outbox.facts,
    ...(options.importOverrides ? { importOverrides: options.importOverrides } : {}),
  });
  // The demo shop has no platform behind it: its actions and upkeep go to the demo's stand-ins.
  const isDemoShop = (shopDomain: string) => config.demo && shopDomain === DEMO_SHOP.domain;
  const platformActions: Runtime["platformActions"] = async (tx, shopDomain) =>
    isDemoShop(shopDomain) ? demoPlatformActions(tx, shopDomain) : platforms.shopify.actions(tx, shopDomain);
  queue.register({
    [PROCESS_DELIVERY_JOB]: processDeliveryJob(Object.fromEntries(platforms.all.map((adapter) => [adapter.platform, adapter.decode])), outbox.facts),
  });
  for (const adapter of platforms.all) queue.register(adapter.jobs);
  queue.register(createRetentionJobs({ retentionDays: config.retentionDays }));
  queue.register(createLoyaltyDueJobs());
  queue.register(createLoyaltyBackfillJobs({ embedded: database.embedded }));
  queue.register(createPrivacyScrubJobs());
  queue.register(createOutboundWebhookJobs({ secretBox }));
  queue.register(createMailJobs(smtpMailSender(config.mail)));
  queue.register(createCustomerSyncJobs({ actions: (shopDomain) => platformActions(database.db, shopDomain) }));
  queue.register(createRecommendationJobs());
  queue.register(createReferralJobs({ actionsFor: (shopDomain) => platformActions(database.db, shopDomain) }));
  queue.register(
    createCheckoutDiscountJobs({
      maintain: (shopDomain, request) =>
        isDemoShop(shopDomain) ? demoCheckoutDiscount() : platforms.shopify.maintainCheckoutDiscount(shopDomain, request),
    }),
  );
  // outbox.deliver: the subscribers take the sync's facts.
  queue.register(outbox.jobs);
  const deliveries = new DeliveryRecorder(database.sql, { maxBatch: 100, namedStatements: !database.embedded });
  return {
    config,
    db: database.db,
    database,
    queue,
    jobHandlers: queue.registered,
    deliveries,
    intake: createWebhookIntake({
      adapters: platforms.all.map((adapter) => adapter.intake),
      recorder: deliveries,
      onStored: () => queue.wake(),
    }),
    secretBox,
    platforms,
    shopify: platforms.shopify.app,
    demoProgress: new DemoProgressBoard(),
    platformActions,
    platformActionsFor: (shopDomain) => platformActions(database.db, shopDomain),
    async startWorker() {
      const now = new Date();
      await scheduleRetention(database.db, now);
      await scheduleLoyaltyDue(database.db, now);
      await scheduleReferralsDue(database.db, now);
      await scheduleRecommendationsDaily(database.db, now);
      await enqueueBehindCheckoutDiscounts(database.db);
      queue.start();
    },
    async close() {
      await Promise.all(platforms.all.map((adapter) => adapter.close()));
      await queue.stop();
      await database.close();
    },
  };
}
