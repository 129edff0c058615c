import { DataTable, Text } from "@shopify/polaris";
import { SectionCard } from "~/admin/section-card";
import type { NamedProduct } from "~/core/recommendations/product-view.server";
import type { RecommendationStatistics } from "~/core/recommendations/statistics.server";
import { useT } from "~/i18n/use-t";
import { rateText, revenueText } from "./figures-card";

export type TargetStatistics = NamedProduct & RecommendationStatistics;

/** The product's block over the last 30 days, per product it recommended. */
export function TargetStatsCard({ rows, currency }: { rows: readonly TargetStatistics[]; currency: string }) {
  const i18n = useT();
  const { t, number } = i18n;
  return (
    <SectionCard title={t("recommendations.stats.title")} testId="recommendation-target-stats" gap="300">
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("recommendations.stats.empty")}
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={[
            t("recommendations.stats.product"),
            t("recommendations.figures.impressions"),
            t("recommendations.figures.addToCarts"),
            t("recommendations.figures.rate"),
            t("recommendations.figures.orders"),
            t("recommendations.figures.revenue"),
          ]}
          rows={rows.map((row) => [
            <span key={row.productId} data-testid="target-stat" data-product-id={row.productId}>
              {row.title}
            </span>,
            number(row.impressions),
            number(row.addToCarts),
            rateText(i18n, row.addToCartRate),
            number(row.attributedOrders),
            revenueText(i18n, row.attributedRevenue, currency),
          ])}
        />
      )}
    </SectionCard>
  );
}
