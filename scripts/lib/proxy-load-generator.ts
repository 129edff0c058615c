import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { appProxyTarget, PROXY_PREFIX } from "~/demo/storefront/app-proxy-forward.server";

// The load generator of the program benchmarks (bench:loyalty, bench:recs), in a process of its
// own (forked by the benchmark, compiled beside it): storefront requests for random paths of the
// app proxy by random shoppers, signed as Shopify's app proxy signs them, sent open-loop — each at its scheduled
// moment, whether or not earlier ones have been answered — so a slow server meets the same load
// instead of slowing the generator down.

const planSchema = z.object({
  baseUrl: z.url(),
  shop: z.string().min(1),
  secret: z.string().min(1),
  /** Storefront paths under the app proxy's prefix with their query ("/loyalty/member?locale=de"), each request one at random. */
  paths: z.array(z.string().startsWith("/")).min(1),
  /** Platform ids of the signed-in shoppers asking, each request one at random; null for a guest. */
  customerIds: z.array(z.string().min(1).nullable()).min(1),
  ratePerSecond: z.number().positive(),
  seconds: z.number().positive(),
});

export type LoadPlan = z.infer<typeof planSchema>;

export interface LoadResult {
  sent: number;
  /** From the first send to the last. */
  sendingSeconds: number;
  /** Latency (ms) of each request answered with 200. */
  latencies: number[];
  /** Requests answered otherwise or not at all, by status ("network" when no answer came). */
  errors: Record<string, number>;
  /** The latest a request left after its scheduled moment (ms): how well the generator kept its schedule. */
  maxLagMs: number;
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

async function run(plan: LoadPlan): Promise<LoadResult> {
  const total = Math.round(plan.ratePerSecond * plan.seconds);
  const intervalMs = 1000 / plan.ratePerSecond;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const answers: Promise<void>[] = [];
  let maxLagMs = 0;
  const started = performance.now();
  let lastSentAt = started;
  const send = (index: number) => {
    const sentAt = performance.now();
    maxLagMs = Math.max(maxLagMs, sentAt - (started + index * intervalMs));
    lastSentAt = sentAt;
    const customerId = pick(plan.customerIds);
    const path = appProxyTarget(`${PROXY_PREFIX}${pick(plan.paths)}`, customerId, {
      shop: plan.shop,
      secret: plan.secret,
      timestamp: Math.trunc(Date.now() / 1000),
    });
    answers.push(
      fetch(`${plan.baseUrl}${path}`).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) latencies.push(performance.now() - sentAt);
          else errors[response.status] = (errors[response.status] ?? 0) + 1;
        },
        () => {
          errors.network = (errors.network ?? 0) + 1;
        },
      ),
    );
  };
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
    while (sent < due) send(sent++);
    await sleep(1);
  }
  await Promise.all(answers);
  return { sent, sendingSeconds: (lastSentAt - started) / 1000, latencies, errors, maxLagMs };
}

// One plan after another (a warm-up, then the measured run) until the benchmark stops the process.
process.on("message", (message: unknown) => {
  run(planSchema.parse(message)).then(
    (result) => process.send!(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
