import { randomFillSync } from "node:crypto";

// Time-ordered keys (RFC 9562 version 7 UUIDs) for the rows the app inserts in bulk, made here
// rather than by crm_uuid_v7() in SQL: there each costs the database ~3.5 µs of CPU (an OpenSSL
// call for every UUID), which on the import's millions of rows is CPU the database lacks; here
// random bytes are drawn for thousands of keys at once. Consecutive keys share their leading
// milliseconds, so new rows land on the same index pages (see migration time_ordered_ids).

const KEYS_PER_DRAW = 4096;
const RANDOM_BYTES_PER_KEY = 10;
const random = Buffer.alloc(KEYS_PER_DRAW * RANDOM_BYTES_PER_KEY);
let drawn = KEYS_PER_DRAW;
const VARIANT_DIGITS = "89ab";
let stampedAt = -1;
let stamp = "";

/** A new version 7 UUID: 48 bits of Unix milliseconds, version, 12 + 62 random bits, variant. */
export function uuidV7(now = Date.now()): string {
  if (now !== stampedAt) {
    const time = now.toString(16).padStart(12, "0");
    stamp = `${time.slice(0, 8)}-${time.slice(8)}-7`;
    stampedAt = now;
  }
  if (drawn === KEYS_PER_DRAW) {
    randomFillSync(random);
    drawn = 0;
  }
  const at = drawn++ * RANDOM_BYTES_PER_KEY;
  // 18 hex digits (72 bits: 12 of rand_a, 60 of rand_b) and 2 more random bits in the variant digit.
  const hex = random.toString("hex", at, at + 9);
  return `${stamp}${hex.slice(0, 3)}-${VARIANT_DIGITS[random[at + 9]! & 3]}${hex.slice(3, 6)}-${hex.slice(6)}`;
}
