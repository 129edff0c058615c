// A batch must end where applying its items one at a time would. Webhook retries and import pages
// overlap, so a batch can carry the same record twice: for versioned records the newest version
// is the one that counts, and of two copies with the same version the first (the one-at-a-time
// rule applies a version only when it is strictly newer); facts that never change once issued
// (refunds) keep their first copy.

/**
 * One item per key: the one with the greatest version, the earliest of equals. Keys keep the
 * order in which they first appear.
 */
export function newestPerKey<T>(
  items: readonly T[],
  key: (item: T) => string,
  version: (item: T) => Date,
): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const kept = newest.get(k);
    if (kept === undefined || version(item).getTime() > version(kept).getTime()) newest.set(k, item);
  }
  return [...newest.values()];
}

/** The first item per key, in order of first appearance. */
export function firstPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const first = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!first.has(k)) first.set(k, item);
  }
  return [...first.values()];
}

/** The last item per key (the last writer wins), in order of first appearance. */
export function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const last = new Map<string, T>();
  for (const item of items) last.set(key(item), item);
  return [...last.values()];
}

/** The items per key, keys in the order in which they first appear, items in their given order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export function distinct<T>(items: Iterable<T | null | undefined>): T[] {
  const seen = new Set<T>();
  for (const item of items) if (item !== null && item !== undefined) seen.add(item);
  return [...seen];
}
