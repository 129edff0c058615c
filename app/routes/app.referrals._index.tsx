import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Layout, Page, Tabs } from "@shopify/polaris";
import { z } from "zod";
import { overviewParams, overviewUrl, periodStart, type FigurePeriod } from "~/admin/figure-periods";
import { OutcomeBanner } from "~/admin/outcome-banner";
import { pageLinks } from "~/admin/plain-index-table";
import { AllowListCard, REMOVE_ALLOWED_INTENT } from "~/admin/referrals/allow-list-card";
import { ReferralFiguresCard } from "~/admin/referrals/referral-figures-card";
import { ALLOW_INTENT, ReferralListTable, REVIEW_INTENTS, ReviewTable } from "~/admin/referrals/referral-table";
import { TableCard } from "~/admin/table-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { AllowListRefused, allowHouseholdOfReferral, listAllowList, removeAllowListEntry } from "~/core/referrals/allow-list.server";
import { referralProgram } from "~/core/referrals/program.server";
import { listReferrals, referralFigures } from "~/core/referrals/referral-list.server";
import { REFERRAL_STATUSES } from "~/core/referrals/referral-statuses";
import { reviewReferrals } from "~/core/referrals/review.server";
import { useT } from "~/i18n/use-t";

const REFERRALS_PATH = "/app/referrals";

// A hand-edited or stale address falls back to the default of what it got wrong.
const ParamsSchema = z.object({ status: z.enum(REFERRAL_STATUSES).nullable().catch(null), ...overviewParams });
type ListState = z.infer<typeof ParamsSchema>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const search = new URL(request.url).searchParams;
  const state = ParamsSchema.parse({ status: search.get("status"), page: search.get("page") ?? 1, q: search.get("q") ?? "", period: search.get("period") });
  const { db } = context.runtime;
  const now = new Date();
  const [program, figures, review, list, allowList] = await Promise.all([
    referralProgram(db, shop.id),
    referralFigures(db, shop, { since: periodStart(state.period, now) }),
    // The queue's first page: more waiting than fit are reached through the list's REVIEW tab.
    listReferrals(db, shop.id, { status: "REVIEW", page: 1, now }),
    listReferrals(db, shop.id, { status: state.status ?? undefined, page: state.page, search: state.q || undefined, now }),
    listAllowList(db, shop.id),
  ]);
  return {
    program: program && { enabled: program.enabled },
    figures,
    review,
    list,
    allowList: allowList.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
    currency: shop.currency,
    state,
  };
}

const IdSchema = z.string().uuid();
const ReviewSchema = z.object({ intent: z.enum(REVIEW_INTENTS), id: z.array(IdSchema).min(1).max(250) });
const RowSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal(`${ALLOW_INTENT}:address`), id: IdSchema }),
  z.object({ intent: z.literal(`${ALLOW_INTENT}:phone`), id: IdSchema }),
  z.object({ intent: z.literal(REMOVE_ALLOWED_INTENT), id: IdSchema }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const { db } = context.runtime;
  const form = await request.formData();
  const review = ReviewSchema.safeParse({ intent: form.get("intent"), id: form.getAll("id") });
  if (review.success) {
    const results = await reviewReferrals(db, shop.id, review.data.id, review.data.intent, new Date());
    const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
    return { kind: "reviewed" as const, approved: count("approved"), rejected: count("rejected"), skipped: results.length - count("approved") - count("rejected") };
  }
  const row = RowSchema.safeParse(Object.fromEntries(form));
  if (!row.success) throw new Response("Bad request", { status: 400 });
  if (row.data.intent === REMOVE_ALLOWED_INTENT) {
    await removeAllowListEntry(db, shop.id, row.data.id);
    return { kind: "removed" as const };
  }
  const kind = row.data.intent === `${ALLOW_INTENT}:phone` ? "phone" : "address";
  try {
    await allowHouseholdOfReferral(db, shop.id, row.data.id, kind);
  } catch (error) {
    if (error instanceof AllowListRefused) return data({ kind: "refused" as const, reason: error.reason }, { status: 400 });
    throw error;
  }
  return { kind: "allowed" as const };
}

function referralsUrl(state: ListState): string {
  return overviewUrl(REFERRALS_PATH, state, [["status", state.status]]);
}

const TABS = [null, ...REFERRAL_STATUSES] as const;

function Outcome() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  if (!result) return null;
  let text: string;
  switch (result.kind) {
    case "reviewed":
      text = [
        result.approved > 0 ? t("referrals.reviewed.approved", { count: result.approved }) : null,
        result.rejected > 0 ? t("referrals.reviewed.rejected", { count: result.rejected }) : null,
        result.skipped > 0 ? t("referrals.reviewed.skipped", { count: result.skipped }) : null,
      ]
        .filter((line) => line !== null)
        .join(" ");
      break;
    case "allowed":
      text = t("referrals.allow.done");
      break;
    case "removed":
      text = t("referrals.allowList.removed");
      break;
    case "refused":
      text = t(`referrals.allow.refused.${result.reason}`);
      break;
  }
  return <OutcomeBanner testId="referrals-outcome" tone={result.kind === "refused" ? "critical" : "success"} lines={[text]} />;
}

export default function ReferralsPage() {
  const { program, figures, review, list, allowList, currency, state } = useLoaderData<typeof loader>();
  const { t } = useT();
  const navigate = useNavigate();
  const submit = useSubmit();
  const go = (next: Partial<ListState>) => navigate(referralsUrl({ ...state, page: 1, ...next }), { preventScrollReset: true });
  const onReview = (intent: (typeof REVIEW_INTENTS)[number], ids: string[]) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of ids) form.append("id", id);
    submit(form, { method: "post" });
  };
  const selectedTab = Math.max(0, TABS.indexOf(state.status));
  return (
    <Page
      title={t("referrals.title")}
      titleMetadata={program ? <Badge tone={program.enabled ? "success" : undefined}>{program.enabled ? t("referrals.state.on") : t("referrals.state.off")}</Badge> : undefined}
      secondaryActions={[{ content: t("referrals.action.settings"), url: `${REFERRALS_PATH}/settings` }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Outcome />
            {program === null ? (
              <Banner tone="info">
                <p>{t("referrals.state.noProgram")}</p>
              </Banner>
            ) : program.enabled ? null : (
              <Banner tone="warning">
                <p>{t("referrals.state.offHelp")}</p>
              </Banner>
            )}
            <ReferralFiguresCard figures={figures} period={state.period} onPeriod={(period: FigurePeriod) => go({ period, page: state.page })} />
            <div data-testid="review-queue">
              <TableCard title={t("referrals.review.title")} help={t("referrals.review.help")}>
                <ReviewTable rows={review.rows} currency={currency} onReview={onReview} />
              </TableCard>
            </div>
            <div data-testid="referral-list">
              <TableCard
                title={t("referrals.list.title")}
                count={t("referrals.list.count", { count: list.totalCount })}
                search={{
                  query: state.q,
                  keep: { status: state.status, period: state.period !== "30d" ? state.period : null },
                  label: t("referrals.list.search"),
                  placeholder: t("referrals.list.searchPlaceholder"),
                  apply: t("referrals.list.apply"),
                }}
              >
                <Tabs
                  tabs={TABS.map((status) => ({
                    id: `referrals-${status ?? "all"}`,
                    content: status ? t(`referrals.status.${status}`) : t("referrals.filter.all"),
                  }))}
                  selected={selectedTab}
                  onSelect={(index) => go({ status: TABS[index] ?? null })}
                />
                <ReferralListTable
                  rows={list.rows}
                  currency={currency}
                  empty={state.status || state.q ? t("referrals.list.emptyFiltered") : t("referrals.list.empty")}
                  pagination={pageLinks(t, list, (page) => referralsUrl({ ...state, page }))}
                />
              </TableCard>
            </div>
            <AllowListCard entries={allowList} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
