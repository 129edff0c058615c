import type { PlatformName } from "~/core/platform";
import type { PlatformActions } from "~/core/platform-actions";
import type { Db, Tx } from "~/db/prisma.server";
import type { JobHandler } from "~/jobs/queue.server";
import type { WebhookIntakeAdapter } from "~/webhooks/intake.server";
import type { DecodedDelivery, PlatformDelivery } from "~/webhooks/process-deliveries.server";

// The platform port: everything the CRM needs of a commerce platform, implemented whole by one
// folder under app/platforms/. The generic layers (webhook intake, delivery pipeline, queue) take
// adapters from the registry (app/platforms/index.ts) through the composition root and never
// import a platform's folder.
//
// Install and uninstall: an install is the platform's own flow (Shopify: OAuth, whose afterAuth
// hook records the shop and requests the first import); an uninstall arrives as a webhook, decoded
// to the neutral `shop.uninstalled` plus the platform's step for its own credentials.

export interface PlatformAdapter {
  platform: PlatformName;
  /** Verifies webhook requests and names their topic, event id and shop. */
  intake: WebhookIntakeAdapter;
  /**
   * Stored delivery to what it means. Pure apart from the step it may return; throws
   * UnprocessablePayloadError (~/core/sync/errors) for a body that cannot be read faithfully.
   */
  decode(delivery: PlatformDelivery, shopCurrency: string): DecodedDelivery;
  /** The platform's own job kinds (Shopify: the bulk import and reconciliation), registered with the queue. */
  jobs: Record<string, JobHandler>;
  /** The shop's history: a full import (once per shop unless asked again) and reconciliation. */
  history: {
    /** Starts a full import unless one is under way; whether one was started. */
    requestFullImport(db: Db, shopId: string): Promise<boolean>;
    requestReconcile(db: Db, shopId: string): Promise<void>;
  };
  /** Outbound actions on a shop, through a caller's transaction or the database client (no transaction open). */
  actions(tx: Tx, shopDomain: string): Promise<PlatformActions>;
  /** Stops what the adapter runs on its own behalf (threads, timers). */
  close(): Promise<void>;
}
