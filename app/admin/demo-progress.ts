// How far the demo shop's first start has come, as the demo loader records it on the runtime and
// the home page reads it from there. Only the demo records any; a real shop's is always empty.

export interface DemoProgress {
  /** Sending the history, then (all acknowledged) processing what is still queued. */
  phase: "sending" | "processing";
  /** Deliveries the history has, and how many the endpoint has acknowledged so far. */
  total: number;
  sent: number;
  /** When sending began (ms since epoch). */
  startedAt: number;
}

export interface DemoProgressView extends DemoProgress {
  /** Acknowledged deliveries per second so far; null before there is a figure. */
  perSecond: number | null;
  /** Seconds until everything is sent at that rate; null when unknown. */
  secondsLeft: number | null;
}

/** The demo's progress, held by the runtime: recorded by the demo loader, read by the home page. */
export class DemoProgressBoard {
  private progress: DemoProgress | null = null;

  record(progress: DemoProgress | null): void {
    this.progress = progress;
  }

  read(now = Date.now()): DemoProgressView | null {
    const { progress } = this;
    if (!progress) return null;
    const seconds = (now - progress.startedAt) / 1000;
    const perSecond = progress.sent > 0 && seconds > 0.5 ? progress.sent / seconds : null;
    const secondsLeft = perSecond ? Math.ceil((progress.total - progress.sent) / perSecond) : null;
    return { ...progress, perSecond, secondsLeft };
  }
}
