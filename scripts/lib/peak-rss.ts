// Peak resident memory of this process over a stretch of work. Sampling every ~100 ms sees the
// peak of that stretch alone; the kernel's maxRSS (getrusage) cannot miss a short spike between
// samples, but covers the whole life of the process, including whatever ran before.

export interface PeakRss {
  /** Highest sampled RSS since start(), in bytes. */
  sampledPeak: number;
  /** The kernel's lifetime peak of the process, in bytes. */
  processPeak: number;
}

export function sampleRss(intervalMs = 100): { stop(): PeakRss } {
  let sampledPeak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
      // maxRSS is in kilobytes.
      return { sampledPeak, processPeak: process.resourceUsage().maxRSS * 1024 };
    },
  };
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
