import type { AppConfig } from "~/config/env.server";
import type { FactOutbox } from "~/core/facts/outbox";
import type { CheckoutDiscountDeps } from "~/core/loyalty/checkout-discount.server";
import type { Db } from "~/db/prisma.server";
import type { SecretBox } from "~/security/secret-box.server";
import type { PlatformAdapter } from "../adapter";
import { loyaltyDiscountMaintainer } from "./actions/automatic-discount.server";
import { shopifyPlatformActions } from "./actions/shopify-actions.server";
import { offlineAdminClients } from "./admin-client.server";
import { importBatchSize, IMPORT_DEFAULTS, createShopifyImportJobs } from "./bulk/jobs.server";
import { requestFullImport, requestReconcile } from "./bulk/import-requests.server";
import type { ImportDeps } from "./bulk/import.server";
import { ResultReader } from "./bulk/result-reader.server";
import { decodeShopifyDelivery } from "./decode-delivery";
import { createShopifyApp, type ShopifyApp } from "./shopify-app.server";
import { shopifyWebhookIntake } from "./webhook-intake.server";

// Shopify behind the platform port: webhooks verified with the app's secret, payloads decoded to
// neutral events, the Bulk Operation import and reconciliation as jobs, outbound actions through
// the Admin GraphQL API — and the embedded app (admin authentication), which only Shopify has.

export interface ShopifyAdapterDeps {
  config: AppConfig;
  db: Db;
  /** The embedded database serves one connection: the import's jobs stay short there. */
  embedded: boolean;
  secretBox: SecretBox;
  wakeQueue(): void;
  /** Where the import and reconciliation record the facts of their changes. */
  facts: FactOutbox;
  /** Changes to the import's settings (tests, the import benchmark). */
  importOverrides?: Partial<ImportDeps>;
}

export interface ShopifyAdapter extends PlatformAdapter {
  platform: "SHOPIFY";
  /** The embedded admin app (authenticate.admin, document headers, session storage). */
  app: ShopifyApp;
  /** What the import's jobs run with (tests build variants of them). */
  importDeps: ImportDeps;
  /**
   * The shop's automatic discount that runs the loyalty discount Function, brought to the
   * program's settings (Shopify's own upkeep, not a port action: see automatic-discount.server.ts).
   */
  maintainCheckoutDiscount: CheckoutDiscountDeps["maintain"];
}

export function createShopifyAdapter(deps: ShopifyAdapterDeps): ShopifyAdapter {
  const { config } = deps;
  const adminClient = offlineAdminClients(deps);
  const resultReader = new ResultReader();
  const importDeps: ImportDeps = {
    ...IMPORT_DEFAULTS,
    adminClient,
    readBatch: (request, refundLines) => resultReader.read(request, refundLines),
    batchSize: importBatchSize(deps.embedded),
    outbox: deps.facts,
    ...deps.importOverrides,
  };
  return {
    platform: "SHOPIFY",
    app: createShopifyApp(deps),
    importDeps,
    intake: shopifyWebhookIntake({ apiSecret: config.shopify.apiSecret, previousApiSecret: config.shopify.previousApiSecret }),
    decode: decodeShopifyDelivery,
    jobs: createShopifyImportJobs(importDeps),
    history: {
      requestFullImport: async (db, shopId) => (await requestFullImport(db, shopId)).created,
      requestReconcile,
    },
    actions: async (tx, shopDomain) => shopifyPlatformActions(await adminClient(tx, shopDomain)),
    maintainCheckoutDiscount: loyaltyDiscountMaintainer(adminClient, deps.db),
    close: () => resultReader.close(),
  };
}
