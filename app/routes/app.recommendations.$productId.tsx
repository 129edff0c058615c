import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { periodStart } from "~/admin/figure-periods";
import { notFoundBoundary } from "~/admin/not-found-boundary";
import { OutcomeBanner } from "~/admin/outcome-banner";
import { PairsTable, RULE_INTENTS, TARGET_FIELD } from "~/admin/recommendations/pairs-table";
import { PreviewCard } from "~/admin/recommendations/preview-card";
import { RulesCard } from "~/admin/recommendations/rules-card";
import { TargetStatsCard, type TargetStatistics } from "~/admin/recommendations/target-stats-card";
import { TableCard } from "~/admin/table-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { productTitles, productView } from "~/core/recommendations/product-view.server";
import { excludeProduct, movePin, pinProduct, removeRule, RULE_KINDS, RuleRefused, ruleTargetChoices } from "~/core/recommendations/rules.server";
import { statisticsByTarget } from "~/core/recommendations/statistics.server";
import { recommendationsFor } from "~/core/recommendations/storefront-view.server";
import { useT } from "~/i18n/use-t";

const ParamsSchema = z.object({ productId: z.string().min(1).max(255) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const route = ParamsSchema.safeParse(params);
  if (!route.success) throw new Response("Product not found", { status: 404 });
  const { productId } = route.data;
  const { db } = context.runtime;
  const now = new Date();
  const [view, preview, stats, choices] = await Promise.all([
    productView(db, shop.id, productId, now),
    // As a guest sees it: a signed-in shopper's purchases would only take items away.
    recommendationsFor(db, shop.id, { productIds: [productId], customerId: null }),
    statisticsByTarget(db, shop.id, { from: periodStart("30d", now), to: now }, productId),
    ruleTargetChoices(db, shop.id, productId),
  ]);
  if (!view) throw new Response("Product not found", { status: 404 });
  const titles = await productTitles(db, shop.id, [...stats.keys()]);
  const targetStats: TargetStatistics[] = [...stats]
    .map(([target, figures]) => ({ productId: target, title: titles.get(target) ?? target, ...figures }))
    .sort((a, b) => b.impressions - a.impressions || b.attributedOrders - a.attributedOrders || a.title.localeCompare(b.title));
  return { view, preview: preview.items, targetStats, choices, currency: shop.currency };
}

const TargetSchema = z.string().min(1).max(255);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal(RULE_INTENTS.pin), [TARGET_FIELD]: TargetSchema }),
  z.object({ intent: z.literal(RULE_INTENTS.exclude), [TARGET_FIELD]: TargetSchema }),
  z.object({ intent: z.literal(RULE_INTENTS.remove), [TARGET_FIELD]: TargetSchema }),
  z.object({ intent: z.literal(RULE_INTENTS.up), [TARGET_FIELD]: TargetSchema }),
  z.object({ intent: z.literal(RULE_INTENTS.down), [TARGET_FIELD]: TargetSchema }),
  z.object({ intent: z.literal(RULE_INTENTS.add), [TARGET_FIELD]: TargetSchema, kind: z.enum(RULE_KINDS), position: z.string().trim().max(10).default("") }),
]);

type RuleOutcome = { kind: "done"; change: "pin" | "exclude" | "remove" | "move"; product: string } | { kind: "refused"; reason: RuleRefused["reason"] | "position" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const route = ParamsSchema.safeParse(params);
  const form = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!route.success || !form.success) throw new Response("Bad request", { status: 400 });
  const { productId } = route.data;
  const { db } = context.runtime;
  const input = form.data;
  const target = input[TARGET_FIELD];
  const done = async (change: Extract<RuleOutcome, { kind: "done" }>["change"]): Promise<RuleOutcome> => ({
    kind: "done",
    change,
    product: (await productTitles(db, shop.id, [target])).get(target) ?? target,
  });
  try {
    switch (input.intent) {
      case RULE_INTENTS.pin:
        await pinProduct(db, shop.id, productId, target, null);
        return done("pin");
      case RULE_INTENTS.exclude:
        await excludeProduct(db, shop.id, productId, target);
        return done("exclude");
      case RULE_INTENTS.remove:
        await removeRule(db, shop.id, productId, target);
        return done("remove");
      case RULE_INTENTS.up:
      case RULE_INTENTS.down:
        await movePin(db, shop.id, productId, target, input.intent);
        return done("move");
      case RULE_INTENTS.add: {
        if (input.kind === "exclude") {
          await excludeProduct(db, shop.id, productId, target);
          return done("exclude");
        }
        const position = input.position === "" ? null : Number(input.position);
        if (position !== null && !(Number.isInteger(position) && position >= 1)) return data<RuleOutcome>({ kind: "refused", reason: "position" }, { status: 400 });
        await pinProduct(db, shop.id, productId, target, position);
        return done("pin");
      }
    }
  } catch (error) {
    if (error instanceof RuleRefused) return data<RuleOutcome>({ kind: "refused", reason: error.reason }, { status: 400 });
    throw error;
  }
}

function Outcome() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  if (!result) return null;
  const text =
    result.kind === "refused"
      ? t(`recommendations.rules.refused.${result.reason}`)
      : result.change === "move"
        ? t("recommendations.rules.done.move")
        : t(`recommendations.rules.done.${result.change}`, { product: result.product });
  return <OutcomeBanner testId="rules-outcome" tone={result.kind === "refused" ? "critical" : "success"} lines={[text]} />;
}

export default function RecommendationProductPage() {
  const { view, preview, targetStats, choices, currency } = useLoaderData<typeof loader>();
  const { t, number } = useT();
  const ruled = new Set([...view.pins, ...view.exclusions].map((rule) => rule.productId));
  const figuresOf = new Map(view.pairs.map((pair) => [pair.productId, pair.figures] as const));
  return (
    <Page
      title={view.product.title}
      subtitle={t("recommendations.product.orders", { count: number(view.orders) })}
      backAction={{ content: t("recommendations.product.back"), url: "/app/recommendations" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Outcome />
            {view.product.inCatalogue ? null : (
              <Banner tone="warning">
                <p>{t("recommendations.product.notInCatalogue")}</p>
              </Banner>
            )}
            <PreviewCard productTitle={view.product.title} items={preview} figuresOf={figuresOf} />
            <div data-testid="recommendation-pairs">
              <TableCard title={t("recommendations.pairs.title")} help={t("recommendations.pairs.help", { minSupport: number(view.settings.minSupportWeight, 2) })}>
                <PairsTable productTitle={view.product.title} pairs={view.pairs} ruled={ruled} />
              </TableCard>
            </div>
            <RulesCard pins={view.pins} exclusions={view.exclusions} choices={choices} />
            <TargetStatsCard rows={targetStats} currency={currency} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({
  title: "recommendations.title",
  body: "recommendations.product.notFound",
  back: "recommendations.product.back",
  backUrl: "/app/recommendations",
  testId: "recommendation-product-not-found",
});
