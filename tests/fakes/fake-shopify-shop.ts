import { afterAll, beforeAll, beforeEach } from "vitest";
import type { PlatformActions } from "~/core/platform-actions";
import type { Db } from "~/db/prisma.server";
import { JobQueue } from "~/jobs/queue.server";
import { offlineAdminClients } from "~/platforms/shopify/admin-client.server";
import type { AdminCallOptions, AdminGraphqlClient } from "~/platforms/shopify/admin-graphql.server";
import { shopifyPlatformActions } from "~/platforms/shopify/actions/shopify-actions.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { ImportDeps } from "~/platforms/shopify/bulk/import.server";
import { createShopifyImportJobs } from "~/platforms/shopify/bulk/jobs.server";
import type { Runtime } from "~/runtime.server";
import { installShopifyShop } from "../helpers/shopify-install";
import { TEST_SHOP } from "../helpers/shopify-webhooks";
import { aimAdminApiAtFake, startFakeShopifyAdmin, type FakeDataset, type FakeShopifyAdmin } from "./shopify-admin-server";
import { smallShopDataset } from "./shopify-dataset";

// TEST_SHOP installed on a test runtime, with the fake Admin API as its Shopify: what the
// integration tests of the import, the platform actions and the programs that write to the
// platform all start from.

/** What the programs' writes to the platform need (customers' tags and metafields, discounts). */
export const ACTION_SCOPES = "read_customers,write_customers,write_discounts";
/** What the full-history import reads. */
export const IMPORT_SCOPES = "read_customers,read_orders,read_all_orders,read_products";
/** The offline token the install stores and the fake takes. */
export const FAKE_SHOP_TOKEN = "shpat_test_offline_token";

export interface FakeShopifyShopOptions {
  /** What the install granted. */
  scopes: string;
  /** What the store holds, made anew for each fake (the small shop's records by default). */
  dataset?: () => FakeDataset;
  /**
   * "each" (the default): before every test the store forgets its shops (with their jobs,
   * deliveries and sessions) and a new fake and a new install take their place. "all": once,
   * before the file's tests.
   */
  fresh?: "each" | "all";
}

export interface FakeShopifyShop {
  /** The fake of the running test, looked up at each use: the handle can be kept at file level. */
  fake: FakeShopifyAdmin;
  /** The installed shop's row. */
  shop(): { id: string; domain: string };
  /** The Admin API client a job gets: built from the stored offline session, in a transaction. */
  adminClient(): Promise<AdminGraphqlClient>;
  /** The Shopify platform actions on that client; retries do not wait unless `options` say so. */
  platformActions(options?: AdminCallOptions): Promise<PlatformActions>;
}

/** Removes every shop and what hangs on it but is not deleted with it. */
async function forgetShops(db: Db): Promise<void> {
  await db.job.deleteMany();
  await db.webhookDelivery.deleteMany();
  await db.privacyRequest.deleteMany();
  await db.shop.deleteMany();
  await db.session.deleteMany();
}

/**
 * A queue that runs every job, the full-history import's in batches of two and polling the fake's
 * bulk operations without a pause; a failed job runs again after `retryBaseMs`.
 */
export function shopifyImportQueue(runtime: Runtime, overrides: Partial<ImportDeps> = {}, retryBaseMs = 0): JobQueue {
  return new JobQueue(runtime.db, { concurrency: 1, retryBaseMs }).register({
    ...runtime.jobHandlers,
    ...createShopifyImportJobs({ ...runtime.platforms.shopify.importDeps, pollIntervalMs: 0, batchSize: 2, ...overrides }),
  });
}

/**
 * TEST_SHOP, installed (its row with the sealed token and its offline session), with a fake Admin
 * API behind it: the app's Admin requests for the shop reach the fake through the production
 * client. Registers its own hooks: call it at file level, after the hook that starts `runtime`.
 */
export function setUpFakeShopifyShop(runtime: () => Runtime | undefined, options: FakeShopifyShopOptions): FakeShopifyShop {
  let current: FakeShopifyAdmin | undefined;
  let shop: { id: string; domain: string } | undefined;
  let restoreFetch: (() => void) | undefined;
  const started = () => {
    if (!current) throw new Error("The fake Admin API starts in a hook: use it inside tests");
    return current;
  };
  const runtimeStarted = () => {
    const running = runtime();
    if (!running) throw new Error("Start the runtime in a beforeAll registered before setUpFakeShopifyShop");
    return running;
  };

  async function install() {
    await current?.close();
    current = await startFakeShopifyAdmin({
      shop: TEST_SHOP,
      accessToken: FAKE_SHOP_TOKEN,
      apiVersion: SHOPIFY_API_VERSION,
      dataset: (options.dataset ?? smallShopDataset)(),
    });
    shop = await installShopifyShop(runtimeStarted(), { shop: TEST_SHOP, accessToken: FAKE_SHOP_TOKEN, scopes: options.scopes });
  }

  beforeAll(async () => {
    restoreFetch = aimAdminApiAtFake(TEST_SHOP, () => started().origin);
    if (options.fresh === "all") await install();
  });
  if (options.fresh !== "all") {
    beforeEach(async () => {
      await forgetShops(runtimeStarted().db);
      await install();
    });
  }
  afterAll(async () => {
    restoreFetch?.();
    await current?.close();
  });

  const adminClient = () => runtimeStarted().db.$transaction((tx) => offlineAdminClients(runtimeStarted())(tx, TEST_SHOP));
  return {
    fake: new Proxy({} as FakeShopifyAdmin, {
      get: (_target, key) => Reflect.get(started(), key),
      set: (_target, key, value) => Reflect.set(started(), key, value),
    }),
    shop: () => {
      if (!shop) throw new Error("The shop is installed in a hook: use it inside tests");
      return shop;
    },
    adminClient,
    platformActions: async (callOptions = {}) => shopifyPlatformActions(await adminClient(), { sleep: async () => undefined, ...callOptions }),
  };
}
