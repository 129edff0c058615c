import { BlockStack, Card, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import type { ReferralFigures } from "~/core/referrals/referral-list.server";
import { useT } from "~/i18n/use-t";

export const FIGURE_PERIODS = ["30d", "12m"] as const;
export type FigurePeriod = (typeof FIGURE_PERIODS)[number];

/** Where a period starts, counted back from `now`. */
export function periodStart(period: FigurePeriod, now: Date): Date {
  const start = new Date(now);
  if (period === "30d") start.setUTCDate(start.getUTCDate() - 30);
  else start.setUTCFullYear(start.getUTCFullYear() - 1);
  return start;
}

function Figure({ label, value, help, testId }: { label: string; value: string; help?: string[]; testId: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-testid={testId}>{value}</span>
      </Text>
      {help?.map((line) => (
        <Text as="p" key={line} variant="bodySm" tone="subdued">
          {line}
        </Text>
      ))}
    </BlockStack>
  );
}

/** The program's figures over the chosen period, in the shop's currency. */
export function ReferralFiguresCard({ figures, period, onPeriod }: { figures: ReferralFigures; period: FigurePeriod; onPeriod: (period: FigurePeriod) => void }) {
  const { t, number, money } = useT();
  const { cost, currency } = figures;
  const costLines = [
    t("referrals.figures.costFriends", { amount: money(cost.friendDiscountsMinor, currency) }),
    t("referrals.figures.costAdvocateDiscounts", { amount: money(cost.advocateDiscountsMinor, currency) }),
    ...(cost.advocatePoints > 0
      ? [
          cost.advocatePointsValueMinor === null
            ? t("referrals.figures.costAdvocatePointsUnvalued", { points: cost.advocatePoints })
            : t("referrals.figures.costAdvocatePoints", { points: cost.advocatePoints, amount: money(cost.advocatePointsValueMinor, currency) }),
        ]
      : []),
    ...(cost.advocateDiscountsUnpriced > 0 ? [t("referrals.figures.costUnpriced", { count: cost.advocateDiscountsUnpriced })] : []),
  ];
  return (
    <Card>
      <div data-testid="referral-figures">
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("referrals.figures.title")}
            </Text>
            <Select
              label={t("referrals.figures.period")}
              labelInline
              options={FIGURE_PERIODS.map((value) => ({ value, label: t(`referrals.figures.period.${value}`) }))}
              value={period}
              onChange={(value) => {
                const chosen = FIGURE_PERIODS.find((candidate) => candidate === value);
                if (chosen) onPeriod(chosen);
              }}
            />
          </InlineStack>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
            <Figure label={t("referrals.figures.clicks")} value={number(figures.clicks)} testId="figure-clicks" />
            <Figure label={t("referrals.figures.claims")} value={number(figures.claims)} testId="figure-claims" />
            <Figure
              label={t("referrals.figures.converted")}
              value={number(figures.convertedOrders)}
              help={[t("referrals.figures.convertedHelp", { voided: figures.voidedOrders, rejected: figures.rejectedOrders })]}
              testId="figure-converted"
            />
            <Figure label={t("referrals.figures.revenue")} value={money(figures.revenueMinor, currency)} testId="figure-revenue" />
            <Figure label={t("referrals.figures.cost")} value={money(cost.totalMinor, currency)} help={costLines} testId="figure-cost" />
          </InlineGrid>
        </BlockStack>
      </div>
    </Card>
  );
}
