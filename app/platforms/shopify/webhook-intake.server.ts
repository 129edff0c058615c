import type { IntakeVerdict, WebhookIntakeAdapter } from "~/webhooks/intake.server";
import { SHOPIFY_WEBHOOK_TOPICS, type ShopifyWebhookTopic } from "./map-webhook";
import { verifyShopifyWebhook, type ShopifyWebhookSecrets } from "./webhook-hmac";

// Shopify's side of the webhook intake (app/webhooks/intake.server.ts): its endpoints, one per
// subscribed topic, and its check of a delivery (webhook-hmac.ts). What is verified here is all
// the delivery log stores besides the body.

/** The URL path Shopify posts a topic to, as subscribed in shopify.app.toml. */
export const webhookPath = (topic: ShopifyWebhookTopic) => `/webhooks/${topic}`;

/** The paths the intake takes: one per subscribed topic. */
export const WEBHOOK_PATHS: readonly string[] = SHOPIFY_WEBHOOK_TOPICS.map(webhookPath);

/** Kept with the delivery: Shopify's own headers and the content type. */
const isKeptHeader = (name: string) => name.startsWith("x-shopify-") || name === "content-type";

function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (isKeptHeader(name)) kept[name] = value;
  return kept;
}

function parseTimestamp(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function shopifyWebhookIntake(secrets: ShopifyWebhookSecrets): WebhookIntakeAdapter {
  return {
    platform: "SHOPIFY",
    endpoints: SHOPIFY_WEBHOOK_TOPICS.map((topic) => ({ path: webhookPath(topic), topic })),
    verify(request, expectedTopic): IntakeVerdict {
      const verdict = verifyShopifyWebhook(request, secrets);
      if (!verdict.accepted) return verdict;
      const { webhook } = verdict;
      const topic = webhook.topic.toLowerCase();
      if (topic !== expectedTopic) {
        return { accepted: false, status: 400, reason: `This endpoint receives ${expectedTopic}, not ${topic}` };
      }
      return {
        accepted: true,
        delivery: {
          shopDomain: webhook.shop,
          topic,
          // Shopify's retries of one event share its event id; deliveries without one, their own id.
          dedupeKey: webhook.eventId ?? webhook.webhookId,
          webhookId: webhook.webhookId,
          eventId: webhook.eventId,
          triggeredAt: parseTimestamp(webhook.triggeredAt),
          apiVersion: webhook.apiVersion,
          headers: keptHeaders(request.headers),
        },
      };
    },
  };
}
