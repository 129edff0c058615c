import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mapBatch, readChunks } from "~/platforms/shopify/bulk/import.server";
import type { RefundLineItemNode } from "~/platforms/shopify/bulk/map-nodes";
import type { ImportPhase } from "~/platforms/shopify/bulk/queries";
import { CONNECTIONS } from "../../../../fakes/shopify-admin-server";
import {
  bulkHistorySpec,
  customerNode,
  orderNode,
  productNode,
  refundNode,
  writeBulkResult,
  type WrittenResult,
} from "../../../../fakes/shopify-bulk-history";

// The benchmark's generated history must be what Shopify would send: the real reader assembles
// exactly the generated records from the JSONL, and the real mappers accept every one of them.

const spec = bulkHistorySpec(400, 7);
let dir: string;
const written = {} as Record<ImportPhase, WrittenResult>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bulk-history-"));
  for (const phase of ["customers", "products", "orders"] as const) {
    written[phase] = await writeBulkResult(spec, phase, path.join(dir, `${phase}.jsonl`));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readAll(phase: ImportPhase) {
  const records = [];
  const cursor = { url: "file", offset: 0, expectedId: null };
  for await (const chunk of readChunks(createReadStream(written[phase].path), phase, cursor, Number.MAX_SAFE_INTEGER, 64)) {
    records.push(...chunk);
  }
  return records;
}

/**
 * The order as a bulk result carries it: an empty connection has no child lines, so no array;
 * refund lines come from a query of their own.
 */
function asExported(node: Record<string, unknown>) {
  const refunds = node.refunds as Array<Record<string, unknown>>;
  const empty = new Set(CONNECTIONS.orders.filter((field) => (node[field] as unknown[]).length === 0));
  const fields = Object.entries({ ...node, refunds: refunds.map(({ refundLineItems: _lines, ...refund }) => refund) });
  return Object.fromEntries(fields.filter(([field]) => !empty.has(field)));
}

describe("generated bulk history", () => {
  test("the reader assembles exactly the generated orders, children in place", async () => {
    const records = await readAll("orders");
    expect(records.map((record) => record.id)).toEqual(Array.from({ length: spec.orders }, (_, i) => orderNode(spec, i).id));
    records.forEach((record, i) => expect(record.node).toEqual(asExported(orderNode(spec, i))));
    const lines = records.reduce((sum, record) => sum + ((record.node.lineItems as unknown[] | undefined)?.length ?? 0), 0);
    expect(lines).toBe(written.orders.children.lineItems);
    expect(written.orders.objectCount).toBe(records.reduce((sum, record) => sum + record.lines, 0));
  });

  test("customers and products come back as generated", async () => {
    const customers = await readAll("customers");
    customers.forEach((record, i) => expect(record.node).toEqual(customerNode(spec, i)));
    expect(customers).toHaveLength(spec.customers);
    const products = await readAll("products");
    products.forEach((record, i) => expect(record.node).toEqual(productNode(spec, i)));
    expect(products).toHaveLength(spec.products);
  });

  test("every record maps without being skipped, with consistent money and refund lines by id", async () => {
    const orders = await readAll("orders");
    const refundLines = new Map<string, RefundLineItemNode[]>();
    for (const order of orders) {
      for (const refund of order.node.refunds as Array<{ id: string }>) {
        refundLines.set(refund.id, refundNode(spec, refund.id)!.refundLineItems as RefundLineItemNode[]);
      }
    }
    expect(refundLines.size).toBeGreaterThan(0);
    const mapped = mapBatch("orders", orders, "EUR", refundLines);
    expect(mapped.skipped).toEqual([]);
    expect(mapped.orders).toHaveLength(spec.orders);
    for (const order of mapped.orders) {
      const lines = order.lineItems.reduce((sum, line) => sum + line.unitPriceMinor * BigInt(line.quantity) - line.totalDiscountMinor, 0n);
      expect(order.subtotalMinor).toBe(lines);
      expect(order.totalMinor).toBe(order.subtotalMinor + order.totalShippingMinor);
      for (const refund of order.refunds) expect(refund.lineItems).toHaveLength(1);
    }
    // Guests, discount codes and refunds all occur.
    expect(mapped.orders.some((order) => order.buyer?.platformId === null)).toBe(true);
    expect(mapped.orders.some((order) => order.discountCodes.length > 0)).toBe(true);
    expect(mapBatch("customers", await readAll("customers"), "EUR").skipped).toEqual([]);
    expect(mapBatch("products", await readAll("products"), "EUR").skipped).toEqual([]);
  });

  test("the same seed writes the same history; a refund id of another history is unknown", async () => {
    expect(orderNode(spec, 123)).toEqual(orderNode(bulkHistorySpec(400, 7), 123));
    expect(orderNode(spec, 123)).not.toEqual(orderNode(bulkHistorySpec(400, 8), 123));
    expect(refundNode(spec, "gid://shopify/Refund/1")).toBeNull();
    expect(refundNode(spec, "gid://shopify/Order/9100000000001")).toBeNull();
  });
});
