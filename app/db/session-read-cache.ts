/**
 * A short-lived memory of session loads. Every webhook makes Shopify's library load the shop's
 * offline session, so without it each delivery pays a database read before it is acknowledged.
 * Writes and deletes through this process update it at once; a change made by another process
 * (or thread) is seen at the latest `ttlMs` later.
 */
export class SessionReadCache<T> {
  private readonly entries = new Map<string, { value: T | null; until: number }>();

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The remembered value (null: known to be absent), or undefined when it must be read. */
  get(id: string): T | null | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  remember(id: string, value: T | null): void {
    this.entries.delete(id);
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { value, until: this.now() + this.options.ttlMs });
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.entries.delete(id);
  }
}
