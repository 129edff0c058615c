import type { CommerceEvent, PlatformName } from "~/core/platform";
import { redactShop } from "~/core/privacy/privacy.server";
import { findOrCreateShop, findShop } from "~/core/shops/shops.server";
import { applyCommerceEvents, type ShopEvent } from "~/core/sync/apply-event.server";
import { UnprocessablePayloadError } from "~/core/sync/errors";
import { lockShopsForSync } from "~/core/sync/shop-lock.server";
import type { Tx } from "~/db/prisma.server";
import { decodeShopifyDelivery } from "~/platforms/shopify/decode-delivery";
import { markDeliveries, type DeliveryOutcome } from "./delivery-log.server";

type DecodeDelivery = (
  delivery: { topic: string; rawBody: string; triggeredAt: Date | null },
  shopCurrency: string,
) => CommerceEvent;

const decoders: Partial<Record<PlatformName, DecodeDelivery>> = {
  SHOPIFY: decodeShopifyDelivery,
};

// Used only until the shop's own currency is known (set at install from the Admin API); the same
// as the default of a shop row made here, so a shop made mid-batch decodes the same.
const FALLBACK_CURRENCY = "EUR";

interface StoredDelivery {
  id: string;
  platform: PlatformName;
  shopDomain: string;
  topic: string;
  rawBody: string;
  triggeredAt: Date | null;
}

/**
 * Turns stored deliveries into CRM state, all in the caller's transaction, with the effect of
 * processing them one at a time in the given order: each shop's deliveries are decoded, applied
 * in runs through the set-based sync services, and marked, in a few statements for the whole
 * batch. A malformed delivery is parked and the others go on; an error that retrying may fix
 * (a refund before its order) is thrown, writing nothing of the batch.
 */
export async function processDeliveries(tx: Tx, deliveryIds: readonly string[]): Promise<void> {
  const deliveries = await loadUnfinished(tx, deliveryIds);
  const byShop = new Map<string, StoredDelivery[]>();
  for (const delivery of deliveries) {
    const key = `${delivery.platform}:${delivery.shopDomain}`;
    byShop.set(key, [...(byShop.get(key) ?? []), delivery]);
  }
  // Decoding is most of the work outside the database: done before waiting for the shop lock, it
  // overlaps with the batch that holds it. The shop's currency is checked again under the lock.
  const decoder = new Decoder();
  for (const shopDeliveries of byShop.values()) {
    const { platform, shopDomain } = shopDeliveries[0]!;
    const shop = await findShop(tx, platform, shopDomain);
    for (const delivery of shopDeliveries) decoder.decode(delivery, shop?.currency ?? FALLBACK_CURRENCY);
  }
  await lockShopsForSync(
    tx,
    deliveries.map((delivery) => ({ platform: delivery.platform, domain: delivery.shopDomain })),
  );
  const outcomes: DeliveryOutcome[] = [];
  for (const shopDeliveries of byShop.values()) {
    outcomes.push(...(await processShopDeliveries(tx, shopDeliveries, decoder)));
  }
  await markDeliveries(tx, outcomes);
}

/** The deliveries not yet processed, ignored or parked, in the given order (repeats once). */
async function loadUnfinished(tx: Tx, deliveryIds: readonly string[]): Promise<StoredDelivery[]> {
  const ids = [...new Set(deliveryIds)];
  const rows = await tx.webhookDelivery.findMany({
    where: { id: { in: ids }, status: { notIn: ["PROCESSED", "IGNORED", "PARKED"] } },
    select: { id: true, platform: true, shopDomain: true, topic: true, rawBody: true, triggeredAt: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * One shop's deliveries, in order. A shop redaction splits them: what came before is applied
 * (and erased with the shop), what comes after starts from no shop, as it would one at a time.
 */
async function processShopDeliveries(
  tx: Tx,
  deliveries: readonly StoredDelivery[],
  decoder: Decoder,
): Promise<DeliveryOutcome[]> {
  const { platform, shopDomain } = deliveries[0]!;
  const outcomes: DeliveryOutcome[] = [];
  let known = await findShop(tx, platform, shopDomain);
  let events: Array<{ deliveryId: string; event: ShopEvent }> = [];
  const applyEvents = async () => {
    if (events.length === 0) return;
    const shop = known ?? (await findOrCreateShop(tx, platform, shopDomain));
    known = shop;
    const applied = await applyCommerceEvents(tx, shop, events.map(({ event }) => event));
    events.forEach(({ deliveryId }, i) => {
      outcomes.push({ deliveryId, status: applied[i] ? "PROCESSED" : "IGNORED", shopId: shop.id });
    });
    events = [];
  };

  for (const delivery of deliveries) {
    const decoded = decoder.decode(delivery, known?.currency ?? FALLBACK_CURRENCY);
    if ("error" in decoded) {
      outcomes.push({ deliveryId: delivery.id, status: "PARKED", error: decoded.error, attempts: 1 });
      continue;
    }
    if (decoded.event.type === "privacy.shop_redact_requested") {
      await applyEvents();
      await redactShop(tx, shopDomain);
      known = null;
      continue;
    }
    events.push({ deliveryId: delivery.id, event: decoded.event });
  }
  await applyEvents();
  return outcomes;
}

type Decoded = { event: CommerceEvent } | { error: string };

/** Decodes deliveries, remembering each result with the currency it was decoded for. */
class Decoder {
  private readonly results = new Map<string, { currency: string; decoded: Decoded }>();

  decode(delivery: StoredDelivery, shopCurrency: string): Decoded {
    const known = this.results.get(delivery.id);
    if (known?.currency === shopCurrency) return known.decoded;
    const decoded = decodeDelivery(delivery, shopCurrency);
    this.results.set(delivery.id, { currency: shopCurrency, decoded });
    return decoded;
  }
}

function decodeDelivery(delivery: StoredDelivery, shopCurrency: string): Decoded {
  try {
    const decode = decoders[delivery.platform];
    if (!decode) throw new UnprocessablePayloadError(`No decoder for ${delivery.platform} deliveries`);
    return { event: decode(delivery, shopCurrency) };
  } catch (error) {
    if (!(error instanceof UnprocessablePayloadError)) throw error;
    return { error: error.message };
  }
}
