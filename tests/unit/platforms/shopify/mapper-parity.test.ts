import { createReadStream, readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import type { OrderSnapshot, RefundSnapshot } from "~/core/platform";
import { assembleRecords, childFieldByTypename, readJsonl } from "~/platforms/shopify/bulk/jsonl";
import { mapOrderNode, refundGidsOf } from "~/platforms/shopify/bulk/map-nodes";
import { CHILD_FIELDS, REFUND_DETAILS_QUERY } from "~/platforms/shopify/bulk/queries";
import { fetchRefundLines } from "~/platforms/shopify/bulk/refund-details.server";
import type { AdminGraphqlClient } from "~/platforms/shopify/admin-graphql.server";
import { mapShopifyWebhook } from "~/platforms/shopify/map-webhook";

import { loadFixture } from "./load-fixture";

// One order, two routes into the CRM: a webhook (REST shape, tests/fixtures/shopify/orders-*.json)
// and the full-history import (the same order as the Admin GraphQL API returns it for the bulk
// query: tests/fixtures/shopify/graphql/order-*.jsonl, its refunds' lines as the RefundDetails
// query answers them: order-*.refund-lines.json). Both must give the same snapshot. Every field
// where they may differ is listed below with both values and why; any other difference fails.
//
// The GraphQL fixtures follow shopify.dev's types, not the mapper: gids; MoneyBag/MoneyV2 with
// Decimal amounts as strings ("89.9", "0.0"); enums in upper case (OrderDisplayFinancialStatus,
// OrderDisplayFulfillmentStatus, OrderCancelReason, RefundLineItemRestockType,
// DiscountApplicationAllocationMethod/TargetType); DateTime in UTC; the nested connections
// (lineItems, discountApplications, shippingLines) as JSONL lines with __parentId after their
// order (groupObjects: true); refunds, a list field, inline on the order line.

const GRAPHQL_FIXTURES = new URL("../../../fixtures/shopify/graphql/", import.meta.url);

/** Why a field cannot agree: each inherent difference names one. */
const WHY = {
  landingPage:
    "Order.customerJourneySummary.firstVisit.landingPage is a URL scalar: absolute, with the storefront's scheme and host. " +
    "The webhook's landing_site is the storefront's own record of the landing page, here a shop-relative path. " +
    "Neither can be turned into the other without guessing, so each source's value is stored as it comes.",
} as const;

interface Difference {
  path: string;
  webhook: unknown;
  bulk: unknown;
}

interface ExpectedDifference extends Difference {
  why: string;
}

/** Every leaf where the two values differ (Dates by instant, bigints by value), with its path. */
function differences(webhook: unknown, bulk: unknown, path = ""): Difference[] {
  if (webhook instanceof Date && bulk instanceof Date) {
    return webhook.getTime() === bulk.getTime() ? [] : [{ path, webhook, bulk }];
  }
  if (Array.isArray(webhook) && Array.isArray(bulk)) {
    if (webhook.length !== bulk.length) return [{ path: `${path}.length`, webhook: webhook.length, bulk: bulk.length }];
    return webhook.flatMap((item, index) => differences(item, bulk[index], `${path}[${index}]`));
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
  if (isObject(webhook) && isObject(bulk)) {
    const keys = [...new Set([...Object.keys(webhook), ...Object.keys(bulk)])].sort();
    return keys.flatMap((key) => differences(webhook[key], bulk[key], path ? `${path}.${key}` : key));
  }
  return Object.is(webhook, bulk) ? [] : [{ path, webhook, bulk }];
}

function webhookEvent(topic: string, fixture: string) {
  return mapShopifyWebhook({ topic, payload: loadFixture(fixture), shopCurrency: "EUR", triggeredAt: null });
}

function webhookOrder(topic: string, fixture: string): OrderSnapshot {
  const event = webhookEvent(topic, fixture);
  if (event.type !== "order.upserted") throw new Error(`expected order.upserted, got ${event.type}`);
  return event.order;
}

/** The RefundDetails answer from the fixture, served to the app's own fetcher. */
function refundDetailsClient(name: string, expectedIds: readonly string[]): AdminGraphqlClient {
  return {
    graphql(query, options) {
      expect(query).toBe(REFUND_DETAILS_QUERY);
      expect(options?.variables).toStrictEqual({ ids: expectedIds });
      const body = readFileSync(new URL(`${name}.refund-lines.json`, GRAPHQL_FIXTURES), "utf8");
      return Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
    },
  };
}

/** The GraphQL order node as the import assembles it from the JSONL (children gathered by __typename). */
async function bulkNode(name: string): Promise<Record<string, unknown>> {
  const input = createReadStream(new URL(`${name}.jsonl`, GRAPHQL_FIXTURES));
  const records = [];
  for await (const record of assembleRecords(readJsonl(input), { childField: childFieldByTypename(CHILD_FIELDS.orders) })) {
    records.push(record);
  }
  expect(records).toHaveLength(1);
  return records[0]!.node;
}

/** Read, refund lines fetched and mapped as the import does (mapped-chunks, refund-details). */
async function bulkOrder(name: string, node?: Record<string, unknown>): Promise<OrderSnapshot> {
  const order = node ?? (await bulkNode(name));
  const refundGids = refundGidsOf(order);
  const refundLines =
    refundGids.length === 0
      ? new Map()
      : await fetchRefundLines(refundDetailsClient(name, refundGids), refundGids, { maxAttempts: 1 });
  return mapOrderNode(order, refundLines);
}

interface OrderCase {
  topic: string;
  webhook: string;
  graphql: string;
  inherent: ExpectedDifference[];
}

const ORDER_CASES: OrderCase[] = [
  {
    topic: "orders/create",
    webhook: "orders-create",
    graphql: "order-create",
    inherent: [
      {
        path: "landingSite",
        webhook: "/products/alpine-wool-sweater?utm_source=newsletter",
        bulk: "https://alpine-outfitters.myshopify.com/products/alpine-wool-sweater?utm_source=newsletter",
        why: WHY.landingPage,
      },
    ],
  },
  {
    topic: "orders/updated",
    webhook: "orders-updated",
    graphql: "order-updated",
    inherent: [
      { path: "landingSite", webhook: "/", bulk: "https://alpine-outfitters.myshopify.com/", why: WHY.landingPage },
    ],
  },
  {
    topic: "orders/paid",
    webhook: "orders-paid",
    graphql: "order-paid",
    inherent: [
      {
        path: "landingSite",
        webhook: "/collections/socks",
        bulk: "https://alpine-outfitters.myshopify.com/collections/socks",
        why: WHY.landingPage,
      },
    ],
  },
  {
    // A draft order: no storefront visit, so neither source has a landing page.
    topic: "orders/cancelled",
    webhook: "orders-cancelled",
    graphql: "order-cancelled",
    inherent: [],
  },
];

function expectOnly(actual: Difference[], expected: readonly ExpectedDifference[]): void {
  expect(actual).toStrictEqual(expected.map(({ path, webhook, bulk }) => ({ path, webhook, bulk })));
}

describe("the webhook mapper and the bulk mapper give the same order", () => {
  it.each(ORDER_CASES)("$webhook (webhook) and graphql/$graphql (import)", async ({ topic, webhook, graphql, inherent }) => {
    const fromWebhook = webhookOrder(topic, webhook);
    const fromBulk = await bulkOrder(graphql);
    // The fixtures are the same order, with refunds where Shopify has them.
    expect(fromBulk.platformId).toBe(fromWebhook.platformId);
    expect(fromBulk.refunds.length).toBe((loadFixture(webhook) as { refunds: unknown[] }).refunds.length);
    expectOnly(differences(fromWebhook, fromBulk), inherent);
  });

  it("the refunds/create refund and the same refund on the imported order", async () => {
    const event = webhookEvent("refunds/create", "refunds-create");
    if (event.type !== "refund.created") throw new Error(`expected refund.created, got ${event.type}`);
    const fromBulk = await bulkOrder("order-refunded");
    expect(fromBulk.refunds).toHaveLength(1);
    const refund: RefundSnapshot = fromBulk.refunds[0]!;
    // The webhook's amount is the CHF refund transaction at the rate of its refund line; the import
    // reads Shopify's own shop-currency total (totalRefundedSet.shopMoney). Both: 80.91 EUR.
    expect(refund.amountMinor).toBe(8091n);
    expectOnly(differences(event.refund, refund), []);
  });

  it("notices a field mapped differently", async () => {
    // The comparison itself must be able to fail: one changed field shows up as a difference.
    const node = await bulkNode("order-paid");
    node.sourceName = "pos";
    const fromBulk = await bulkOrder("order-paid", node);
    const found = differences(webhookOrder("orders/paid", "orders-paid"), fromBulk).map((difference) => difference.path);
    expect(found).toContain("sourceName");
  });
});
