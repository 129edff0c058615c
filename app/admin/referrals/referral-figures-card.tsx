import { Figure } from "~/admin/figure";
import type { FigurePeriod } from "~/admin/figure-periods";
import { PeriodFiguresCard } from "~/admin/period-figures-card";
import type { ReferralFigures } from "~/core/referrals/referral-list.server";
import { useT } from "~/i18n/use-t";

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
    <PeriodFiguresCard
      testId="referral-figures"
      title={t("referrals.figures.title")}
      periodLabel={t("referrals.figures.period")}
      periodName={(value) => t(`referrals.figures.period.${value}`)}
      period={period}
      onPeriod={onPeriod}
    >
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
    </PeriodFiguresCard>
  );
}
