import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { CheckoutDiscountCard, RETRY_CHECKOUT_DISCOUNT_INTENT } from "~/admin/checkout-discount-card";
import { Figure } from "~/admin/figure";
import { BACKFILL_INTENT, LoyaltyBackfillCard } from "~/admin/loyalty-backfill-card";
import { ReferralsLinkCard } from "~/admin/referrals/referrals-link-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { BACKFILL_SPANS } from "~/core/loyalty/backfill";
import { backfillRun, startBackfill } from "~/core/loyalty/backfill.server";
import { checkoutDiscountView, retryCheckoutDiscount } from "~/core/loyalty/checkout-discount.server";
import { switchProgram } from "~/core/loyalty/program-admin.server";
import { programFigures, type ProgramFigures } from "~/core/loyalty/program-figures.server";
import { isoDay, parseIsoDay } from "~/core/orders/order-date-range";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  return {
    figures: await programFigures(context.runtime.db, shop, new Date()),
    checkoutDiscount: await checkoutDiscountView(context.runtime.db, shop.id, demo),
    backfill: await backfillRun(context.runtime.db, shop.id),
    today: isoDay(new Date()),
    demoStore: demo,
  };
}

const SwitchSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("on"),
    startedAt: z.string().transform(parseIsoDay).pipe(z.date()),
  }),
  z.object({ intent: z.literal("off") }),
  z.object({ intent: z.literal(RETRY_CHECKOUT_DISCOUNT_INTENT) }),
  z.object({ intent: z.literal(BACKFILL_INTENT), span: z.enum(BACKFILL_SPANS) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const parsed = SwitchSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, error: "invalidDate" as const }, { status: 400 });
  if (parsed.data.intent === RETRY_CHECKOUT_DISCOUNT_INTENT) {
    if (!(await retryCheckoutDiscount(context.runtime.db, shop.id))) throw new Response("No program", { status: 404 });
    context.runtime.queue.wake();
    return { ok: true as const, retried: true as const };
  }
  if (parsed.data.intent === BACKFILL_INTENT) {
    const backfill = await startBackfill(context.runtime.db, shop.id, parsed.data.span, new Date());
    if (backfill.started) context.runtime.queue.wake();
    return data({ ok: true as const, backfill }, { status: backfill.started ? 200 : 409 });
  }
  const input = parsed.data.intent === "on" ? { enabled: true as const, startedAt: parsed.data.startedAt } : { enabled: false as const };
  const switched = await switchProgram(context.runtime.db, shop.id, input);
  if (!switched) throw new Response("No program", { status: 404 });
  return { ok: true as const, ...switched };
}

export default function LoyaltyProgramPage() {
  const { figures, checkoutDiscount, backfill, today, demoStore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <Page
      title={t("loyalty.title")}
      primaryAction={{
        content: t("loyalty.action.settings"),
        url: "/app/loyalty/settings",
      }}
      secondaryActions={demoStore ? [{ content: t("demoStore.admin.link"), url: "/demo-store", target: "_blank" }] : []}
    >
      <Layout>
        <Layout.Section>
          <ProgramCard program={figures.program} today={today} />
        </Layout.Section>
        {checkoutDiscount ? (
          <Layout.Section>
            <CheckoutDiscountCard state={checkoutDiscount} retried={result?.ok === true && "retried" in result} />
          </Layout.Section>
        ) : null}
        {figures.program ? (
          <Layout.Section>
            <LoyaltyBackfillCard
              startedAt={figures.program.startedAt}
              enabled={figures.program.enabled}
              run={backfill}
              answer={result?.ok === true && "backfill" in result ? result.backfill : null}
            />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <FiguresCard figures={figures} />
        </Layout.Section>
        <Layout.Section>
          <ReferralsLinkCard />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ProgramCard({ program, today }: { program: ProgramFigures["program"]; today: string }) {
  const { t, date } = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [startedAt, setStartedAt] = useState(today);
  if (!program) {
    return (
      <Card>
        <div data-testid="loyalty-no-program">
          <Text as="p">{t("loyalty.status.noProgram")}</Text>
        </div>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("loyalty.status.title")}
          </Text>
          <span data-testid="loyalty-status" data-enabled={String(program.enabled)}>
            <Badge tone={program.enabled ? "success" : undefined}>{program.enabled ? t("loyalty.status.on") : t("loyalty.status.off")}</Badge>
          </span>
        </InlineStack>
        {result?.ok && "enabled" in result ? (
          <Banner tone="success">
            <p>{t(result.enabled ? "loyalty.switched.on" : "loyalty.switched.off", { version: result.version })}</p>
          </Banner>
        ) : null}
        <Text as="p">{program.enabled ? t("loyalty.status.onSince", { date: date(program.startedAt) }) : t("loyalty.status.offHelp")}</Text>
        <Text as="p" tone="subdued">
          <span data-testid="loyalty-version">{t("loyalty.status.version", { version: program.version })}</span>
        </Text>
        <Form method="post">
          {program.enabled ? (
            <>
              <input type="hidden" name="intent" value="off" />
              <Button submit loading={navigation.state === "submitting"}>
                {t("loyalty.switch.off")}
              </Button>
            </>
          ) : (
            <InlineStack gap="300" blockAlign="end">
              <input type="hidden" name="intent" value="on" />
              <TextField
                label={t("loyalty.switch.startDate")}
                helpText={t("loyalty.switch.startDateHelp")}
                type="date"
                name="startedAt"
                value={startedAt}
                onChange={setStartedAt}
                autoComplete="off"
                error={result && !result.ok ? t("loyalty.switch.invalidDate") : undefined}
              />
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                {t("loyalty.switch.on")}
              </Button>
            </InlineStack>
          )}
        </Form>
      </BlockStack>
    </Card>
  );
}

function FramedFigure(props: Parameters<typeof Figure>[0]) {
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <Figure {...props} />
    </Box>
  );
}

function liabilityHelp(
  t: ReturnType<typeof useT>["t"],
  money: (minor: number) => string,
  locale: "de" | "en",
  liability: ProgramFigures["liability"]
): string {
  if (!liability) return t("loyalty.figures.liabilityNone");
  const { basis } = liability;
  const vars = {
    reward: basis.title[locale],
    amount: money(basis.amountMinor),
    points: basis.points,
  };
  return t(basis.kind === "amount_off" ? "loyalty.figures.liabilityAmountOff" : "loyalty.figures.liabilityVariable", vars);
}

function FiguresCard({ figures }: { figures: ProgramFigures }) {
  const { t, number, money, locale } = useT();
  const currencyMoney = (minor: number) => money(minor, figures.currency);
  const rate = figures.redemptionRate90Days;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("loyalty.figures.title")}
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
          <FramedFigure
            testId="figure-members"
            label={t("loyalty.figures.members")}
            value={number(figures.members)}
            link={{ content: t("loyalty.action.members"), url: "/app/loyalty/members" }}
          />
          <FramedFigure testId="figure-outstanding" label={t("loyalty.figures.outstanding")} value={number(figures.pointsOutstanding)} />
          <FramedFigure
            testId="figure-liability"
            label={t("loyalty.figures.liability")}
            value={figures.liability ? currencyMoney(figures.liability.valueMinor) : t("common.none")}
            help={[liabilityHelp(t, currencyMoney, locale, figures.liability)]}
          />
          <FramedFigure
            testId="figure-redeemed"
            label={t("loyalty.figures.redeemed")}
            value={number(figures.pointsRedeemed30Days)}
            help={[t("loyalty.figures.redeemedHelp")]}
          />
          <FramedFigure
            testId="figure-redemption-rate"
            label={t("loyalty.figures.redemptionRate")}
            value={
              rate === null
                ? t("common.none")
                : t("loyalty.figures.redemptionRateValue", {
                    percent: number(rate * 100, 1),
                  })
            }
            help={[
              t("loyalty.figures.redemptionRateHelp", {
                redeemed: figures.pointsRedeemed90Days,
                earned: figures.pointsEarned90Days,
              }),
            ]}
          />
          <FramedFigure
            testId="figure-rewards"
            label={t("loyalty.figures.rewards")}
            value={t("loyalty.figures.rewardsValue", {
              issued: figures.rewardsIssued,
              used: figures.rewardsUsed,
            })}
          />
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
