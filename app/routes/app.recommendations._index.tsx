import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { EngineCard, REBUILD_INTENT } from "~/admin/recommendations/engine-card";
import { RecommendationFiguresCard } from "~/admin/recommendations/figures-card";
import { RecommendationProductsTable } from "~/admin/recommendations/products-table";
import { FIGURE_PERIODS, periodStart } from "~/admin/referrals/referral-figures-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { engineStatus, listRecommendationProducts } from "~/core/recommendations/overview.server";
import { enqueueRebuild } from "~/core/recommendations/program.server";
import { recommendationStatistics } from "~/core/recommendations/statistics.server";
import { useT } from "~/i18n/use-t";

const RECOMMENDATIONS_PATH = "/app/recommendations";

// A hand-edited or stale address falls back to the default of what it got wrong.
const ParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  q: z.string().trim().max(200).catch(""),
  period: z.enum(FIGURE_PERIODS).catch("30d"),
});
type ListState = z.infer<typeof ParamsSchema>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const search = new URL(request.url).searchParams;
  const state = ParamsSchema.parse({ page: search.get("page") ?? 1, q: search.get("q") ?? "", period: search.get("period") });
  const { db } = context.runtime;
  const now = new Date();
  const [figures, engine, products] = await Promise.all([
    recommendationStatistics(db, shop.id, { from: periodStart(state.period, now), to: now }),
    engineStatus(db, shop.id),
    listRecommendationProducts(db, shop.id, { page: state.page, search: state.q || undefined, now }),
  ]);
  return { figures, engine, products, currency: shop.currency, state };
}

const ActionSchema = z.object({ intent: z.literal(REBUILD_INTENT) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  if (!ActionSchema.safeParse(Object.fromEntries(await request.formData())).success) throw new Response("Bad request", { status: 400 });
  const { db } = context.runtime;
  // A second click while one waits would only fold every order once more.
  if (!(await engineStatus(db, shop.id)).rebuildQueued) await enqueueRebuild(db, shop.id);
  context.runtime.queue.wake();
  return { kind: "rebuildQueued" as const };
}

function recommendationsUrl(state: ListState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.period !== "30d") params.set("period", state.period);
  const query = params.toString();
  return query ? `${RECOMMENDATIONS_PATH}?${query}` : RECOMMENDATIONS_PATH;
}

export default function RecommendationsPage() {
  const { figures, engine, products, currency, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const navigate = useNavigate();
  const [search, setSearch] = useState(state.q);
  const go = (next: Partial<ListState>) => navigate(recommendationsUrl({ ...state, page: 1, ...next }), { preventScrollReset: true });
  return (
    <Page title={t("recommendations.title")} secondaryActions={[{ content: t("recommendations.action.settings"), url: `${RECOMMENDATIONS_PATH}/settings` }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result ? (
              <div data-testid="recommendations-outcome">
                <Banner tone="success">
                  <p>{t("recommendations.engine.rebuildQueued")}</p>
                </Banner>
              </div>
            ) : null}
            <RecommendationFiguresCard figures={figures} currency={currency} period={state.period} onPeriod={(period) => go({ period, page: state.page })} />
            <EngineCard status={engine} />
            <Card padding="0">
              <div data-testid="recommendation-products">
                <BlockStack gap="200">
                  <Box padding="400" paddingBlockEnd="0">
                    <InlineStack align="space-between" blockAlign="end" gap="400">
                      <BlockStack gap="100">
                        <Text as="h2" variant="headingMd">
                          {t("recommendations.products.title")}
                        </Text>
                        <Text as="p" tone="subdued">
                          {t("recommendations.products.help")}
                        </Text>
                        <Text as="p" tone="subdued">
                          {t("recommendations.products.count", { count: products.totalCount })}
                        </Text>
                      </BlockStack>
                      <Form method="get" preventScrollReset>
                        {state.period !== "30d" ? <input type="hidden" name="period" value={state.period} /> : null}
                        <InlineStack gap="200" blockAlign="end">
                          <TextField
                            label={t("recommendations.products.search")}
                            name="q"
                            value={search}
                            onChange={setSearch}
                            placeholder={t("recommendations.products.searchPlaceholder")}
                            autoComplete="off"
                          />
                          <Button submit>{t("recommendations.products.apply")}</Button>
                        </InlineStack>
                      </Form>
                    </InlineStack>
                  </Box>
                  <RecommendationProductsTable
                    rows={products.rows}
                    empty={state.q ? t("recommendations.products.emptyFiltered") : t("recommendations.products.empty")}
                    pagination={{
                      hasPrevious: products.hasPrevious,
                      hasNext: products.hasNext,
                      previousURL: recommendationsUrl({ ...state, page: products.page - 1 }),
                      nextURL: recommendationsUrl({ ...state, page: products.page + 1 }),
                      label: t("common.page", { page: products.page }),
                    }}
                  />
                </BlockStack>
              </div>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
