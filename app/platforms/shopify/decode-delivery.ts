import { UnprocessablePayloadError } from "~/core/sync/errors";
import type { Tx } from "~/db/prisma.server";
import type { DecodedDelivery, PlatformDelivery } from "~/webhooks/process-deliveries.server";
import { onBulkOperationFinished } from "./bulk/import-requests.server";
import { parseShopifyJson } from "./lossless-json";
import { mapShopifyWebhook, type ShopifyWebhookEvent } from "./map-webhook";

// A stored Shopify delivery to what it means for the CRM: the neutral events, plus what only
// Shopify's side of the app keeps — a finished bulk operation the import waits for, and the
// sessions of @shopify/shopify-app-remix, which follow the shop's install state.

async function deleteSessions(tx: Tx, shopDomain: string): Promise<boolean> {
  await tx.session.deleteMany({ where: { shop: shopDomain } });
  return true;
}

function withPlatformSteps(event: ShopifyWebhookEvent): DecodedDelivery {
  switch (event.type) {
    case "shopify.bulk_operation.finished":
      // Any outcome (completed, failed, canceled) is picked up by the import run waiting for it.
      return { events: [], platformStep: (tx, shop) => onBulkOperationFinished(tx, shop.id, event.operationId) };
    case "shop.uninstalled":
    case "privacy.shop_redact_requested":
      return { events: [event], platformStep: (tx, shop) => deleteSessions(tx, shop.domain) };
    case "shop.scopes_updated":
      return {
        events: [event],
        platformStep: async (tx, shop) => {
          await tx.session.updateMany({ where: { shop: shop.domain }, data: { scope: event.scopes.join(",") } });
          return true;
        },
      };
    default:
      return { events: [event] };
  }
}

/** Raw stored delivery to what it means. The mapping is pure, so any failure is the payload's. */
export function decodeShopifyDelivery(delivery: PlatformDelivery, shopCurrency: string): DecodedDelivery {
  let event: ShopifyWebhookEvent;
  try {
    event = mapShopifyWebhook({
      topic: delivery.topic,
      payload: parseShopifyJson(delivery.rawBody),
      shopCurrency,
      triggeredAt: delivery.triggeredAt,
    });
  } catch (error) {
    throw new UnprocessablePayloadError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  return withPlatformSteps(event);
}
