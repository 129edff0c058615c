import { shopBestsellers } from "./bestsellers";
import { type Contribution, contributionOf, type EpochMs, type OrderLine, rebuild } from "./co-occurrence";
import { topPairs, type ScoredPair } from "./pair-scores";
import { recommend, type RecommendSettings } from "./recommend";

// Offline evaluation of the recommendations (npm run eval:recs): does "frequently bought together"
// name what shoppers later buy together, better than simply showing the bestsellers?
//
// Temporal split: the engine learns from the orders placed before the split — the full rebuild,
// its lists computed as of the split time, as the nightly job would store them — and is asked about
// the orders placed at or after it, which it has never seen. For each later order with at least two
// distinct products, each of its products in turn is the query ("leave one in": the shopper looks
// at X); the storefront's block for X is what recommend() would show with the stored pairs and the
// shop's bestsellers as the fallback. A hit is any other product of that order in the block; recall
// is the share of the order's other products in it. The baseline is a block of the k shop
// bestsellers (learned before the split, never the query itself): what a shop without the engine
// would show. The block stays as it was at the split for every later order, which understates the
// engine a little (the real lists follow new orders).

export interface EvaluationOrder {
  readonly id: string;
  readonly placedAt: EpochMs;
  /** Each line's remaining quantity is what refunds left of it. */
  readonly lines: readonly OrderLine[];
  readonly paid: boolean;
  readonly cancelled: boolean;
}

export interface EvaluationOptions {
  /** Orders placed before it are learned, orders placed at or after it are tested. */
  readonly splitMs: EpochMs;
  /** Products in a block. */
  readonly k: number;
  readonly halfLifeMs: number;
  readonly minSupportWeight: number;
}

export interface BlockScores {
  /** Share of queries whose block holds at least one other product of the order. */
  readonly hitRate: number;
  /** Mean over queries of the share of the order's other products in the block. */
  readonly recall: number;
}

export interface EvaluationResult {
  /** Orders before the split that contributed products. */
  readonly learnedOrders: number;
  /** Orders at or after the split with at least two distinct products left. */
  readonly testOrders: number;
  /** One per product of each test order. The scores are 0 when there is none. */
  readonly queries: number;
  readonly engine: BlockScores;
  readonly baseline: BlockScores;
  /** Share of queries for which the stored pairs gave at least one product (the rest is bestsellers only). */
  readonly coverage: number;
}

/** What the order adds to the figures: a paid, not cancelled order's products with quantity left; null otherwise. */
function evaluationContribution(order: EvaluationOrder): Contribution | null {
  return order.paid && !order.cancelled ? contributionOf(order.lines, order.placedAt) : null;
}

// The storefront with nothing but the automatic pairs and the shop's bestsellers: no pins or
// exclusions (the merchant's), no collection fallback (needs the catalogue), no shopper.
const BLOCK_SETTINGS = { fallbacks: { collection: false, shop: true }, excludeAlreadyBought: false } as const;

interface Accumulator {
  hits: number;
  recall: number;
}

function score(accumulator: Accumulator, block: readonly string[], others: readonly string[]): void {
  let found = 0;
  for (const product of others) if (block.includes(product)) found += 1;
  if (found > 0) accumulator.hits += 1;
  accumulator.recall += found / others.length;
}

export function evaluateRecommendations(orders: Iterable<EvaluationOrder>, options: EvaluationOptions): EvaluationResult {
  if (!Number.isInteger(options.k) || options.k < 1) throw new RangeError("k must be a positive integer");
  if (!Number.isFinite(options.splitMs)) throw new RangeError("The split must be a finite epoch millisecond");

  const learned: Contribution[] = [];
  const tested: Contribution[] = [];
  for (const order of orders) {
    const contribution = evaluationContribution(order);
    if (!contribution) continue;
    if (contribution.at < options.splitMs) learned.push(contribution);
    else if (contribution.products.length >= 2) tested.push(contribution);
  }

  const state = rebuild(learned, options.halfLifeMs);
  const pairs = topPairs(state, options.splitMs, { k: options.k, minSupportWeight: options.minSupportWeight, isAvailable: () => true });
  // k + 1: the query itself may be among them and is never shown.
  const bestsellers = shopBestsellers(state, options.k + 1);
  const settings: RecommendSettings = { ...BLOCK_SETTINGS, k: options.k };
  const block = (productId: string, productPairs: readonly ScoredPair[]): string[] =>
    recommend(
      { productId, pins: [], exclusions: new Set(), pairs: productPairs, collectionBestsellers: [], shopBestsellers: bestsellers, isAvailable: () => true, alreadyBought: null },
      settings,
    ).map((recommendation) => recommendation.productId);

  // A product's blocks are the same for every order it is in.
  const blocks = new Map<string, { engine: string[]; baseline: string[]; covered: boolean }>();
  const blocksOf = (productId: string) => {
    let entry = blocks.get(productId);
    if (!entry) {
      const productPairs = pairs.get(productId) ?? [];
      entry = { engine: block(productId, productPairs), baseline: block(productId, []), covered: productPairs.length > 0 };
      blocks.set(productId, entry);
    }
    return entry;
  };

  const engine: Accumulator = { hits: 0, recall: 0 };
  const baseline: Accumulator = { hits: 0, recall: 0 };
  let queries = 0;
  let covered = 0;
  for (const { products } of tested) {
    for (const query of products) {
      const others = products.filter((product) => product !== query);
      const entry = blocksOf(query);
      score(engine, entry.engine, others);
      score(baseline, entry.baseline, others);
      if (entry.covered) covered += 1;
      queries += 1;
    }
  }

  const share = (value: number) => (queries === 0 ? 0 : value / queries);
  return {
    learnedOrders: learned.length,
    testOrders: tested.length,
    queries,
    engine: { hitRate: share(engine.hits), recall: share(engine.recall) },
    baseline: { hitRate: share(baseline.hits), recall: share(baseline.recall) },
    coverage: share(covered),
  };
}
