// How long to wait before asking the Admin API again. Shopify meters GraphQL by calculated cost in
// a leaky bucket per app and shop: a THROTTLED answer carries the bucket's state
// (extensions.cost.throttleStatus), so the wait can be computed instead of guessed.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface ThrottleInfo {
  /** What the refused query would have cost; unknown on a bare HTTP 429. */
  requestedQueryCost?: number | null | undefined;
  throttleStatus?: ThrottleStatus | null | undefined;
  /** Seconds from a Retry-After header, when the answer was an HTTP 429 with one. */
  retryAfterSeconds?: number | null | undefined;
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Added to a computed refill time: the bucket leaks continuously, the clocks are not shared. */
  marginMs?: number;
}

const DEFAULTS = { baseMs: 1_000, maxMs: 60_000, marginMs: 250 } as const;

function usable(status: ThrottleStatus | null | undefined): status is ThrottleStatus {
  return (
    !!status &&
    Number.isFinite(status.currentlyAvailable) &&
    Number.isFinite(status.restoreRate) &&
    status.restoreRate > 0
  );
}

/** Exponential backoff for failures that say nothing about when to come back (5xx, bare 429). */
export function exponentialBackoffMs(attempt: number, options: BackoffOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const { baseMs, maxMs } = { ...DEFAULTS, ...options };
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 20));
}

/**
 * The wait before retry number `attempt` (1-based) of a throttled request. With the bucket state
 * known it is the time the bucket needs to hold the requested cost again (the whole bucket when
 * the cost is unknown, capped by its size); a Retry-After header is honoured as given; otherwise it
 * falls back to exponential backoff. Never below zero, never above `maxMs`.
 */
export function throttleDelayMs(info: ThrottleInfo, attempt: number, options: BackoffOptions = {}): number {
  const { maxMs, marginMs } = { ...DEFAULTS, ...options };
  if (info.retryAfterSeconds != null && Number.isFinite(info.retryAfterSeconds) && info.retryAfterSeconds >= 0) {
    return Math.min(maxMs, Math.ceil(info.retryAfterSeconds * 1000));
  }
  const status = info.throttleStatus;
  if (usable(status)) {
    const wanted =
      info.requestedQueryCost != null && Number.isFinite(info.requestedQueryCost)
        ? Math.min(info.requestedQueryCost, status.maximumAvailable)
        : status.maximumAvailable;
    const missing = Math.max(0, wanted - status.currentlyAvailable);
    // A repeated refusal despite a computed wait means the estimate was off: grow the margin.
    const margin = marginMs * 2 ** Math.min(attempt - 1, 8);
    return Math.min(maxMs, Math.ceil((missing / status.restoreRate) * 1000) + margin);
  }
  return exponentialBackoffMs(attempt, options);
}
