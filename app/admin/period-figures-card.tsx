import { BlockStack, Card, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { FIGURE_PERIODS, type FigurePeriod } from "./figure-periods";

/** A program's figures over a period the merchant picks, side by side, with a footnote under them. */
export function PeriodFiguresCard({
  testId,
  title,
  periodLabel,
  periodName,
  period,
  onPeriod,
  footnote,
  children,
}: {
  testId: string;
  title: string;
  periodLabel: string;
  periodName: (period: FigurePeriod) => string;
  period: FigurePeriod;
  onPeriod: (period: FigurePeriod) => void;
  footnote?: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Select
              label={periodLabel}
              labelInline
              options={FIGURE_PERIODS.map((value) => ({ value, label: periodName(value) }))}
              value={period}
              onChange={(value) => {
                const chosen = FIGURE_PERIODS.find((candidate) => candidate === value);
                if (chosen) onPeriod(chosen);
              }}
            />
          </InlineStack>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
            {children}
          </InlineGrid>
          {footnote ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {footnote}
            </Text>
          ) : null}
        </BlockStack>
      </div>
    </Card>
  );
}
