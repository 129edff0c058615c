import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mapBatch, mappedChunks, readRecords, type MappedChunk } from "~/platforms/shopify/bulk/mapped-chunks";
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

function refundLinesOf(refundGids: readonly string[]) {
  return new Map(refundGids.map((gid) => [gid, refundNode(spec, gid)!.refundLineItems as RefundLineItemNode[]]));
}

async function readAll(phase: ImportPhase) {
  const records = [];
  const cursor = { url: "file", offset: 0, expectedId: null };
  for await (const record of readRecords(createReadStream(written[phase].path), phase, cursor, Number.MAX_SAFE_INTEGER)) records.push(record);
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
    const refundLines = refundLinesOf(orders.flatMap((order) => (order.node.refunds as Array<{ id: string }>).map((refund) => refund.id)));
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
});

describe("a batch read chunk by chunk (what an import job writes)", () => {
  async function chunksOf(request: { size: number; chunkSize: number; offset?: number; expectedId?: string | null }) {
    const lookups: string[][] = [];
    const chunks: MappedChunk[] = [];
    const cursor = { url: "file", offset: request.offset ?? 0, expectedId: request.expectedId ?? null };
    const stream = createReadStream(written.orders.path, { start: cursor.offset });
    const lookUp = async (refundGids: string[]) => {
      lookups.push(refundGids);
      return refundLinesOf(refundGids);
    };
    for await (const chunk of mappedChunks(stream, { phase: "orders", cursor, size: request.size, chunkSize: request.chunkSize, shopCurrency: "EUR" }, lookUp)) {
      chunks.push(chunk);
    }
    return { chunks, lookups };
  }

  test("maps the same orders as the whole batch at once, with one refund lookup per chunk for just the refunded orders", async () => {
    const all = await readAll("orders");
    const expected = mapBatch("orders", all, "EUR", refundLinesOf(all.flatMap((order) => (order.node.refunds as Array<{ id: string }>).map((refund) => refund.id))));
    const { chunks, lookups } = await chunksOf({ size: Number.MAX_SAFE_INTEGER, chunkSize: 64 });

    expect(chunks.map((chunk) => chunk.records)).toEqual([...Array.from({ length: 6 }, () => 64), 16]);
    const orders = chunks.flatMap((chunk) => chunk.batch.orders);
    const byId = (a: { platformId: string }, b: { platformId: string }) => a.platformId.localeCompare(b.platformId);
    expect(orders.sort(byId)).toEqual(expected.orders.sort(byId));
    expect(lookups.length).toBeLessThanOrEqual(chunks.length);
    expect(lookups.flat().sort()).toEqual(expected.orders.flatMap((order) => order.refunds.map((refund) => `gid://shopify/Refund/${refund.platformId}`)).sort());
    // Each chunk ends where the next record starts; the last has no next record.
    chunks.forEach((chunk, i) => expect(chunk.nextId).toBe(i < chunks.length - 1 ? all[(i + 1) * 64]!.id : null));
    expect(chunks.at(-1)!.endOffset).toBe(written.orders.bytes);
  });

  test("a batch stops after `size` records, and the next resumes at the offset and record it names", async () => {
    const first = await chunksOf({ size: 100, chunkSize: 64 });
    expect(first.chunks.map((chunk) => chunk.records)).toEqual([64, 36]);
    const { endOffset, nextId } = first.chunks.at(-1)!;
    const rest = await chunksOf({ size: Number.MAX_SAFE_INTEGER, chunkSize: 1_000, offset: endOffset, expectedId: nextId });
    expect(rest.chunks.map((chunk) => chunk.records)).toEqual([spec.orders - 100]);
    expect(rest.chunks[0]!.batch.orders[0]!.platformId).toBe(nextId!.split("/").at(-1));
    await expect(chunksOf({ size: 10, chunkSize: 5, offset: endOffset, expectedId: "gid://shopify/Order/1" })).rejects.toThrow(/expected gid:\/\/shopify\/Order\/1/);
  });

  test("a failing refund lookup fails the read", async () => {
    const stream = createReadStream(written.orders.path);
    const request = { phase: "orders" as const, cursor: { url: "file", offset: 0, expectedId: null }, size: 1_000, chunkSize: 1_000, shopCurrency: "EUR" };
    const read = async () => {
      for await (const _chunk of mappedChunks(stream, request, () => Promise.reject(new Error("THROTTLED for good")))) void _chunk;
    };
    await expect(read()).rejects.toThrow("THROTTLED for good");
  });
});
