import { recommendationsOrdersSubscriber } from "~/core/recommendations/orders.subscriber.server";
import { createRecommendationJobs } from "~/core/recommendations/rebuild.job.server";
import type { FactKind } from "~/core/facts/types";
import type { Db } from "~/db/prisma.server";
import type { DeliveredFactOf } from "~/outbox/subscriber";
import { setUpProgramHarness, type ProgramHarness } from "./program-harness";
import { TEST_SHOP } from "./shopify-webhooks";

// The recommendation engine's services as the integration tests run them: the sync's facts reach
// the recommendations subscriber on the test's clock, the rebuild job runs on the same clock, and
// orders, refunds and products can be put into the store directly (many orders with chosen
// products, faster than webhooks) and announced to the subscriber with a bare fact.

export interface RecommendationsTest extends ProgramHarness {
  shopId(): Promise<string>;
  /** Hands the subscriber a fact about the order (its content is read from the store). */
  announce(kind: Extract<FactKind, "order.paid" | "refund.applied" | "order.cancelled">, orderId: string): Promise<void>;
  /** The full-history import's one fact of an order: order.placed, marked history, stating whether it is paid. */
  announceImported(orderId: string, paid: boolean): Promise<void>;
  announceProduct(platformId: string): Promise<void>;
}

export function setUpRecommendationsTest(startsAt: Date): RecommendationsTest {
  const subscriber = recommendationsOrdersSubscriber(() => harness.clock);
  const harness = setUpProgramHarness({ startsAt, subscribers: () => [subscriber], jobs: (now) => createRecommendationJobs({ now }) });
  const shopId = async () => (await harness.runtime.db.shop.findFirstOrThrow({ where: { domain: TEST_SHOP } })).id;
  let factId = 0;
  const deliver = async (fact: DeliveredFactOf<"order.placed" | "order.paid" | "refund.applied" | "order.cancelled" | "product.changed">) => {
    await harness.runtime.db.$transaction((tx) => subscriber.handleAll([fact], tx, { subscriber: subscriber.name, shopId: fact.shopId, attempt: 1 }));
  };
  const base = async () => ({ id: String((factId += 1)), shopId: await shopId(), history: false, customerId: null, occurredAt: harness.clock, recordedAt: harness.clock });
  const announcements: Omit<RecommendationsTest, keyof ProgramHarness> = {
    shopId,
    async announce(kind, orderId) {
      const { order, common } = bare(orderId);
      switch (kind) {
        case "order.paid":
          return deliver({ ...(await base()), kind, data: { ...common, financialStatus: "paid", paid: true, cancelled: false, test: false, amounts, lines: [] } });
        case "refund.applied":
          return deliver({
            ...(await base()),
            kind,
            data: { ...common, refund: order, amountMinor: "0", lines: [], eligibleBeforeMinor: "0", eligibleAfterMinor: "0" },
          });
        case "order.cancelled":
          return deliver({ ...(await base()), kind, data: { ...common, reason: null, eligibleBeforeMinor: "0", eligibleAfterMinor: "0" } });
      }
    },
    async announceImported(orderId, paid) {
      const { common } = bare(orderId);
      await deliver({
        ...(await base()),
        history: true,
        kind: "order.placed",
        data: { ...common, financialStatus: paid ? "paid" : "pending", paid, cancelled: false, test: false, amounts, lines: [], placedAt: harness.clock.toISOString() },
      });
    },
    async announceProduct(platformId) {
      await deliver({
        ...(await base()),
        kind: "product.changed",
        data: { product: { id: platformId, platformId }, created: false, deleted: false, status: null, variants: [] },
      });
    },
  };
  return Object.assign(harness, announcements);
}

const amounts = { subtotalMinor: "0", discountsMinor: "0", shippingMinor: "0", taxMinor: "0", totalMinor: "0", refundedMinor: "0", eligibleMinor: "0" };

/** A fact's order part; the subscriber reads everything else from the store. */
function bare(orderId: string) {
  const order = { id: orderId, platformId: orderId };
  return { order, common: { order, customer: null, currency: "EUR" } };
}

const money = { unitPriceMinor: 1000n, totalDiscountMinor: 0n, totalTaxMinor: 0n, currency: "EUR" };

/** A paid order of the products (one of each unless a quantity says otherwise), placed at `at`; returns our id. */
export async function storeOrder(db: Db, shopId: string, input: { platformId: string; products: ReadonlyArray<string | [string, number]>; at: Date; test?: boolean; financialStatus?: string }): Promise<string> {
  const order = await db.order.create({
    data: {
      shopId,
      platformId: input.platformId,
      currency: "EUR",
      subtotalMinor: 0n,
      totalDiscountsMinor: 0n,
      totalShippingMinor: 0n,
      totalTaxMinor: 0n,
      totalMinor: 0n,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: 0n,
      financialStatus: input.financialStatus ?? "paid",
      test: input.test ?? false,
      processedAt: input.at,
      sourceCreatedAt: input.at,
      sourceUpdatedAt: input.at,
      lineItems: {
        create: input.products.map((entry, i) => {
          const [product, quantity] = typeof entry === "string" ? [entry, 1] : entry;
          return { shopId, platformId: `${input.platformId}-${i}`, productPlatformId: product, title: product, quantity, ...money };
        }),
      },
    },
  });
  return order.id;
}

/** Refunds `quantity` of the order's line of `product`. */
export async function storeRefund(db: Db, shopId: string, orderId: string, product: string, quantity: number, at: Date): Promise<void> {
  const line = await db.orderLineItem.findFirstOrThrow({ where: { orderId, productPlatformId: product } });
  const refunds = await db.refund.count({ where: { orderId } });
  await db.refund.create({
    data: {
      shopId,
      orderId,
      platformId: `${line.platformId}-refund-${refunds}`,
      amountMinor: 0n,
      currency: "EUR",
      processedAt: at,
      lineItems: { create: [{ shopId, platformId: `${line.platformId}-refund-${refunds}-line`, lineItemPlatformId: line.platformId, quantity, subtotalMinor: 0n, totalTaxMinor: 0n }] },
    },
  });
}

/** A product in the store with one variant. */
export async function storeProduct(db: Db, shopId: string, platformId: string, state: { status?: string; available?: boolean; deleted?: boolean } = {}): Promise<void> {
  const data = { status: state.status ?? "active", deletedAt: state.deleted ? new Date() : null };
  const product = await db.product.upsert({
    where: { shopId_platformId: { shopId, platformId } },
    create: { shopId, platformId, title: platformId, ...data },
    update: data,
  });
  await db.productVariant.upsert({
    where: { shopId_platformId: { shopId, platformId: `${platformId}-v` } },
    create: { shopId, productId: product.id, platformId: `${platformId}-v`, title: "Default", priceMinor: 1000n, currency: "EUR", available: state.available ?? true },
    update: { available: state.available ?? true },
  });
}
