import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { z } from "zod";
import { getDemoCatalog } from "~/demo/catalog";
import { DEMO_HISTORY_DEFAULTS, demoHistoryEnd } from "~/demo/history";
import type { OrderPlan } from "~/demo/model";
import { planHistory } from "~/demo/plan";

// The shop `npm run bench:recs` rebuilds from, written in a process of its own (forked by the
// benchmark, compiled beside it), so that the benchmark's peak memory is the rebuild's and not the
// generator's. The orders are the demo shop's plan (app/demo/plan.ts), the generator `npm run
// eval:recs` evaluates on: baskets drawn from the catalogue's basket rules (an anchor product
// pulling complements), with the plan's payments, cancellations and refunds. The plan gives each
// kind of id at most 999,999 times, so the history is planned in consecutive stretches of
// CHUNK_MONTHS, each with a seed of its own, and written straight to the tables with SQL (the
// store as the sync leaves it; no webhooks, which would take hours for a million lines).

const requestSchema = z.object({
  connectionString: z.string().min(1),
  shopId: z.uuid(),
  /** Order lines to write (the last order may end a few beyond). */
  lines: z.number().int().positive(),
  months: z.number().int().positive(),
});

export type SeedRequest = z.infer<typeof requestSchema>;

export interface SeedResult {
  products: number;
  customers: number;
  orders: number;
  paidOrders: number;
  lines: number;
  refunds: number;
  refundLines: number;
  seconds: number;
}

const CHUNK_MONTHS = 6;
/** Order lines per order in the demo plan (measured: 2.57), to size each stretch's plan. */
const LINES_PER_ORDER = 2.5;
const ROWS_PER_INSERT = 10_000;
const MONTH_MS = 30.44 * 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** Shopify's financial status of the planned order now. */
function financialStatus(order: OrderPlan): string {
  if (order.paidAt === null) return order.cancel ? "voided" : "pending";
  if (order.refunds.length === 0) return "paid";
  const refunded = order.refunds.reduce((sum, refund) => sum + refund.amount.shop, 0);
  return refunded >= order.totals.total.shop ? "refunded" : "partially_refunded";
}

/** Rows as columns, written with one INSERT … SELECT FROM unnest per ROWS_PER_INSERT rows; `$1` is the shop. */
async function insertRows(client: pg.Client, shopId: string, sql: string, columns: readonly unknown[][]): Promise<void> {
  const count = columns[0]!.length;
  for (let start = 0; start < count; start += ROWS_PER_INSERT) {
    await client.query(sql, [shopId, ...columns.map((column) => column.slice(start, start + ROWS_PER_INSERT))]);
  }
}

/** The demo catalogue's products, active, with their variants. */
async function writeCatalog(client: pg.Client, shopId: string): Promise<number> {
  const { products, collections } = getDemoCatalog();
  const collectionId = new Map(collections.map((collection) => [collection.handle, collection.id] as const));
  const ids = products.map(() => randomUUID());
  await insertRows(
    client,
    shopId,
    `INSERT INTO "Product" (id, "shopId", "platformId", title, handle, status, vendor, "productType", tags, "collectionIds", "updatedAt")
     SELECT p.id, $1, p.platform, p.title, p.handle, 'active', p.vendor, p.type, '{}', ARRAY[p.collection], now()
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS p(id, platform, title, handle, vendor, type, collection)`,
    [
      ids,
      products.map((product) => product.id),
      products.map((product) => product.title),
      products.map((product) => product.handle),
      products.map((product) => product.vendor),
      products.map((product) => product.productType),
      products.map((product) => collectionId.get(product.collection) ?? product.collection),
    ],
  );
  const variants = products.flatMap((product, index) => product.variants.map((variant) => ({ productId: ids[index]!, variant })));
  await insertRows(
    client,
    shopId,
    `INSERT INTO "ProductVariant" (id, "shopId", "productId", "platformId", title, sku, "priceMinor", currency, "inventoryQuantity", available)
     SELECT gen_random_uuid(), $1, v.product, v.platform, v.title, v.sku, v.price, 'EUR', v.quantity, v.available
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int[], $8::bool[]) AS v(product, platform, title, sku, price, quantity, available)`,
    [
      variants.map((row) => row.productId),
      variants.map((row) => row.variant.id),
      variants.map((row) => row.variant.title),
      variants.map((row) => row.variant.sku),
      variants.map((row) => row.variant.priceMinor),
      variants.map((row) => row.variant.inventoryQuantity),
      variants.map((row) => row.variant.available),
    ],
  );
  return products.length;
}

/** One stretch of the plan: its registered customers, orders with their lines, refunds with theirs. */
async function writeOrders(client: pg.Client, shopId: string, orders: readonly OrderPlan[], counts: SeedResult): Promise<void> {
  const customerIds = new Map<string, string>();
  for (const order of orders) {
    if (order.customer.id !== null && !customerIds.has(order.customer.id)) customerIds.set(order.customer.id, randomUUID());
  }
  const customers = [...new Set(orders.map((order) => order.customer))].filter((customer) => customer.id !== null);
  await insertRows(
    client,
    shopId,
    `INSERT INTO "Customer" (id, "shopId", "platformId", email, "emailNormalized", "firstName", "lastName", tags, "sourceCreatedAt", "updatedAt")
     SELECT c.id, $1, c.platform, c.email, lower(c.email), c.first, c.last, '{}', c.at::timestamp, now()
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS c(id, platform, email, first, last, at)`,
    [
      customers.map((customer) => customerIds.get(customer.id!)),
      customers.map((customer) => customer.id),
      customers.map((customer) => customer.person.email),
      customers.map((customer) => customer.person.firstName),
      customers.map((customer) => customer.person.lastName),
      customers.map((customer) => iso(customer.signupAt ?? customer.orderTimes[0] ?? Date.now())),
    ],
  );
  const orderIds = orders.map(() => randomUUID());
  await insertRows(
    client,
    shopId,
    `INSERT INTO "Order" (id, "shopId", "platformId", "customerId", name, "orderNumber", email, currency, "subtotalMinor", "totalDiscountsMinor",
       "totalShippingMinor", "totalTaxMinor", "totalMinor", "presentmentCurrency", "presentmentTotalMinor", "financialStatus", "cancelledAt", tags,
       "processedAt", "sourceCreatedAt", "sourceUpdatedAt", "updatedAt")
     SELECT o.id, $1, o.platform, o.customer, '#' || o.number, o.number, o.email, 'EUR', o.subtotal, o.discounts, o.shipping, o.tax, o.total,
       o.presentment, o.presentment_total, o.status, o.cancelled::timestamp, '{}', o.at::timestamp, o.at::timestamp, o.at::timestamp, now()
     FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::text[],
       $13::int8[], $14::text[], $15::text[], $16::text[])
       AS o(id, platform, customer, number, email, subtotal, discounts, shipping, tax, total, presentment, presentment_total, status, cancelled, at)`,
    [
      orderIds,
      orders.map((order) => order.id),
      orders.map((order) => (order.customer.id === null ? null : customerIds.get(order.customer.id))),
      orders.map((order) => order.number),
      orders.map((order) => order.customer.person.email),
      orders.map((order) => order.totals.subtotal.shop),
      orders.map((order) => order.totals.discounts.shop),
      orders.map((order) => order.totals.shipping.shop),
      orders.map((order) => order.totals.tax.shop),
      orders.map((order) => order.totals.total.shop),
      orders.map((order) => order.presentmentCurrency),
      orders.map((order) => order.totals.total.presentment),
      orders.map(financialStatus),
      orders.map((order) => (order.cancel ? iso(order.cancel.at) : null)),
      orders.map((order) => iso(order.createdAt)),
    ],
  );
  const lines = orders.flatMap((order, index) => order.lines.map((line) => ({ orderId: orderIds[index]!, line })));
  await insertRows(
    client,
    shopId,
    `INSERT INTO "OrderLineItem" (id, "shopId", "orderId", "platformId", "productPlatformId", "variantPlatformId", title, "variantTitle", sku, quantity,
       "unitPriceMinor", "totalDiscountMinor", "totalTaxMinor", currency)
     SELECT gen_random_uuid(), $1, l.order_id, l.platform, l.product, l.variant, l.title, l.variant_title, l.sku, l.quantity, l.price, l.discount, l.tax, 'EUR'
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int8[], $11::int8[], $12::int8[])
       AS l(order_id, platform, product, variant, title, variant_title, sku, quantity, price, discount, tax)`,
    [
      lines.map((row) => row.orderId),
      lines.map((row) => row.line.id),
      lines.map((row) => row.line.product.id),
      lines.map((row) => row.line.variant.id),
      lines.map((row) => row.line.product.title),
      lines.map((row) => row.line.variant.title),
      lines.map((row) => row.line.variant.sku),
      lines.map((row) => row.line.quantity),
      lines.map((row) => row.line.unitPrice.shop),
      lines.map((row) => row.line.discount.shop),
      lines.map((row) => row.line.tax.shop),
    ],
  );
  const refunds = orders.flatMap((order, index) => order.refunds.map((refund) => ({ orderId: orderIds[index]!, refundId: randomUUID(), refund })));
  await insertRows(
    client,
    shopId,
    `INSERT INTO "Refund" (id, "shopId", "orderId", "platformId", note, "amountMinor", currency, "processedAt")
     SELECT r.id, $1, r.order_id, r.platform, r.note, r.amount, 'EUR', r.at::timestamp
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int8[], $7::text[]) AS r(id, order_id, platform, note, amount, at)`,
    [
      refunds.map((row) => row.refundId),
      refunds.map((row) => row.orderId),
      refunds.map((row) => row.refund.id),
      refunds.map((row) => row.refund.note),
      refunds.map((row) => row.refund.amount.shop),
      refunds.map((row) => iso(row.refund.at)),
    ],
  );
  const refundLines = refunds.flatMap((row) => row.refund.lines.map((line) => ({ refundId: row.refundId, line })));
  await insertRows(
    client,
    shopId,
    `INSERT INTO "RefundLineItem" (id, "shopId", "refundId", "platformId", "lineItemPlatformId", quantity, "subtotalMinor", "totalTaxMinor", "restockType")
     SELECT gen_random_uuid(), $1, r.refund, r.platform, r.line, r.quantity, r.subtotal, r.tax, r.restock
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::int8[], $7::int8[], $8::text[]) AS r(refund, platform, line, quantity, subtotal, tax, restock)`,
    [
      refundLines.map((row) => row.refundId),
      refundLines.map((row) => row.line.id),
      refundLines.map((row) => row.line.line.id),
      refundLines.map((row) => row.line.quantity),
      refundLines.map((row) => row.line.subtotal.shop),
      refundLines.map((row) => row.line.tax.shop),
      refundLines.map((row) => row.line.restockType),
    ],
  );
  counts.customers += customers.length;
  counts.orders += orders.length;
  counts.paidOrders += orders.filter((order) => order.paidAt !== null && order.cancel === null).length;
  counts.lines += lines.length;
  counts.refunds += refunds.length;
  counts.refundLines += refundLines.length;
}

/**
 * Plans and writes the history, newest stretch first, until it holds `lines` order lines: the
 * stretches are CHUNK_MONTHS each, ending where the next begins; the customers are the demo's
 * share of buyers per order, new in each stretch.
 */
async function seed(request: SeedRequest): Promise<SeedResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: request.connectionString });
  await client.connect();
  try {
    const counts: SeedResult = { products: 0, customers: 0, orders: 0, paidOrders: 0, lines: 0, refunds: 0, refundLines: 0, seconds: 0 };
    counts.products = await writeCatalog(client, request.shopId);
    const stretches = Math.ceil(request.months / CHUNK_MONTHS);
    const ordersPerStretch = Math.ceil(request.lines / LINES_PER_ORDER / stretches);
    let end = demoHistoryEnd(new Date()).getTime();
    for (let stretch = 0; counts.lines < request.lines; stretch++) {
      const plan = planHistory({
        seed: DEMO_HISTORY_DEFAULTS.seed + stretch,
        customers: Math.round((ordersPerStretch * DEMO_HISTORY_DEFAULTS.customers) / DEMO_HISTORY_DEFAULTS.orders),
        orders: ordersPerStretch,
        months: CHUNK_MONTHS,
        end,
      });
      // The newest first, so that a cut in the last (oldest) stretch leaves no gap in the history.
      const newestFirst = [...plan.orders].sort((a, b) => b.createdAt - a.createdAt);
      const orders: OrderPlan[] = [];
      let lines = counts.lines;
      for (const order of newestFirst) {
        if (lines >= request.lines) break;
        orders.push(order);
        lines += order.lines.length;
      }
      await writeOrders(client, request.shopId, orders, counts);
      end -= CHUNK_MONTHS * MONTH_MS;
    }
    await client.query(`ANALYZE`);
    return { ...counts, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

process.once("message", (message: unknown) => {
  seed(requestSchema.parse(message)).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
