import type { RefundLinesByRefund } from "./map-nodes";
import type { MappedChunk, ResultBatchRequest } from "./mapped-chunks";

// The messages between the import (main thread) and its result reader thread. One thread serves
// several batches at once; every message names the read it belongs to.

export type ToReader =
  | { kind: "read"; read: number; request: ResultBatchRequest }
  /** The chunk handed out last was taken: the next may come. */
  | { kind: "taken"; read: number }
  | { kind: "refund-lines"; read: number; lines: RefundLinesByRefund }
  | { kind: "refund-lines-failed"; read: number; error: ReaderError }
  /** The reader of the batch stopped early (its write failed): stop reading. */
  | { kind: "stop"; read: number };

export type FromReader =
  | { kind: "chunk"; read: number; chunk: MappedChunk }
  | { kind: "refund-lines"; read: number; refundGids: string[] }
  | { kind: "end"; read: number }
  | { kind: "failed"; read: number; error: ReaderError };

/** An error as it crosses threads: its class name and message, which the job's record keeps. */
export interface ReaderError {
  name: string;
  message: string;
}

export function describeError(error: unknown): ReaderError {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}

export function errorFrom({ name, message }: ReaderError): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
