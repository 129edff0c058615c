import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { overviewParams, overviewUrl, periodStart } from "~/admin/figure-periods";
import { OutcomeBanner } from "~/admin/outcome-banner";
import { pageLinks } from "~/admin/plain-index-table";
import { EngineCard, REBUILD_INTENT } from "~/admin/recommendations/engine-card";
import { RecommendationFiguresCard } from "~/admin/recommendations/figures-card";
import { RecommendationProductsTable } from "~/admin/recommendations/products-table";
import { TableCard } from "~/admin/table-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { engineStatus, listRecommendationProducts } from "~/core/recommendations/overview.server";
import { enqueueRebuild } from "~/core/recommendations/program.server";
import { recommendationStatistics } from "~/core/recommendations/statistics.server";
import { useT } from "~/i18n/use-t";

const RECOMMENDATIONS_PATH = "/app/recommendations";

const ParamsSchema = z.object(overviewParams);
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
  return overviewUrl(RECOMMENDATIONS_PATH, state);
}

export default function RecommendationsPage() {
  const { figures, engine, products, currency, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const navigate = useNavigate();
  const go = (next: Partial<ListState>) => navigate(recommendationsUrl({ ...state, page: 1, ...next }), { preventScrollReset: true });
  return (
    <Page title={t("recommendations.title")} secondaryActions={[{ content: t("recommendations.action.settings"), url: `${RECOMMENDATIONS_PATH}/settings` }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result ? <OutcomeBanner testId="recommendations-outcome" tone="success" lines={[t("recommendations.engine.rebuildQueued")]} /> : null}
            <RecommendationFiguresCard figures={figures} currency={currency} period={state.period} onPeriod={(period) => go({ period, page: state.page })} />
            <EngineCard status={engine} />
            <div data-testid="recommendation-products">
              <TableCard
                title={t("recommendations.products.title")}
                help={t("recommendations.products.help")}
                count={t("recommendations.products.count", { count: products.totalCount })}
                search={{
                  query: state.q,
                  keep: { period: state.period !== "30d" ? state.period : null },
                  label: t("recommendations.products.search"),
                  placeholder: t("recommendations.products.searchPlaceholder"),
                  apply: t("recommendations.products.apply"),
                }}
              >
                <RecommendationProductsTable
                  rows={products.rows}
                  empty={state.q ? t("recommendations.products.emptyFiltered") : t("recommendations.products.empty")}
                  pagination={pageLinks(t, products, (page) => recommendationsUrl({ ...state, page }))}
                />
              </TableCard>
            </div>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
