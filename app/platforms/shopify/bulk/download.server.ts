import { createReadStream } from "node:fs";
import { pipeline, Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { fileURLToPath } from "node:url";

// Opens a bulk result (JSONL) at a byte offset, as a stream: an import resumes each batch where
// the previous one stopped without holding the file anywhere.

export class BulkDownloadError extends Error {
  override name = "BulkDownloadError";
}

function skipBytes(count: number): Transform {
  let left = count;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (left >= chunk.length) {
        left -= chunk.length;
        done();
        return;
      }
      const rest = chunk.subarray(left);
      left = 0;
      done(null, rest);
    },
  });
}

/**
 * The result file from `offset` on. Asks with a Range header (the result URLs are signed cloud
 * storage URLs, which honour it); a server that ignores Range and sends the whole file still
 * works, the skipped bytes are just read and dropped. `file:` URLs serve local runs and benchmarks.
 */
export async function openBulkResult(url: string, offset: number): Promise<Readable> {
  if (url.startsWith("file:")) return createReadStream(fileURLToPath(url), { start: offset });
  const response = await fetch(url, offset > 0 ? { headers: { range: `bytes=${offset}-` } } : {});
  // 416: the offset is the end of the file, so nothing is left to read.
  if (response.status === 416) return Readable.from([]);
  if (!response.ok || !response.body) {
    // The URL is signed and carries access: it is not repeated in the message.
    throw new BulkDownloadError(`Downloading the bulk operation result failed: HTTP ${response.status}`);
  }
  const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  if (offset > 0 && response.status === 206) return body;
  if (offset === 0) return body;
  const skipped = skipBytes(offset);
  // pipeline (unlike pipe) passes a failing download on to the reader.
  pipeline(body, skipped, () => undefined);
  return skipped;
}
