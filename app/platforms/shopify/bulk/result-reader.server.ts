import type { Worker } from "node:worker_threads";
import { startThread } from "~/threads/start-thread.server";
import type { MappedChunk, RefundLinesLookup, ResultBatchRequest } from "./mapped-chunks";
import { describeError, errorFrom, type FromReader, type ToReader } from "./result-reader-protocol";

// The import's side of its result reader thread (result-reader-thread.server.ts): a batch's mapped
// chunks as an async iterable. Parsing and mapping a result cost more CPU than writing it; on
// their own thread they run beside the writes, and the main thread answers the database at once
// instead of after the slice of mapping it is busy with.

export class ResultReaderError extends Error {
  override name = "ResultReaderError";
}

type Delivery = { message: FromReader } | { failure: Error };

/** The messages of one read, in order, awaited one at a time. */
class Inbox {
  private readonly queued: Delivery[] = [];
  private waiting: ((delivery: Delivery) => void) | null = null;

  push(delivery: Delivery) {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(delivery);
    else this.queued.push(delivery);
  }

  next(): Promise<Delivery> {
    const queued = this.queued.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => (this.waiting = resolve));
  }
}

class ReaderThread {
  private readonly worker: Worker;
  private readonly inboxes = new Map<number, Inbox>();
  private nextRead = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onGone: (thread: ReaderThread) => void,
    private readonly idleMs: number,
  ) {
    this.worker = startThread("result-reader-thread", {});
    // Idle, the thread does not keep the process alive; a read in progress does (see open).
    this.worker.unref();
    this.worker.on("message", (message: FromReader) => this.inboxes.get(message.read)?.push({ message }));
    const gone = (error: Error) => {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      onGone(this);
      for (const inbox of this.inboxes.values()) inbox.push({ failure: error });
      this.inboxes.clear();
    };
    this.worker.on("error", gone);
    this.worker.on("exit", (code) => gone(new ResultReaderError(`The result reader thread stopped (exit code ${code})`)));
  }

  open(): { read: number; inbox: Inbox } {
    const read = this.nextRead++;
    const inbox = new Inbox();
    this.inboxes.set(read, inbox);
    this.worker.ref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return { read, inbox };
  }

  close(read: number) {
    this.inboxes.delete(read);
    if (this.inboxes.size > 0) return;
    this.worker.unref();
    // An import's batches follow each other closely; after the last, the thread's memory is freed.
    this.idleTimer = setTimeout(() => {
      this.onGone(this);
      void this.worker.terminate();
    }, this.idleMs).unref();
  }

  post(message: ToReader) {
    this.worker.postMessage(message);
  }

  async stop() {
    await this.worker.terminate();
  }
}

/**
 * Reads batches on one thread, started on first use, stopped after `idleMs` without a read and
 * with the runtime.
 */
export class ResultReader {
  private thread: ReaderThread | null = null;

  constructor(private readonly options: { idleMs: number } = { idleMs: 60_000 }) {}

  /** Whether the thread is up (it is started by a read). */
  get running(): boolean {
    return this.thread !== null;
  }

  /** The batch's chunks, mapped; refund lines are looked up here, on the caller's side. */
  async *read(request: ResultBatchRequest, refundLines: RefundLinesLookup): AsyncGenerator<MappedChunk> {
    const thread = (this.thread ??= new ReaderThread((gone) => {
      if (this.thread === gone) this.thread = null;
    }, this.options.idleMs));
    const { read, inbox } = thread.open();
    let ended = false;
    thread.post({ kind: "read", read, request });
    try {
      for (;;) {
        const delivery = await inbox.next();
        if ("failure" in delivery) {
          ended = true;
          throw delivery.failure;
        }
        const { message } = delivery;
        if (message.kind === "chunk") {
          yield message.chunk;
          thread.post({ kind: "taken", read });
        } else if (message.kind === "refund-lines") {
          refundLines(message.refundGids).then(
            (lines) => thread.post({ kind: "refund-lines", read, lines }),
            (error: unknown) => thread.post({ kind: "refund-lines-failed", read, error: describeError(error) }),
          );
        } else {
          ended = true;
          if (message.kind === "failed") throw errorFrom(message.error);
          return;
        }
      }
    } finally {
      // Left early (the write failed): the thread stops reading this batch.
      if (!ended) thread.post({ kind: "stop", read });
      thread.close(read);
    }
  }

  async close() {
    const thread = this.thread;
    this.thread = null;
    await thread?.stop();
  }
}
