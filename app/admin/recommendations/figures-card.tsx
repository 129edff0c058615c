import { Figure } from "~/admin/figure";
import type { FigurePeriod } from "~/admin/figure-periods";
import { PeriodFiguresCard } from "~/admin/period-figures-card";
import type { RecommendationStatistics } from "~/core/recommendations/statistics.server";
import { useT, type I18n } from "~/i18n/use-t";

/** Attributed revenue per currency, joined; a shop selling in one currency shows one amount. */
export function revenueText(i18n: Pick<I18n, "money">, revenue: RecommendationStatistics["attributedRevenue"], currency: string): string {
  if (revenue.length === 0) return i18n.money(0, currency);
  return revenue.map((total) => i18n.money(total.amountMinor, total.currency)).join(" · ");
}

/** A share as a percentage with one decimal; "—" when there is nothing to divide by. */
export function rateText(i18n: Pick<I18n, "number" | "t">, rate: number | null): string {
  return rate === null ? i18n.t("common.none") : `${i18n.number(rate * 100, 1)} %`;
}

/** The blocks' figures over the chosen period. */
export function RecommendationFiguresCard({
  figures,
  currency,
  period,
  onPeriod,
}: {
  figures: RecommendationStatistics;
  currency: string;
  period: FigurePeriod;
  onPeriod: (period: FigurePeriod) => void;
}) {
  const i18n = useT();
  const { t, number } = i18n;
  return (
    <PeriodFiguresCard
      testId="recommendation-figures"
      title={t("recommendations.figures.title")}
      periodLabel={t("recommendations.figures.period")}
      periodName={(value) => t(`recommendations.figures.period.${value}`)}
      period={period}
      onPeriod={onPeriod}
      footnote={figures.impressions === 0 && figures.attributedOrders === 0 ? t("recommendations.figures.none") : t("recommendations.figures.revenueHelp")}
    >
      <Figure label={t("recommendations.figures.impressions")} value={number(figures.impressions)} testId="figure-impressions" />
      <Figure label={t("recommendations.figures.addToCarts")} value={number(figures.addToCarts)} testId="figure-add-to-carts" />
      <Figure label={t("recommendations.figures.rate")} value={rateText(i18n, figures.addToCartRate)} testId="figure-rate" />
      <Figure label={t("recommendations.figures.orders")} value={number(figures.attributedOrders)} testId="figure-orders" />
      <Figure label={t("recommendations.figures.revenue")} value={revenueText(i18n, figures.attributedRevenue, currency)} testId="figure-revenue" />
    </PeriodFiguresCard>
  );
}
