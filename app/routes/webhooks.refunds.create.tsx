import { shopifyWebhookAction } from "~/platforms/shopify/webhook-intake.server";

export const action = shopifyWebhookAction("refunds/create");
