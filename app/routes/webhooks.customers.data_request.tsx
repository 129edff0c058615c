import { shopifyWebhookAction } from "~/platforms/shopify/webhook-intake.server";

export const action = shopifyWebhookAction("customers/data_request");
