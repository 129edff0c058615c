import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { SectionCard } from "~/admin/section-card";
import { explainRecommendation, sourceLabel } from "~/core/recommendations/explain";
import type { PairFigures } from "~/core/recommendations/pair-scores";
import type { StorefrontItem } from "~/core/recommendations/storefront-view.server";
import { useT } from "~/i18n/use-t";

/** What the product's block shows a guest right now, each item with the source that put it there and why. */
export function PreviewCard({ productTitle, items, figuresOf }: { productTitle: string; items: readonly StorefrontItem[]; figuresOf: ReadonlyMap<string, PairFigures> }) {
  const { t, locale, money } = useT();
  const why = (item: StorefrontItem) => {
    const names = { product: productTitle, other: item.title };
    const figures = figuresOf.get(item.productId);
    if (item.source === "pair" && figures) return explainRecommendation(locale, { productId: item.productId, source: "pair", figures }, names);
    if (item.source === "pair") return sourceLabel(locale, "pair");
    return explainRecommendation(locale, { productId: item.productId, source: item.source }, names);
  };
  return (
    <SectionCard title={t("recommendations.preview.title")} help={t("recommendations.preview.help")} testId="recommendation-preview" gap="300">
      {items.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("recommendations.preview.empty")}
        </Text>
      ) : (
        <BlockStack gap="300">
          {items.map((item, index) => (
            <div key={item.productId} data-testid="preview-item" data-product-id={item.productId} data-source={item.source}>
              <BlockStack gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {`${index + 1}. ${item.title}`}
                  </Text>
                  <Text as="span" tone="subdued">
                    {money(item.price.amountMinor, item.price.currency)}
                  </Text>
                  <Badge tone={item.source === "pin" ? "info" : undefined}>{sourceLabel(locale, item.source)}</Badge>
                </InlineStack>
                <Text as="p" variant="bodySm" tone="subdued">
                  {why(item)}
                </Text>
              </BlockStack>
            </div>
          ))}
        </BlockStack>
      )}
    </SectionCard>
  );
}
