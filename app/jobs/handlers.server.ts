import { createShopifyImportJobs } from "~/platforms/shopify/bulk/jobs.server";
import { PROCESS_DELIVERY_JOB } from "~/webhooks/delivery-log.server";
import { decodeShopifyDelivery } from "~/platforms/shopify/decode-delivery";
import { processDeliveryJob } from "~/webhooks/process-delivery.job.server";
import type { JobHandler } from "./queue.server";

/** Every job kind the workers run. */
export const jobHandlers: Record<string, JobHandler> = {
  [PROCESS_DELIVERY_JOB]: processDeliveryJob({ SHOPIFY: decodeShopifyDelivery }),
  // import.start, import.bulk-finished, reconcile.shop
  ...createShopifyImportJobs(),
};
