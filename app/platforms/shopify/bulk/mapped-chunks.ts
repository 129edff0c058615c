import type { Readable } from "node:stream";
import type { CustomerSnapshot, OrderSnapshot, ProductSnapshot } from "~/core/platform";
import { PayloadError } from "../errors";
import { assembleRecords, BulkJsonlError, childFieldByTypename, readJsonl, type AssembledRecord } from "./jsonl";
import { mapCustomerNode, mapOrderNode, mapProductNode, refundGidsOf, type RefundLinesByRefund } from "./map-nodes";
import { CHILD_FIELDS, type ImportPhase } from "./queries";

// One batch of a Bulk Operation result, read and mapped chunk by chunk: from the stream to the
// neutral snapshots the CRM core writes. No database here; the import runs it on a thread of its
// own (result-reader.server.ts).

export interface BulkCursor {
  url: string;
  offset: number;
  /** The record expected at `offset`: checks that resuming found the right place. */
  expectedId: string | null;
}

export interface ResultBatchRequest {
  phase: ImportPhase;
  cursor: BulkCursor;
  /** Top-level records in the batch. */
  size: number;
  /** Records per chunk (mapped and written together). */
  chunkSize: number;
  shopCurrency: string;
}

export interface MappedBatch {
  customers: CustomerSnapshot[];
  products: ProductSnapshot[];
  orders: OrderSnapshot[];
  skipped: string[];
}

export interface MappedChunk {
  batch: MappedBatch;
  /** Records read, skipped ones included. */
  records: number;
  /** Where the record after this chunk starts, and its id (null at the end of the result). */
  endOffset: number;
  nextId: string | null;
}

/** Refund lines by refund GID (the bulk query cannot nest them; they are asked for by id). */
export type RefundLinesLookup = (refundGids: string[]) => Promise<RefundLinesByRefund>;

/** Up to `size` records from `cursor`; then the stream is closed. */
export async function* readRecords(stream: Readable, phase: ImportPhase, cursor: BulkCursor, size: number): AsyncGenerator<AssembledRecord> {
  const assembled = assembleRecords(readJsonl(stream, cursor.offset), { childField: childFieldByTypename(CHILD_FIELDS[phase]) });
  let count = 0;
  try {
    for await (const record of assembled) {
      if (count === 0 && cursor.expectedId !== null && record.id !== cursor.expectedId) {
        throw new BulkJsonlError(
          `Resuming the ${phase} result at byte ${cursor.offset} found ${record.id}, expected ${cursor.expectedId}`,
        );
      }
      yield record;
      count += 1;
      if (count >= size) break;
    }
  } finally {
    stream.destroy();
  }
}

export interface MappedBatch {
  customers: CustomerSnapshot[];
  products: ProductSnapshot[];
  orders: OrderSnapshot[];
  skipped: string[];
}

const emptyBatch = (): MappedBatch => ({ customers: [], products: [], orders: [], skipped: [] });

/**
 * Maps one record into `batch`; a record that cannot be read faithfully is skipped and named (the
 * rest of the shop's history is worth more than stopping at one odd record).
 */
function mapInto(batch: MappedBatch, phase: ImportPhase, { id, node }: { id: string; node: unknown }, shopCurrency: string, refundLines: RefundLinesByRefund) {
  try {
    if (phase === "customers") batch.customers.push(mapCustomerNode(node));
    else if (phase === "products") batch.products.push(mapProductNode(node, shopCurrency));
    else batch.orders.push(mapOrderNode(node, refundLines));
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    batch.skipped.push(`${id}: ${error.message}`);
  }
}

export function mapBatch(
  phase: ImportPhase,
  nodes: readonly { id: string; node: unknown }[],
  shopCurrency: string,
  refundLines: RefundLinesByRefund = new Map(),
): MappedBatch {
  const batch = emptyBatch();
  for (const record of nodes) mapInto(batch, phase, record, shopCurrency, refundLines);
  return batch;
}

/** The refund lines the orders among `nodes` need (none asked for when no order has a refund). */
export async function refundLinesForNodes(phase: ImportPhase, nodes: readonly unknown[], lookup: RefundLinesLookup): Promise<RefundLinesByRefund> {
  const refundGids = phase === "orders" ? nodes.flatMap((node) => refundGidsOf(node)) : [];
  return refundGids.length > 0 ? lookup(refundGids) : new Map();
}

const NO_REFUND_LINES: RefundLinesByRefund = new Map();

/**
 * The batch a request names, `chunkSize` records at a time, mapped. A record is mapped as soon as
 * it is read, so a chunk holds snapshots rather than parsed JSON (which would outlive the young
 * generation and be collected the expensive way); only orders with refunds wait for the chunk's
 * one lookup of refund lines.
 */
export async function* mappedChunks(stream: Readable, request: ResultBatchRequest, refundLines: RefundLinesLookup): AsyncGenerator<MappedChunk> {
  const { phase, cursor, size, chunkSize, shopCurrency } = request;
  let batch = emptyBatch();
  let refunded: AssembledRecord[] = [];
  let records = 0;
  let last: AssembledRecord | null = null;
  const complete = async (): Promise<MappedChunk> => {
    const { endOffset, nextId } = last!;
    const lines = await refundLinesForNodes(phase, refunded.map((record) => record.node), refundLines);
    for (const record of refunded) mapInto(batch, phase, record, shopCurrency, lines);
    const chunk = { batch, records, endOffset, nextId };
    batch = emptyBatch();
    refunded = [];
    records = 0;
    return chunk;
  };
  for await (const record of readRecords(stream, phase, cursor, size)) {
    last = record;
    records += 1;
    if (phase === "orders" && refundGidsOf(record.node).length > 0) refunded.push(record);
    else mapInto(batch, phase, record, shopCurrency, NO_REFUND_LINES);
    if (records >= chunkSize) yield await complete();
  }
  if (records > 0) yield await complete();
}
