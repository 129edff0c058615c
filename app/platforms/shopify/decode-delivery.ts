import type { CommerceEvent } from "~/core/platform";
import { UnprocessablePayloadError } from "~/core/sync/errors";
import { parseShopifyJson } from "./lossless-json";
import { mapShopifyWebhook } from "./map-webhook";

/** Raw stored delivery to neutral event. Everything here is pure, so any failure is the payload's. */
export function decodeShopifyDelivery(
  delivery: { topic: string; rawBody: string; triggeredAt: Date | null },
  shopCurrency: string,
): CommerceEvent {
  try {
    return mapShopifyWebhook({
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
}
