import type { Runtime } from "~/runtime.server";
import { postDemoDelivery } from "./demo-delivery.server";
import { DEMO_SHOP } from "./demo-shop";
import { ensureDemoProgram, settleDemoProgram } from "./demo-loyalty.server";
import { playDemoCrossSell } from "./demo-cross-sell.server";
import { ensureDemoReferralProgram, playDemoReferrals } from "./demo-referrals.server";
import { streamDemoHistory, type DemoDelivery } from "./history";
import type { DemoProgress } from "~/admin/demo-progress";

// Feeds the demo shop's generated history through the app's real webhook endpoints, signed the way
// Shopify signs, so the demo exercises exactly the path a real shop's data takes. Deliveries are
// deduplicated by event id, so a restart simply sends everything again and only what is missing
// is stored.
//
// Sent side by side in lanes, enough to keep the intake busy (it stores deliveries that arrive
// together in one statement): each record (product, customer, order with its refunds) always goes
// through the same lane, so its deliveries arrive in the order they happened, as processing
// expects (a refund after its order, an update after its create).

const LANES = 64;
/** Deliveries rendered ahead of the slowest lane, at most: bounds memory. */
const AHEAD = LANES * 8;

function laneOf(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % LANES;
}

/**
 * Sends the demo history in lanes (see above) and resolves once every delivery is acknowledged.
 * `onSent` is told after each acknowledgement.
 */
async function sendDeliveries(
  deliveries: Iterable<DemoDelivery>,
  post: (delivery: DemoDelivery) => Promise<void>,
  onSent: () => void,
): Promise<void> {
  const lanes: Array<Promise<void>> = Array.from({ length: LANES }, () => Promise.resolve());
  let pending = 0;
  let failure: unknown = null;
  let freed: (() => void) | null = null;
  for (const delivery of deliveries) {
    while (pending >= AHEAD && failure === null) await new Promise<void>((resolve) => (freed = resolve));
    if (failure !== null) break;
    const lane = laneOf(delivery.key);
    pending += 1;
    lanes[lane] = lanes[lane]!.then(async () => {
      if (failure !== null) return;
      try {
        await post(delivery);
        onSent();
      } catch (error) {
        failure ??= error;
      } finally {
        pending -= 1;
        const wake = freed;
        freed = null;
        wake?.();
      }
    });
  }
  await Promise.all(lanes);
  if (failure !== null) throw failure;
}

/**
 * Loads the demo shop. Its history is anchored to the day the shop was first set up (the shop
 * row's creation), so a later start regenerates the very same deliveries and only what is missing
 * is stored again.
 */
export async function loadDemoShop(runtime: Runtime, baseUrl: string, log: (line: string) => void): Promise<void> {
  const { db, config, queue } = runtime;
  const { domain, name, currency } = DEMO_SHOP;
  const shop = await db.shop.upsert({
    where: { platform_domain: { platform: "SHOPIFY", domain } },
    create: { platform: "SHOPIFY", domain, name, currency, isDemo: true },
    update: { isDemo: true },
  });
  const history = streamDemoHistory({ ...config.demoSize, anchor: shop.createdAt });
  await ensureDemoProgram(runtime, shop.id, new Date(history.start));
  const stored = await db.webhookDelivery.count({ where: { shopDomain: domain } });
  if (stored < history.deliveryCount) {
    log(`Sending the demo shop's history: ${history.deliveryCount} signed webhooks to ${baseUrl}/webhooks/…`);
    const progress: DemoProgress = { phase: "sending", total: history.deliveryCount, sent: 0, startedAt: Date.now() };
    runtime.demoProgress.record(progress);
    let nextReport = 0.1;
    await sendDeliveries(
      history.deliveries(),
      (delivery) => postDemoDelivery(baseUrl, domain, config.shopify.apiSecret, delivery),
      () => {
        progress.sent += 1;
        if (progress.sent / progress.total >= nextReport) {
          log(`  ${Math.round(nextReport * 100)} % sent (${progress.sent}, ${Math.round(progress.sent / ((Date.now() - progress.startedAt) / 1000))}/s)`);
          nextReport += 0.1;
        }
      },
    );
    progress.phase = "processing";
  }
  if (!config.worker.inProcess) {
    log("Deliveries stored; the workers (npm run worker) process them.");
    runtime.demoProgress.record(null);
    return;
  }
  log("Processing the deliveries into the CRM store…");
  const processingFrom = Date.now();
  queue.wake();
  await queue.whenIdle();
  runtime.demoProgress.record(null);
  const [customers, orders, products] = await Promise.all([
    db.customer.count({ where: { shop: { domain } } }),
    db.order.count({ where: { shop: { domain } } }),
    db.product.count({ where: { shop: { domain } } }),
  ]);
  log(`Demo shop ${name}: ${customers} customers, ${orders} orders, ${products} products (processed ${seconds(Date.now() - processingFrom)} after sending).`);
  const settlingFrom = Date.now();
  const redeemed = await settleDemoProgram(runtime, shop.id, domain);
  const members = await db.loyaltyMember.count({ where: { shopId: shop.id } });
  log(`Loyalty program: ${members} members, ${redeemed} rewards redeemed (settled in ${seconds(Date.now() - settlingFrom)}).`);
  // Switched on after the history is processed: its orders carry no friend's code to look for.
  const referralsFrom = Date.now();
  await ensureDemoReferralProgram(runtime, shop.id);
  const played = await playDemoReferrals(runtime, { id: shop.id, domain, currency: shop.currency }, baseUrl, new Date(history.end - 1));
  log(`Referral program: ${played.referrals} referrals (${played.stories} played in ${seconds(Date.now() - referralsFrom)}).`);
  const crossSellFrom = Date.now();
  const crossSell = await playDemoCrossSell(runtime, shop.id, new Date(history.end));
  log(
    `Cross-sell: ${crossSell.attributedLines} order lines from the block, counters for ${crossSell.days} days, ${crossSell.rules} rules (in ${seconds(Date.now() - crossSellFrom)}).`,
  );
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
