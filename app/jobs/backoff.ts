/**
 * Delay before retry number `attempt` (1-based): doubling from `baseMs`, capped at `maxMs`.
 * With the defaults, 8 attempts span about 4 minutes; the cap keeps a long outage from pushing
 * retries out for hours.
 */
export function retryDelayMs(attempt: number, baseMs = 1_000, maxMs = 15 * 60_000): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}
