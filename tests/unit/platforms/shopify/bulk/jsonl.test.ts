import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import {
  assembleRecords,
  BulkJsonlError,
  childFieldByTypename,
  parseJsonlLine,
  readJsonl,
  type AssembledRecord,
} from "~/platforms/shopify/bulk/jsonl";
import { readRecords, type BulkCursor } from "~/platforms/shopify/bulk/mapped-chunks";
import { CHILD_FIELDS } from "~/platforms/shopify/bulk/queries";

const childField = childFieldByTypename(CHILD_FIELDS.orders);
const order = (n: number) => `gid://shopify/Order/${9_007_199_254_740_993n + BigInt(n)}`;
const parent = (n: number) => JSON.stringify({ id: order(n), name: `#${n}` });
const line = (n: number, l: number, parentId = order(n)) =>
  JSON.stringify({ __typename: "LineItem", id: `gid://shopify/LineItem/${n * 10 + l}`, quantity: l + 1, __parentId: parentId });
const discount = (n: number) => JSON.stringify({ __typename: "DiscountCodeApplication", code: `CODE${n}`, __parentId: order(n) });

function stream(text: string, chunkSize = 7): Readable {
  const buffer = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) chunks.push(buffer.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

async function assemble(text: string): Promise<AssembledRecord[]> {
  const records: AssembledRecord[] = [];
  for await (const record of assembleRecords(readJsonl(stream(text)), { childField })) records.push(record);
  return records;
}

describe("assembling bulk JSONL records", () => {
  test("children directly below their parent become the parent's arrays, in file order", async () => {
    const text = [parent(1), line(1, 0), discount(1), line(1, 1), parent(2), parent(3), line(3, 0)].join("\n") + "\n";
    const records = await assemble(text);
    expect(records.map((record) => record.id)).toEqual([order(1), order(2), order(3)]);
    expect(records[0]!.node).toEqual({
      id: order(1),
      name: "#1",
      lineItems: [
        { __typename: "LineItem", id: "gid://shopify/LineItem/10", quantity: 1 },
        { __typename: "LineItem", id: "gid://shopify/LineItem/11", quantity: 2 },
      ],
      discountApplications: [{ __typename: "DiscountCodeApplication", code: "CODE1" }],
    });
    expect(records[1]!.node).toEqual({ id: order(2), name: "#2" });
    expect(records.map((record) => record.nextId)).toEqual([order(2), order(3), null]);
    expect(records.map((record) => record.lines)).toEqual([4, 1, 2]);
  });

  test("byte offsets point at each record's first line, also with multi-byte text", async () => {
    const first = JSON.stringify({ id: order(1), name: "Müller – 東京 🎿" });
    const text = [first, line(1, 0), parent(2), line(2, 0)].join("\n") + "\n";
    const records = await assemble(text);
    const bytes = Buffer.from(text, "utf8");
    expect(records[0]!.offset).toBe(0);
    expect(records[1]!.offset).toBe(records[0]!.endOffset);
    expect(bytes.subarray(records[1]!.offset).toString("utf8").startsWith(parent(2))).toBe(true);
    expect(records[1]!.endOffset).toBe(bytes.length);
  });

  test("a file without trailing newline, blank lines and an empty file are read", async () => {
    expect((await assemble(`${parent(1)}\n\n${line(1, 0)}`)).map((record) => record.lines)).toEqual([2]);
    expect(await assemble("")).toEqual([]);
  });

  test("an ungrouped file (children after all parents) is refused, not misfiled", async () => {
    const text = [parent(1), parent(2), line(1, 0), line(2, 0)].join("\n");
    await expect(assemble(text)).rejects.toThrow(/child of gid:\/\/shopify\/Order\/9007199254740994 follows record gid:\/\/shopify\/Order\/9007199254740995.*groupObjects/);
  });

  test("a child before any parent, of an unknown parent, or of an unknown type is refused", async () => {
    await expect(assemble(line(1, 0))).rejects.toThrow(/comes before any parent/);
    await expect(assemble([parent(1), line(1, 0, "gid://shopify/Order/1")].join("\n"))).rejects.toThrow(BulkJsonlError);
    await expect(assemble([parent(1), JSON.stringify({ __typename: "Fulfillment", __parentId: order(1) })].join("\n"))).rejects.toThrow(/unexpected child line of type Fulfillment/);
    await expect(assemble(JSON.stringify({ name: "no id" }))).rejects.toThrow(/without an "id"/);
    await expect(assemble(`${parent(1)}\n{"id": `)).rejects.toThrow(/Line 2 .* not valid JSON/);
    await expect(assemble("[1,2]")).rejects.toThrow(/not a JSON object/);
  });

  test("a record with more child lines than allowed is refused", async () => {
    const text = [parent(1), line(1, 0), line(1, 1), line(1, 2)].join("\n");
    const records = assembleRecords(readJsonl(stream(text)), { childField, maxChildren: 2 });
    await expect((async () => { for await (const _ of records) void _; })()).rejects.toThrow(/more than 2 child lines/);
  });

  test("numbers a double cannot hold stay exact; ordinary lines take the fast path", () => {
    expect(parseJsonlLine('{"id":"gid://shopify/Order/1","big":12345678901234567890,"rate":0.1}')).toEqual({
      id: "gid://shopify/Order/1",
      big: "12345678901234567890",
      rate: "0.1",
    });
    expect(parseJsonlLine('{"id":"gid://shopify/Order/1","quantity":3}')).toEqual({ id: "gid://shopify/Order/1", quantity: 3 });
  });
});

/** What one import batch reads: up to `size` records. */
async function readBatch(stream: Readable, cursor: BulkCursor, size: number) {
  const records: AssembledRecord[] = [];
  for await (const record of readRecords(stream, "orders", cursor, size)) records.push(record);
  const last = records.at(-1);
  return { records, endOffset: last?.endOffset ?? cursor.offset, nextId: last?.nextId ?? null };
}

describe("reading a batch and resuming", () => {
  const text = [1, 2, 3, 4, 5].flatMap((n) => [parent(n), line(n, 0), line(n, 1)]).join("\n") + "\n";

  test("batches resume at the byte offset where the previous one stopped, covering every record once", async () => {
    const seen: string[] = [];
    let cursor = { url: "x", offset: 0, expectedId: null as string | null };
    for (;;) {
      const bytes = Buffer.from(text, "utf8").subarray(cursor.offset);
      const batch = await readBatch(Readable.from([bytes], { objectMode: false }), cursor, 3);
      seen.push(...batch.records.map((record) => record.id));
      if (batch.nextId === null) break;
      cursor = { url: "x", offset: batch.endOffset, expectedId: batch.nextId };
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map(order));
  });

  test("resuming at a byte that is not the expected record fails loudly", async () => {
    const bytes = Buffer.from(text, "utf8");
    const wrong = bytes.indexOf(parent(3));
    await expect(
      readBatch(Readable.from([bytes.subarray(wrong)], { objectMode: false }), { url: "x", offset: wrong, expectedId: order(2) }, 3),
    ).rejects.toThrow(/found .*9007199254740996, expected .*9007199254740995/);
  });
});

// Bounded memory shows as the reader staying close behind the source (backpressure), counted in
// lines; the heap itself depends on when V8 collects, so its figure lives in `npm run bench:import`.
describe("memory stays bounded on a large stream", () => {
  test("200,000 orders with 1–4 lines each are assembled while the reader stays close behind the source", async () => {
    const ORDERS = 200_000;
    let producedLines = 0;
    let consumedLines = 0;
    let maxLead = 0;
    async function* source() {
      let chunk = "";
      for (let n = 0; n < ORDERS; n += 1) {
        chunk += `${JSON.stringify({ id: order(n), name: `#${n}`, note: "x".repeat(200) })}\n`;
        producedLines += 1;
        for (let l = 0; l <= n % 4; l += 1) {
          chunk += `${line(n, l)}\n`;
          producedLines += 1;
        }
        if (chunk.length > 64 * 1024) {
          yield Buffer.from(chunk);
          chunk = "";
        }
      }
      if (chunk) yield Buffer.from(chunk);
    }
    let records = 0;
    let childLines = 0;
    for await (const record of assembleRecords(readJsonl(Readable.from(source(), { objectMode: false })), { childField })) {
      records += 1;
      consumedLines += record.lines;
      childLines += (record.node.lineItems as unknown[]).length;
      maxLead = Math.max(maxLead, producedLines - consumedLines);
      if (records % 10_000 === 0) {
        // A slow consumer: the source must wait rather than pile lines up in memory.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    expect(records).toBe(ORDERS);
    expect(childLines).toBe(ORDERS * 2.5);
    // ~100 MB went through; what is held at any time is a few chunks' worth of lines (of 700,000).
    expect(maxLead).toBeLessThan(20_000);
  }, 60_000);
});
