import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parseShopifyJson } from "../lossless-json";

// Reading a Bulk Operation result: JSONL, one object per line, where each node of a nested
// connection is a line of its own carrying `__parentId`. Requested with `groupObjects: true`,
// Shopify writes every child directly below its parent, so a record is complete as soon as the
// next top-level line starts: memory holds one record, never the file.

export class BulkJsonlError extends Error {
  override name = "BulkJsonlError";
}

export interface JsonlLine {
  value: Record<string, unknown>;
  /** 1-based, counted from where reading started. */
  lineNumber: number;
  /** Byte offset of the line's first byte in the whole file. */
  offset: number;
  /** Byte offset just past the line's newline: where the next line starts. */
  endOffset: number;
}

// Bare numbers that JSON.parse could change: integers beyond 2^53 (16+ digits) and anything with a
// fraction or exponent. Only lines that may hold one pay for the lossless parser; GraphQL sends
// ids and money as strings, so in practice that is almost none. A match inside a string value
// only costs the slow path, never correctness.
const RISKY_NUMBER = /[:[,]\s*-?(?:\d{16,}|\d+[.eE])/;

export function parseJsonlLine(text: string): unknown {
  return RISKY_NUMBER.test(text) ? parseShopifyJson(text) : JSON.parse(text);
}

/**
 * The lines of a JSONL stream with their byte offsets (Shopify writes "\n" line ends; a "\r\n"
 * file would shift offsets, which the resume check in the importer then reports).
 */
export async function* readJsonl(input: Readable, startOffset = 0): AsyncGenerator<JsonlLine> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let offset = startOffset;
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      const lineOffset = offset;
      offset += Buffer.byteLength(text, "utf8") + 1;
      lineNumber += 1;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = parseJsonlLine(text);
      } catch (cause) {
        throw new BulkJsonlError(`Line ${lineNumber} (byte ${lineOffset}) is not valid JSON`, { cause });
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new BulkJsonlError(`Line ${lineNumber} (byte ${lineOffset}) is not a JSON object`);
      }
      yield { value: value as Record<string, unknown>, lineNumber, offset: lineOffset, endOffset: offset };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

export interface AssembledRecord {
  /** The top-level node, with its children gathered into arrays (see `childField`). */
  node: Record<string, unknown>;
  id: string;
  /** Byte offset where the record's first line starts. */
  offset: number;
  /** Byte offset where the next record starts (or the end of the file). */
  endOffset: number;
  /** Id of the record that starts at endOffset; null at the end of the file. */
  nextId: string | null;
  lines: number;
}

export interface AssembleOptions {
  /** Name of the parent's array a child line goes to, from the child line; throw for unknown ones. */
  childField: (child: Record<string, unknown>, lineNumber: number) => string;
  /** A record with more child lines than this is refused rather than held in memory. */
  maxChildren?: number;
}

/**
 * Groups JSONL lines into records: a line without `__parentId` starts a record; the lines after
 * it with `__parentId` equal to its id are its children. A child of any other parent means the
 * file is not grouped (or is corrupt), and is reported instead of silently misfiled.
 */
export async function* assembleRecords(
  lines: AsyncIterable<JsonlLine>,
  options: AssembleOptions,
): AsyncGenerator<AssembledRecord> {
  const maxChildren = options.maxChildren ?? 100_000;
  let current: Omit<AssembledRecord, "nextId"> | null = null;
  let children = 0;
  for await (const line of lines) {
    const { value, lineNumber } = line;
    const parentId = value.__parentId;
    if (parentId === undefined) {
      const id = value.id;
      if (typeof id !== "string" || id === "") {
        throw new BulkJsonlError(`Line ${lineNumber}: a top-level line without an "id"`);
      }
      if (current) yield { ...current, nextId: id };
      current = { node: value, id, offset: line.offset, endOffset: line.endOffset, lines: 1 };
      children = 0;
      continue;
    }
    if (typeof parentId !== "string") throw new BulkJsonlError(`Line ${lineNumber}: "__parentId" is not a string`);
    if (!current) {
      throw new BulkJsonlError(`Line ${lineNumber}: a child of ${parentId} comes before any parent line`);
    }
    if (parentId !== current.id) {
      throw new BulkJsonlError(
        `Line ${lineNumber}: a child of ${parentId} follows record ${current.id}; children must directly follow their parent (was the bulk query run with groupObjects: true?)`,
      );
    }
    children += 1;
    if (children > maxChildren) {
      throw new BulkJsonlError(`Record ${current.id} has more than ${maxChildren} child lines`);
    }
    const field = options.childField(value, lineNumber);
    const { __parentId: _omit, ...child } = value;
    const list = current.node[field];
    if (Array.isArray(list)) list.push(child);
    else current.node[field] = [child];
    current.endOffset = line.endOffset;
    current.lines += 1;
  }
  if (current) yield { ...current, nextId: null };
}

/** childField for a phase: by `__typename`, from a fixed map. */
export function childFieldByTypename(fields: Readonly<Record<string, string>>) {
  return (child: Record<string, unknown>, lineNumber: number): string => {
    const typename = child.__typename;
    const field = typeof typename === "string" ? fields[typename] : undefined;
    if (!field) {
      throw new BulkJsonlError(`Line ${lineNumber}: unexpected child line of type ${String(typename)}`);
    }
    return field;
  };
}
