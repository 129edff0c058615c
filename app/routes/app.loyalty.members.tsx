import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Link, Page, Select, Text } from "@shopify/polaris";
import { z } from "zod";
import { NumericCell, pageLinks } from "~/admin/plain-index-table";
import { requireAdminContext } from "~/auth/admin-context.server";
import { MEMBER_SORTS, type MemberListParams } from "~/core/loyalty/member-list-params";
import { listMembers } from "~/core/loyalty/members.server";
import { customerDisplayName } from "~/i18n/labels";
import type { MessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

const MEMBERS_PATH = "/app/loyalty/members";

// A hand-edited or stale address falls back to the default of what it got wrong.
const ParamsSchema = z.object({
  sort: z.enum(MEMBER_SORTS).catch("balance"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  tier: z.string().min(1).max(40).nullable().catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const search = new URL(request.url).searchParams;
  const params = ParamsSchema.parse({
    sort: search.get("sort"),
    dir: search.get("dir"),
    tier: search.get("tier"),
    page: search.get("page") ?? 1,
  });
  const state: MemberListParams = {
    sort: params.sort,
    direction: params.dir,
    tierId: params.tier,
    page: params.page,
  };
  return { ...(await listMembers(context.runtime.db, shop.id, state)), state };
}

function membersUrl(state: MemberListParams): string {
  const params = new URLSearchParams({
    sort: state.sort,
    dir: state.direction,
  });
  if (state.tierId) params.set("tier", state.tierId);
  if (state.page > 1) params.set("page", String(state.page));
  return `${MEMBERS_PATH}?${params.toString()}`;
}

const SORT_CHOICES: ReadonlyArray<{ value: string; key: MessageKey }> = [
  { value: "balance:desc", key: "loyaltyMembers.sort.balanceDesc" },
  { value: "balance:asc", key: "loyaltyMembers.sort.balanceAsc" },
  { value: "lastActivity:desc", key: "loyaltyMembers.sort.lastActivityDesc" },
  { value: "lastActivity:asc", key: "loyaltyMembers.sort.lastActivityAsc" },
];
const SortChoiceSchema = z.tuple([z.enum(MEMBER_SORTS), z.enum(["asc", "desc"])]);

export default function LoyaltyMembersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, number, dateTime, locale } = useT();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { state } = data;
  const go = (next: Partial<MemberListParams>) => navigate(membersUrl({ ...state, page: 1, ...next }));
  const loading = navigation.state === "loading" && navigation.location.pathname === MEMBERS_PATH;
  const tierName = (tierId: string | null) => {
    if (tierId === null) return null;
    // A tier the settings no longer hold is still the member's until the next evaluation.
    return data.tiers.find((tier) => tier.id === tierId)?.name[locale] ?? tierId;
  };

  const rows = data.rows.map((row, index) => {
    const tier = tierName(row.tierId);
    return (
      <IndexTable.Row id={row.id} key={row.id} position={index}>
        <IndexTable.Cell>
          <span data-testid="member-row" data-customer-id={row.customerId}>
            <Link url={`/app/customers/${row.customerId}`} dataPrimaryLink monochrome removeUnderline>
              <Text as="span" fontWeight="semibold">
                {customerDisplayName(t, {
                  id: row.customerId,
                  name: row.name,
                  email: row.email,
                  redacted: row.redacted,
                })}
              </Text>
            </Link>
          </span>
        </IndexTable.Cell>
        <NumericCell>
          <span data-testid="member-balance">{number(row.balance)}</span>
        </NumericCell>
        <NumericCell>{number(row.available)}</NumericCell>
        <NumericCell>{number(row.pending)}</NumericCell>
        <IndexTable.Cell>
          <span data-testid="member-tier">{tier === null ? t("common.none") : <Badge>{tier}</Badge>}</span>
        </IndexTable.Cell>
        <IndexTable.Cell>{dateTime(row.lastActivityAt)}</IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  return (
    <Page
      title={t("loyaltyMembers.title")}
      subtitle={t("loyaltyMembers.count", { count: data.totalCount })}
      backAction={{ content: t("loyalty.title"), url: "/app/loyalty" }}
    >
      <Card padding="0">
        <BlockStack>
          <Box padding="300">
            <InlineStack gap="300">
              <Select
                label={t("loyaltyMembers.sort")}
                options={SORT_CHOICES.map((choice) => ({
                  value: choice.value,
                  label: t(choice.key),
                }))}
                value={`${state.sort}:${state.direction}`}
                onChange={(value) => {
                  const parsed = SortChoiceSchema.safeParse(value.split(":"));
                  if (parsed.success) go({ sort: parsed.data[0], direction: parsed.data[1] });
                }}
              />
              <Select
                label={t("loyaltyMembers.filter.tier")}
                options={[
                  { value: "", label: t("loyaltyMembers.filter.allTiers") },
                  ...data.tiers.map((tier) => ({
                    value: tier.id,
                    label: tier.name[locale],
                  })),
                ]}
                value={state.tierId ?? ""}
                onChange={(value) => go({ tierId: value === "" ? null : value })}
              />
            </InlineStack>
          </Box>
          <div data-testid="members-table">
            <IndexTable
              resourceName={{
                singular: t("loyaltyMembers.resource.singular"),
                plural: t("loyaltyMembers.resource.plural"),
              }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              headings={[
                { title: t("loyaltyMembers.column.customer") },
                { title: t("loyaltyMembers.column.balance"), alignment: "end" },
                {
                  title: t("loyaltyMembers.column.available"),
                  alignment: "end",
                },
                { title: t("loyaltyMembers.column.pending"), alignment: "end" },
                { title: t("loyaltyMembers.column.tier") },
                { title: t("loyaltyMembers.column.lastActivity") },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    <span data-testid="members-empty">{state.tierId ? t("loyaltyMembers.emptyFiltered") : t("loyaltyMembers.empty")}</span>
                  </Text>
                </Box>
              }
              pagination={pageLinks(t, data, (page) => membersUrl({ ...state, page }))}
            >
              {rows}
            </IndexTable>
          </div>
        </BlockStack>
      </Card>
    </Page>
  );
}
