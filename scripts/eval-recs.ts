import { performance } from "node:perf_hooks";
import { z } from "zod";
import { evaluateRecommendations, type EvaluationOrder, type EvaluationResult } from "~/core/recommendations/evaluation";
import { DEFAULT_RECOMMENDATION_SETTINGS, halfLifeMs } from "~/core/recommendations/settings";
import { DEMO_HISTORY_DEFAULTS } from "~/demo/history";
import type { OrderPlan } from "~/demo/model";
import { planHistory } from "~/demo/plan";

// npm run eval:recs — offline evaluation of the cross-sell recommendations
// (app/core/recommendations/evaluation.ts): hit rate@k and recall@k of the engine's block against a
// block of the shop's bestsellers, learned from the orders before a split time and tested on the
// multi-item orders after it.
//
// The histories are the demo shop's plan (app/demo/plan.ts), read directly — no database, no
// webhooks: baskets come from the catalogue's basket rules (an anchor product pulling complements
// with fixed probabilities), seeded, so the figures are the same on every run. Always the demo
// history at its full size; with EVAL_ORDERS also a generated one of that many orders
// (EVAL_CUSTOMERS buyers, default the demo's ratio of buyers to orders; EVAL_MONTHS, default 24).
//
// EVAL_SPLIT: the split as a share of the history's time range (default 0.8). EVAL_K: products per
// block (default the engine's k). EVAL_HALF_LIFE_DAYS, EVAL_MIN_SUPPORT: the engine's settings
// (defaults the engine's defaults).

const defaults = DEFAULT_RECOMMENDATION_SETTINGS;
const config = z
  .object({
    EVAL_ORDERS: z.coerce.number().int().min(10).optional(),
    EVAL_CUSTOMERS: z.coerce.number().int().min(10).optional(),
    EVAL_MONTHS: z.coerce.number().int().min(1).max(120).default(DEMO_HISTORY_DEFAULTS.months),
    EVAL_SPLIT: z.coerce.number().gt(0).lt(1).default(0.8),
    EVAL_K: z.coerce.number().int().min(1).max(50).default(defaults.k),
    EVAL_HALF_LIFE_DAYS: z.coerce.number().min(1).max(3650).default(defaults.halfLifeDays),
    EVAL_MIN_SUPPORT: z.coerce.number().min(0).default(defaults.minSupportWeight),
  })
  .parse(process.env);

interface Dataset {
  label: string;
  customers: number;
  orders: number;
  months: number;
}

/**
 * The order as the engine sees it: each line's quantity less what its refunds took back. Its final
 * state, as a rebuild would read it: a refund or cancellation after the split already counts for an
 * order learned before it (a few orders; returns follow within weeks).
 */
function evaluationOrder(order: OrderPlan): EvaluationOrder {
  const refunded = new Map<string, number>();
  for (const refund of order.refunds) {
    for (const line of refund.lines) refunded.set(line.line.id, (refunded.get(line.line.id) ?? 0) + line.quantity);
  }
  return {
    id: order.id,
    placedAt: order.createdAt,
    lines: order.lines.map((line) => ({ productId: line.product.id, remainingQuantity: line.quantity - (refunded.get(line.id) ?? 0) })),
    paid: order.paidAt !== null,
    cancelled: order.cancel !== null,
  };
}

function run(dataset: Dataset): { result: EvaluationResult; seconds: number } {
  const started = performance.now();
  const plan = planHistory({
    seed: DEMO_HISTORY_DEFAULTS.seed,
    customers: dataset.customers,
    orders: dataset.orders,
    months: dataset.months,
    end: DEMO_HISTORY_DEFAULTS.end.getTime(),
  });
  const result = evaluateRecommendations(plan.orders.map(evaluationOrder), {
    splitMs: plan.start + config.EVAL_SPLIT * (plan.end - plan.start),
    k: config.EVAL_K,
    halfLifeMs: halfLifeMs({ halfLifeDays: config.EVAL_HALF_LIFE_DAYS }),
    minSupportWeight: config.EVAL_MIN_SUPPORT,
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}

const datasets: Dataset[] = [{ label: "demo", customers: DEMO_HISTORY_DEFAULTS.customers, orders: DEMO_HISTORY_DEFAULTS.orders, months: DEMO_HISTORY_DEFAULTS.months }];
if (config.EVAL_ORDERS !== undefined) {
  const orders = config.EVAL_ORDERS;
  datasets.push({ label: "generated", customers: config.EVAL_CUSTOMERS ?? Math.max(10, Math.round((orders * DEMO_HISTORY_DEFAULTS.customers) / DEMO_HISTORY_DEFAULTS.orders)), orders, months: config.EVAL_MONTHS });
}

const k = config.EVAL_K;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const columns = [
  ["dataset", 22],
  ["learned", 8],
  ["test orders", 11],
  ["queries", 8],
  [`hit@${k} engine`, 14],
  [`hit@${k} best`, 12],
  [`recall@${k} engine`, 17],
  [`recall@${k} best`, 15],
  ["coverage", 9],
  ["time", 7],
] as const;
const row = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(columns[i]![1]) : cell.padStart(columns[i]![1]))).join("  ");

console.log(
  `Cross-sell evaluation: split at ${percent(config.EVAL_SPLIT)} of the time range, k = ${k}, half-life ${config.EVAL_HALF_LIFE_DAYS} days, ` +
    `minimum support ${config.EVAL_MIN_SUPPORT} orders; baseline ("best") = the shop's ${k} bestsellers.`,
);
console.log(row(columns.map(([title]) => title)));
for (const dataset of datasets) {
  const { result, seconds } = run(dataset);
  console.log(
    row([
      `${dataset.label} ${dataset.orders.toLocaleString("en")}/${dataset.customers.toLocaleString("en")}`,
      result.learnedOrders.toLocaleString("en"),
      result.testOrders.toLocaleString("en"),
      result.queries.toLocaleString("en"),
      percent(result.engine.hitRate),
      percent(result.baseline.hitRate),
      percent(result.engine.recall),
      percent(result.baseline.recall),
      percent(result.coverage),
      `${seconds.toFixed(1)} s`,
    ]),
  );
}
console.log("dataset: orders/customers generated; learned: orders before the split; test orders: later orders with ≥ 2 distinct products; time: generation and evaluation.");
