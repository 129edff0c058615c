import type { FactOutbox } from "~/core/facts/outbox";
import type { CommerceEvent, PlatformName } from "~/core/platform";
import { redactShop } from "~/core/privacy/privacy.server";
import { wasShopRedacted } from "~/core/privacy/tombstones.server";
import { findOrCreateShop, findShop } from "~/core/shops/shops.server";
import { applyCommerceEvents, type ShopEvent, type ShopRef } from "~/core/sync/apply-event.server";
import { groupBy } from "~/core/sync/batch";
import { UnprocessablePayloadError } from "~/core/sync/errors";
import { lockShopsForSync } from "~/core/sync/shop-lock.server";
import type { Tx } from "~/db/prisma.server";
import { deleteDeliveries, markDeliveries, scrubDeliveryBodies, type DeliveryOutcome } from "./delivery-log.server";

/** A stored delivery as the pipeline hands it to its platform's decoder. */
export interface PlatformDelivery {
  topic: string;
  rawBody: string;
  triggeredAt: Date | null;
}

/**
 * What one delivery means: neutral events for the core, then optionally a step only its platform
 * understands (Shopify: a finished bulk operation, its own session rows), applied in the same
 * transaction right after the events. `applied` tells whether the step changed anything.
 */
export interface DecodedDelivery {
  events: CommerceEvent[];
  platformStep?: (tx: Tx, shop: ShopRef) => Promise<boolean>;
}

/** Each platform's decoder (its adapter's `decode`), as the composition root hands them in. */
export type DeliveryDecoders = Partial<Record<PlatformName, (delivery: PlatformDelivery, shopCurrency: string) => DecodedDelivery>>;

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
export async function processDeliveries(
  tx: Tx,
  decoders: DeliveryDecoders,
  deliveryIds: readonly string[],
  outbox: FactOutbox,
): Promise<void> {
  const loaded = await tx.webhookDelivery.findMany({
    where: unfinished(deliveryIds),
    select: { id: true, platform: true, shopDomain: true, topic: true, rawBody: true, triggeredAt: true },
  });
  // Decoding is most of the work outside the database: done before waiting for the shop lock, it
  // overlaps with the batch that holds it. The shop's currency is checked again under the lock.
  const decoder = new Decoder(decoders);
  for (const shopDeliveries of groupByShop(loaded)) {
    const { platform, shopDomain } = shopDeliveries[0]!;
    const shop = await findShop(tx, platform, shopDomain);
    for (const delivery of shopDeliveries) decoder.decode(delivery, shop?.currency ?? FALLBACK_CURRENCY);
  }
  await lockShopsForSync(
    tx,
    loaded.map((delivery) => ({ platform: delivery.platform, domain: delivery.shopDomain })),
  );
  // Looked up again under the lock: a shop redaction committed meanwhile has deleted its deliveries.
  const remaining = new Set(
    (await tx.webhookDelivery.findMany({ where: unfinished(deliveryIds), select: { id: true } })).map(({ id }) => id),
  );
  const byId = new Map(loaded.map((delivery) => [delivery.id, delivery]));
  const deliveries = [...new Set(deliveryIds)].flatMap((id) => (remaining.has(id) ? (byId.get(id) ?? []) : []));
  const outcomes: DeliveryOutcome[] = [];
  for (const shopDeliveries of groupByShop(deliveries)) {
    outcomes.push(...(await processShopDeliveries(tx, shopDeliveries, decoder, outbox)));
  }
  await markDeliveries(tx, outcomes);
}

/** The deliveries of these ids not yet processed, ignored or parked. */
function unfinished(deliveryIds: readonly string[]) {
  const finished = ["PROCESSED", "IGNORED", "PARKED"] as const;
  return { id: { in: [...deliveryIds] }, status: { notIn: [...finished] } };
}

/** Each shop's deliveries, in the order given. */
function groupByShop(deliveries: readonly StoredDelivery[]): StoredDelivery[][] {
  return groupBy(deliveries, (delivery) => `${delivery.platform}:${delivery.shopDomain}`);
}

/**
 * One shop's deliveries, in order. A platform's own step runs right after its delivery's events,
 * before anything later. A shop redaction deletes the shop with all its deliveries, those after
 * it in the batch too (one at a time, their jobs would find them gone): what came before is
 * applied first, what comes after is not. Deliveries for a shop that was redacted and not
 * installed again are dropped: they must not bring it back. A delivery naming a redacted person
 * is applied without them and its stored body scrubbed.
 */
async function processShopDeliveries(
  tx: Tx,
  deliveries: readonly StoredDelivery[],
  decoder: Decoder,
  outbox: FactOutbox,
): Promise<DeliveryOutcome[]> {
  const { platform, shopDomain } = deliveries[0]!;
  const known = await findShop(tx, platform, shopDomain);
  if (!known && (await wasShopRedacted(tx, shopDomain))) {
    await deleteDeliveries(tx, deliveries.map((delivery) => delivery.id));
    return [];
  }
  let shop: ShopRef | null = known;
  const outcomes: DeliveryOutcome[] = [];
  const namingRedacted: string[] = [];
  const pending: Array<{ deliveryId: string; events: ShopEvent[]; platformStep?: DecodedDelivery["platformStep"] }> = [];
  const applyPending = async (): Promise<ShopRef | null> => {
    if (pending.length === 0) return shop;
    shop ??= await findOrCreateShop(tx, platform, shopDomain);
    const eventOutcomes = await applyCommerceEvents(tx, shop, pending.flatMap(({ events }) => events), outbox);
    let next = 0;
    for (const { deliveryId, events, platformStep } of pending) {
      let changed = false;
      let namesRedacted = false;
      for (let i = 0; i < events.length; i += 1) {
        const outcome = eventOutcomes[next++]!;
        changed ||= outcome.applied;
        namesRedacted ||= outcome.namesRedacted;
      }
      if (namesRedacted) namingRedacted.push(deliveryId);
      if (platformStep) changed = (await platformStep(tx, shop)) || changed;
      outcomes.push({ deliveryId, status: changed ? "PROCESSED" : "IGNORED", shopId: shop.id });
    }
    pending.length = 0;
    return shop;
  };

  for (const delivery of deliveries) {
    const decoded = decoder.decode(delivery, known?.currency ?? FALLBACK_CURRENCY);
    if ("error" in decoded) {
      outcomes.push({ deliveryId: delivery.id, status: "PARKED", error: decoded.error, attempts: 1 });
      continue;
    }
    const { events, platformStep } = decoded.decoded;
    if (events.some((event) => event.type === "privacy.shop_redact_requested")) {
      const redacted = (await applyPending()) ?? (await findOrCreateShop(tx, platform, shopDomain));
      if (platformStep) await platformStep(tx, redacted);
      await redactShop(tx, platform, shopDomain);
      return [];
    }
    pending.push({ deliveryId: delivery.id, events: events as ShopEvent[], platformStep });
    if (platformStep) await applyPending();
  }
  await applyPending();
  await scrubDeliveryBodies(tx, namingRedacted);
  return outcomes;
}

type Decoded = { decoded: DecodedDelivery } | { error: string };

/** Decodes deliveries, remembering each result with the currency it was decoded for. */
class Decoder {
  private readonly results = new Map<string, { currency: string; decoded: Decoded }>();

  constructor(private readonly decoders: DeliveryDecoders) {}

  decode(delivery: StoredDelivery, shopCurrency: string): Decoded {
    const known = this.results.get(delivery.id);
    if (known?.currency === shopCurrency) return known.decoded;
    const decoded = this.decodeOnce(delivery, shopCurrency);
    this.results.set(delivery.id, { currency: shopCurrency, decoded });
    return decoded;
  }

  private decodeOnce(delivery: StoredDelivery, shopCurrency: string): Decoded {
    try {
      const decode = this.decoders[delivery.platform];
      if (!decode) throw new UnprocessablePayloadError(`No decoder for ${delivery.platform} deliveries`);
      return { decoded: decode(delivery, shopCurrency) };
    } catch (error) {
      if (!(error instanceof UnprocessablePayloadError)) throw error;
      return { error: error.message };
    }
  }
}
