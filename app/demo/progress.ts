// How far the demo shop's first start has come, as the demo loader records it. Kept on globalThis
// because the server's bundle (which runs the loader) and the Remix admin's bundle (which shows
// it) are separate module graphs in one process. Only the demo uses it; a real shop has none.

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

const KEY = Symbol.for("shop-crm.demo-progress");
type Holder = { [KEY]?: DemoProgress };

export function recordDemoProgress(progress: DemoProgress | undefined): void {
  (globalThis as Holder)[KEY] = progress;
}

export function readDemoProgress(now = Date.now()): DemoProgressView | null {
  const progress = (globalThis as Holder)[KEY];
  if (!progress) return null;
  const seconds = (now - progress.startedAt) / 1000;
  const perSecond = progress.sent > 0 && seconds > 0.5 ? progress.sent / seconds : null;
  const secondsLeft = perSecond ? Math.ceil((progress.total - progress.sent) / perSecond) : null;
  return { ...progress, perSecond, secondsLeft };
}
