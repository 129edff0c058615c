import { createReadStream } from "node:fs";
import { appendFile, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RefundLineItemNode } from "~/platforms/shopify/bulk/map-nodes";
import { mappedChunks, type MappedChunk, type RefundLinesLookup, type ResultBatchRequest } from "~/platforms/shopify/bulk/mapped-chunks";
import { ResultReader } from "~/platforms/shopify/bulk/result-reader.server";
import { bulkHistorySpec, refundNode, writeBulkResult, type WrittenResult } from "../../../../fakes/shopify-bulk-history";

// The import's result reader thread, started as the app starts it (from source here): what it hands
// out, how failures on either side end a read, and that one thread serves reads side by side.

const spec = bulkHistorySpec(300, 11);
let dir: string;
let orders: WrittenResult;
const reader = new ResultReader();

const lookUp: RefundLinesLookup = async (refundGids) =>
  new Map(refundGids.map((gid) => [gid, refundNode(spec, gid)!.refundLineItems as RefundLineItemNode[]]));

function request(file: string, overrides: Partial<ResultBatchRequest> = {}): ResultBatchRequest {
  return {
    phase: "orders",
    cursor: { url: pathToFileURL(file).href, offset: 0, expectedId: null },
    size: Number.MAX_SAFE_INTEGER,
    chunkSize: 100,
    shopCurrency: "EUR",
    ...overrides,
  };
}

async function collect(chunks: AsyncIterable<MappedChunk>): Promise<MappedChunk[]> {
  const all: MappedChunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "result-reader-"));
  orders = await writeBulkResult(spec, "orders", path.join(dir, "orders.jsonl"));
});
afterAll(async () => {
  await reader.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the result reader thread", { timeout: 30_000 }, () => {
  test("hands out the chunks the batch maps to in this thread, refund lines looked up on the caller's side", async () => {
    const expected = await collect(mappedChunks(createReadStream(orders.path), request(orders.path), lookUp));
    const looked: string[][] = [];
    const chunks = await collect(reader.read(request(orders.path), async (gids) => (looked.push(gids), lookUp(gids))));
    expect(chunks).toEqual(expected);
    expect(chunks.map((chunk) => chunk.records)).toEqual([100, 100, 100]);
    expect(looked.flat().length).toBe(chunks.reduce((sum, chunk) => sum + chunk.batch.orders.reduce((n, order) => n + order.refunds.length, 0), 0));
  });

  test("two batches read side by side on one thread, each from its own cursor", async () => {
    const ids = (chunks: MappedChunk[]) => chunks.flatMap((chunk) => chunk.batch.orders.map((order) => order.platformId)).sort();
    const first = await collect(reader.read(request(orders.path, { size: 150 }), lookUp));
    const { endOffset, nextId } = first.at(-1)!;
    const resumed = request(orders.path, { cursor: { url: pathToFileURL(orders.path).href, offset: endOffset, expectedId: nextId } });
    const [whole, rest] = await Promise.all([collect(reader.read(request(orders.path), lookUp)), collect(reader.read(resumed, lookUp))]);
    expect(first.map((chunk) => chunk.records)).toEqual([100, 50]);
    expect(rest.map((chunk) => chunk.records)).toEqual([100, 50]);
    expect(ids(whole)).toEqual([...ids(first), ...ids(rest)].sort());
  });

  test("a broken result fails the read with the reader's error, named as in the thread", async () => {
    const broken = path.join(dir, "broken.jsonl");
    await copyFile(orders.path, broken);
    await appendFile(broken, "{not json\n");
    const read = collect(reader.read(request(broken), lookUp));
    await expect(read).rejects.toMatchObject({ name: "BulkJsonlError", message: expect.stringMatching(/is not valid JSON/) });
    // The thread goes on serving.
    await expect(collect(reader.read(request(orders.path, { size: 10 }), lookUp))).resolves.toHaveLength(1);
  });

  test("a failed refund lookup fails the read with its message", async () => {
    const failing: RefundLinesLookup = () => Promise.reject(new Error("Admin API: THROTTLED"));
    await expect(collect(reader.read(request(orders.path), failing))).rejects.toThrow("Admin API: THROTTLED");
  });

  test("a writer that stops early stops its read; the next read starts afresh", async () => {
    for await (const chunk of reader.read(request(orders.path, { chunkSize: 10 }), lookUp)) {
      expect(chunk.records).toBe(10);
      break;
    }
    await expect(collect(reader.read(request(orders.path), lookUp))).resolves.toHaveLength(3);
  });

  test("the thread stops after a while without reads, and a read starts it again", async () => {
    const shortLived = new ResultReader({ idleMs: 100 });
    try {
      const reads = [collect(shortLived.read(request(orders.path), lookUp)), collect(shortLived.read(request(orders.path, { size: 50 }), lookUp))];
      expect(shortLived.running).toBe(true);
      await Promise.all(reads);
      await expect.poll(() => shortLived.running, { timeout: 2_000 }).toBe(false);
      await expect(collect(shortLived.read(request(orders.path), lookUp))).resolves.toHaveLength(3);
      expect(shortLived.running).toBe(true);
    } finally {
      await shortLived.close();
    }
  });

  test("a thread that stops mid-read fails that read; the next read gets a new thread", async () => {
    const reading = reader.read(request(orders.path, { chunkSize: 10 }), lookUp)[Symbol.asyncIterator]();
    await reading.next();
    await reader.close();
    await expect(reading.next()).rejects.toThrow(/result reader thread stopped/);
    await expect(collect(reader.read(request(orders.path), lookUp))).resolves.toHaveLength(3);
  });
});
