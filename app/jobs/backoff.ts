const DEFAULT_BASE_MS = 1_000;
const DEFAULT_MAX_MS = 15 * 60_000;

/**
 * Delay before retry number `attempt` (1-based): doubling from `baseMs`, capped at `maxMs`.
 * With the defaults, 8 attempts span about 4 minutes; the cap keeps a long outage from pushing
 * retries out for hours.
 */
export function retryDelayMs(attempt: number, baseMs = DEFAULT_BASE_MS, maxMs = DEFAULT_MAX_MS): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

/** The fewest attempts whose retries (with the default delays) keep trying for at least `windowMs`. */
export function attemptsSpanning(windowMs: number): number {
  let attempts = 1;
  for (let waited = 0; waited < windowMs; attempts += 1) waited += retryDelayMs(attempts);
  return attempts;
}
