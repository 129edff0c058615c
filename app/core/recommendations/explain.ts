import { formatNumber } from "~/i18n/format";
import { translate, type Locale, type MessageKey } from "~/i18n/translate";
import type { PairFigures } from "./pair-scores";
import type { Recommendation, RecommendationSource } from "./recommend";

// The merchant's one-line answer to "why is this product recommended here?" (messages in
// app/i18n/areas/recommendations.ts). Figures are rounded the way a merchant reads them: whole
// percent for confidence, one decimal for lift, and support — usually well below one percent — to
// one decimal, shown as "< 0.1" rather than a misleading 0 when the pair is rarer than that.

export interface ExplanationNames {
  /** The product the list belongs to. */
  readonly product: string;
  /** The recommended product. */
  readonly other: string;
}

export function sourceLabel(locale: Locale, source: RecommendationSource): string {
  return translate(locale, `recommendations.source.${source}`);
}

export function explainRecommendation(locale: Locale, recommendation: Recommendation, names: ExplanationNames): string {
  switch (recommendation.source) {
    case "pin":
      return translate(locale, "recommendations.explain.pin", { product: names.product });
    case "pair":
      return explainPair(locale, recommendation.figures, names);
    case "collection":
      return translate(locale, "recommendations.explain.collection", { product: names.product });
    case "bestseller":
      return translate(locale, "recommendations.explain.bestseller");
  }
}

function explainPair(locale: Locale, figures: PairFigures, names: ExplanationNames): string {
  const lift = Math.round(figures.lift * 10) / 10;
  const key: MessageKey =
    lift > 1 ? "recommendations.explain.pairMore" : lift < 1 ? "recommendations.explain.pairLess" : "recommendations.explain.pairSame";
  return translate(locale, key, {
    product: names.product,
    other: names.other,
    orders: figures.orders,
    support: supportPercent(locale, figures.support),
    confidence: confidencePercent(figures.confidence),
    lift: formatNumber(locale, lift, 1),
  });
}

/** Whole percent, but never "100 %" for a pair that is not in every order of the product. */
function confidencePercent(share: number): number {
  return Math.min(Math.round(share * 100), share < 1 ? 99 : 100);
}

function supportPercent(locale: Locale, share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.05) return `< ${formatNumber(locale, 0.1, 1)}`;
  return formatNumber(locale, percent, 1);
}

/** The note above the list: what the decay means, in the shop's half-life. */
export function explainDecay(locale: Locale, halfLifeDays: number): string {
  return translate(locale, "recommendations.explain.decay", { halfLifeDays });
}
