import { parentPort } from "node:worker_threads";
import { openBulkResult } from "./download.server";
import type { RefundLinesByRefund } from "./map-nodes";
import { mappedChunks, type ResultBatchRequest } from "./mapped-chunks";
import { describeError, errorFrom, type FromReader, type ToReader } from "./result-reader-protocol";

// The import's result reader thread: downloads, parses and maps batches of Bulk Operation results
// (most of an import's JavaScript work), so the main thread only writes, and a chunk is mapped
// here while the last one is written there. A read runs at most one chunk ahead of its writer.

const port = parentPort!;

class StoppedError extends Error {}

interface Waiting<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

class Read {
  stopped = false;
  private chunkOut = false;
  private onTaken: Waiting<void> | null = null;
  private onRefundLines: Waiting<RefundLinesByRefund> | null = null;

  constructor(readonly id: number) {}

  post(message: FromReader) {
    if (!this.stopped) port.postMessage(message);
  }

  /** Hands a chunk (or the end) out once the chunk before it was taken. */
  async handOut(message: FromReader): Promise<void> {
    if (this.chunkOut) await new Promise<void>((resolve, reject) => (this.onTaken = { resolve, reject }));
    if (this.stopped) throw new StoppedError();
    this.chunkOut = true;
    this.post(message);
  }

  lookUpRefundLines(refundGids: string[]): Promise<RefundLinesByRefund> {
    if (this.stopped) return Promise.reject(new StoppedError());
    return new Promise((resolve, reject) => {
      this.onRefundLines = { resolve, reject };
      this.post({ kind: "refund-lines", read: this.id, refundGids });
    });
  }

  receive(message: ToReader) {
    const { onTaken, onRefundLines } = this;
    if (message.kind === "taken") {
      this.chunkOut = false;
      this.onTaken = null;
      onTaken?.resolve();
    } else if (message.kind === "refund-lines" || message.kind === "refund-lines-failed") {
      this.onRefundLines = null;
      if (message.kind === "refund-lines") onRefundLines?.resolve(message.lines);
      else onRefundLines?.reject(errorFrom(message.error));
    } else if (message.kind === "stop") {
      this.stopped = true;
      this.onTaken = this.onRefundLines = null;
      onTaken?.reject(new StoppedError());
      onRefundLines?.reject(new StoppedError());
    }
  }
}

const reads = new Map<number, Read>();

async function run(read: Read, request: ResultBatchRequest) {
  try {
    const stream = await openBulkResult(request.cursor.url, request.cursor.offset);
    for await (const chunk of mappedChunks(stream, request, (refundGids) => read.lookUpRefundLines(refundGids))) {
      await read.handOut({ kind: "chunk", read: read.id, chunk });
    }
    await read.handOut({ kind: "end", read: read.id });
  } catch (error) {
    if (!(error instanceof StoppedError)) read.post({ kind: "failed", read: read.id, error: describeError(error) });
  } finally {
    reads.delete(read.id);
  }
}

port.on("message", (message: ToReader) => {
  if (message.kind === "read") {
    const read = new Read(message.read);
    reads.set(read.id, read);
    void run(read, message.request);
    return;
  }
  reads.get(message.read)?.receive(message);
});
