import { IndexTable, Link, Text, type IndexTableProps } from "@shopify/polaris";
import { NumericCell, PlainIndexTable } from "~/admin/plain-index-table";
import type { RecommendationProductRow } from "~/core/recommendations/overview.server";
import { useT } from "~/i18n/use-t";

export function recommendationProductUrl(productId: string): string {
  return `/app/recommendations/${encodeURIComponent(productId)}`;
}

/** The catalogue's products with what the engine recommends for each; a product opens its view. */
export function RecommendationProductsTable({
  rows,
  empty,
  pagination,
}: {
  rows: readonly RecommendationProductRow[];
  empty: string;
  pagination: IndexTableProps["pagination"];
}) {
  const { t, number } = useT();
  return (
    <PlainIndexTable
      singular={t("recommendations.products.product")}
      plural={t("recommendations.products.title")}
      itemCount={rows.length}
      headings={[
        { title: t("recommendations.products.product") },
        { title: t("recommendations.products.orders"), alignment: "end" },
        { title: t("recommendations.products.pairs"), alignment: "end" },
        { title: t("recommendations.products.top") },
        { title: t("recommendations.products.rules") },
      ]}
      empty={empty}
      pagination={pagination}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.productId} key={row.productId} position={index}>
          <IndexTable.Cell>
            <span data-testid="recommendation-product" data-product-id={row.productId}>
              <Link url={recommendationProductUrl(row.productId)} removeUnderline>
                {row.title}
              </Link>
            </span>
          </IndexTable.Cell>
          <NumericCell>{number(row.orders)}</NumericCell>
          <NumericCell>
            <span data-testid="product-pairs">{number(row.pairsAboveMinSupport)}</span>
          </NumericCell>
          <IndexTable.Cell>
            {row.topRecommendation ? (
              row.topRecommendation.title
            ) : (
              <Text as="span" tone="subdued">
                {t("recommendations.products.noTop")}
              </Text>
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>
            {row.pins + row.exclusions === 0 ? t("common.none") : t("recommendations.products.rulesValue", { pins: row.pins, exclusions: row.exclusions })}
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </PlainIndexTable>
  );
}
