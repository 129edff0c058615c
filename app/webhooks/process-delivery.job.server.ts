import { z } from "zod";
import type { CommerceEvent, PlatformName } from "~/core/platform";
import { redactShop } from "~/core/privacy/privacy.server";
import { findOrCreateShop, findShop } from "~/core/shops/shops.server";
import { applyCommerceEvent } from "~/core/sync/apply-event.server";
import { UnprocessablePayloadError } from "~/core/sync/errors";
import { PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { decodeShopifyDelivery } from "~/platforms/shopify/decode-delivery";
import { markDelivery } from "./delivery-log.server";

type Decoder = (
  delivery: { topic: string; rawBody: string; triggeredAt: Date | null },
  shopCurrency: string,
) => CommerceEvent;

const decoders: Partial<Record<PlatformName, Decoder>> = {
  SHOPIFY: decodeShopifyDelivery,
};

// Used only until the shop's own currency is known (set at install from the Admin API).
const FALLBACK_CURRENCY = "EUR";

const jobPayload = z.object({ deliveryId: z.uuid() });

export const processDeliveryJob: JobHandler = {
  async run(payload, tx) {
    const parsed = jobPayload.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`Bad job payload: ${parsed.error.message}`);
    const { deliveryId } = parsed.data;
    const delivery = await tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
    if (!delivery || delivery.status === "PROCESSED" || delivery.status === "IGNORED" || delivery.status === "PARKED") {
      return;
    }
    const knownShop = await findShop(tx, delivery.platform, delivery.shopDomain);
    let event: CommerceEvent;
    try {
      const decode = decoders[delivery.platform];
      if (!decode) throw new UnprocessablePayloadError(`No decoder for ${delivery.platform} deliveries`);
      event = decode(delivery, knownShop?.currency ?? FALLBACK_CURRENCY);
    } catch (error) {
      if (!(error instanceof UnprocessablePayloadError)) throw error;
      await markDelivery(tx, deliveryId, { status: "PARKED", error: error.message, attempts: 1 });
      return;
    }
    if (event.type === "privacy.shop_redact_requested") {
      await redactShop(tx, delivery.shopDomain);
      return;
    }
    const shop = knownShop ?? (await findOrCreateShop(tx, delivery.platform, delivery.shopDomain));
    const applied = await applyCommerceEvent(tx, shop, event);
    await markDelivery(tx, deliveryId, { status: applied ? "PROCESSED" : "IGNORED", shopId: shop.id });
  },

  async onFailure(payload, db, failure) {
    const parsed = jobPayload.safeParse(payload);
    if (!parsed.success) return;
    await markDelivery(db, parsed.data.deliveryId, {
      status: failure.dead ? "DEAD" : "FAILED",
      error: failure.error,
      attempts: failure.attempt,
    });
  },
};
