// A budget of bytes that requests hold while their bodies are in memory: a counting semaphore
// whose units are bytes. Waiters are served strictly in arrival order: a large request at the
// head is not overtaken by small ones, so it cannot starve, and a small one waits at most for
// those ahead of it. A wait is bounded, so that a flood is answered instead of queued without end.

/** Gives the bytes back; calling it again does nothing. */
export type ReleaseBytes = () => void;

interface Waiter {
  bytes: number;
  grant(release: ReleaseBytes): void;
}

export class BodyBudget {
  private held = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError("A body budget needs a positive capacity");
  }

  /** Bytes held now (for tests and diagnostics). */
  get inUse(): number {
    return this.held;
  }

  /**
   * Resolves with the release of `bytes` once they fit beside what is held and every earlier
   * waiter has been served, or with null when `maxWaitMs` passes first. More than the whole
   * budget is granted as the whole budget: it runs alone, once nothing else is held.
   */
  acquire(bytes: number, maxWaitMs: number): Promise<ReleaseBytes | null> {
    const wanted = Math.min(Math.max(bytes, 0), this.capacity);
    if (this.waiting.length === 0 && this.fits(wanted)) return Promise.resolve(this.take(wanted));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        bytes: wanted,
        grant(release) {
          clearTimeout(timer);
          resolve(release);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        resolve(null);
        // Those behind a large waiter that gave up may fit now.
        this.grantWaiting();
      }, maxWaitMs);
      this.waiting.push(waiter);
    });
  }

  private fits(bytes: number): boolean {
    return this.held + bytes <= this.capacity;
  }

  private take(bytes: number): ReleaseBytes {
    this.held += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= bytes;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      const waiter = this.waiting.shift()!;
      waiter.grant(this.take(waiter.bytes));
    }
  }
}
