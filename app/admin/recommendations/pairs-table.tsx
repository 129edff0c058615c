import { Badge, BlockStack, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import { RowActionButton } from "~/admin/intent-form";
import { NumericCell, PlainIndexTable } from "~/admin/plain-index-table";
import { explainRecommendation } from "~/core/recommendations/explain";
import type { ProductViewPair } from "~/core/recommendations/product-view.server";
import { useT } from "~/i18n/use-t";
import { recommendationProductUrl } from "./products-table";

export const RULE_INTENTS = { pin: "pin", exclude: "exclude", remove: "remove", up: "up", down: "down", add: "add" } as const;
/** The field naming the product a rule is about. */
export const TARGET_FIELD = "target";

/** Every product bought with this one, best first as the lists rank them, each with its figures, why and the rule buttons. */
export function PairsTable({ productTitle, pairs, ruled }: { productTitle: string; pairs: readonly ProductViewPair[]; ruled: ReadonlySet<string> }) {
  const { t, locale, number } = useT();
  const percent = (share: number, digits: number) => `${number(share * 100, digits)} %`;
  return (
    <PlainIndexTable
      singular={t("recommendations.pairs.product")}
      plural={t("recommendations.pairs.title")}
      itemCount={pairs.length}
      headings={[
        { title: t("recommendations.pairs.product") },
        { title: t("recommendations.pairs.orders"), alignment: "end" },
        { title: t("recommendations.pairs.support"), alignment: "end" },
        { title: t("recommendations.pairs.confidence"), alignment: "end" },
        { title: t("recommendations.pairs.lift"), alignment: "end" },
        { title: t("recommendations.pairs.actions") },
      ]}
      empty={t("recommendations.pairs.empty")}
    >
      {pairs.map((pair, index) => (
        <IndexTable.Row id={pair.productId} key={pair.productId} position={index}>
          <IndexTable.Cell>
            {/* The explanation wraps under the product: a column of its own would be a narrow strip. */}
            <div style={{ whiteSpace: "normal", minWidth: "22rem", maxWidth: "36rem" }}>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <span data-testid="pair-row" data-product-id={pair.productId}>
                    <Link url={recommendationProductUrl(pair.productId)} removeUnderline>
                      {pair.title}
                    </Link>
                  </span>
                  <span data-testid="pair-status">
                    {pair.belowMinSupport ? (
                      <Badge>{t("recommendations.pairs.belowMinSupport")}</Badge>
                    ) : !pair.aboveChance ? (
                      <Badge>{t("recommendations.pairs.notAboveChance")}</Badge>
                    ) : (
                      <Badge tone="success">{t("recommendations.pairs.recommended")}</Badge>
                    )}
                  </span>
                </InlineStack>
                <Text as="p" variant="bodySm" tone="subdued">
                  <span data-testid="pair-explanation">
                    {explainRecommendation(locale, { productId: pair.productId, source: "pair", figures: pair.figures }, { product: productTitle, other: pair.title })}
                  </span>
                </Text>
              </BlockStack>
            </div>
          </IndexTable.Cell>
          <NumericCell>{number(pair.figures.orders)}</NumericCell>
          <NumericCell>
            <span data-testid="pair-support">{percent(pair.figures.support, 2)}</span>
          </NumericCell>
          <NumericCell>
            <span data-testid="pair-confidence">{percent(pair.figures.confidence, 0)}</span>
          </NumericCell>
          <NumericCell>
            <span data-testid="pair-lift">{number(pair.figures.lift, 2)}</span>
          </NumericCell>
          <IndexTable.Cell>
            {ruled.has(pair.productId) ? null : (
              <InlineStack gap="100" wrap={false}>
                <RowActionButton intent={RULE_INTENTS.pin} idField={TARGET_FIELD} id={pair.productId} label={t("recommendations.rules.pin")} />
                <RowActionButton intent={RULE_INTENTS.exclude} idField={TARGET_FIELD} id={pair.productId} label={t("recommendations.rules.exclude")} critical />
              </InlineStack>
            )}
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </PlainIndexTable>
  );
}
