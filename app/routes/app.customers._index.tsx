import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Link, Page, Text, type IndexFiltersProps } from "@shopify/polaris";
import { appliedFilters, ListIndexFilters, singleChoiceFilter, type SortChoice } from "~/admin/list-index-filters";
import { parseCustomerListParams, type ListProblem } from "~/admin/list-params";
import { ListProblemsBanner } from "~/admin/list-problems";
import { CUSTOMERS_PATH, customerListUrl, type CustomerListState } from "~/admin/list-urls";
import { sortableColumnProps } from "~/admin/sortable-columns";
import { requireAdminContext } from "~/auth/admin-context.server";
import {
  CONSENT_FILTERS,
  CUSTOMER_KINDS,
  NO_CUSTOMER_FILTERS,
  ORDER_PRESENCE,
  type CustomerListFilters,
  type CustomerSortKey,
} from "~/core/customers/customer-list-filters";
import { listCustomers } from "~/core/customers/customer-queries.server";
import { consentLabel, customerDisplayName } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const { value, problems } = parseCustomerListParams(new URL(request.url).searchParams);
  const { pageBeyondEnd, ...page } = await listCustomers(context.runtime.db, shop, {
    ...value,
    // A refused search (see the problems) searches nothing; its text stays in the field.
    query: value.plan ? value.query : "",
  });
  const state: CustomerListState = { query: value.query, sort: value.sort, direction: value.direction, page: page.page, filters: value.filters };
  const beyondEnd: ListProblem[] = pageBeyondEnd ? [{ kind: "pageBeyondEnd", ...pageBeyondEnd }] : [];
  return { ...page, state, problems: [...problems, ...beyondEnd] };
}

// IndexTable's headings by position: name, e-mail, city, orders, revenue, last order.
const SORT_COLUMNS: ReadonlyArray<CustomerSortKey | null> = [null, null, null, "orders", "revenue", "lastOrder"];

export default function CustomersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, number, money, date } = useT();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { state } = data;
  const { filters } = state;
  const go = (next: Partial<CustomerListState>, replace = false) => navigate(customerListUrl({ ...state, page: 1, ...next }), { replace });
  const filter = (next: Partial<CustomerListFilters>) => go({ filters: { ...filters, ...next } });
  const loading = navigation.state === "loading" && navigation.location.pathname === CUSTOMERS_PATH;

  const sortChoices: ReadonlyArray<SortChoice<CustomerSortKey>> = [
    { sort: "lastOrder", label: t("lists.sort.lastOrder"), ascLabel: t("lists.sort.oldestFirst"), descLabel: t("lists.sort.newestFirst") },
    { sort: "revenue", label: t("lists.sort.revenue"), ascLabel: t("lists.sort.lowestFirst"), descLabel: t("lists.sort.highestFirst") },
    { sort: "orders", label: t("lists.sort.orders"), ascLabel: t("lists.sort.lowestFirst"), descLabel: t("lists.sort.highestFirst") },
  ];
  const consentChoice = (value: (typeof CONSENT_FILTERS)[number]) => consentLabel(t, value.toUpperCase());
  const filterDefs: IndexFiltersProps["filters"] = [
    singleChoiceFilter("consent", t("lists.filter.consent"), CONSENT_FILTERS.map((value) => ({ value, label: consentChoice(value) })), filters.consent, (consent) => filter({ consent })),
    singleChoiceFilter("type", t("lists.filter.type"), CUSTOMER_KINDS.map((value) => ({ value, label: t(`lists.filter.type.${value}`) })), filters.kind, (kind) => filter({ kind })),
    singleChoiceFilter("orders", t("lists.filter.orders"), ORDER_PRESENCE.map((value) => ({ value, label: t(`lists.filter.orders.${value}`) })), filters.orders, (orders) => filter({ orders })),
  ];
  const applied = appliedFilters(t, [
    { key: "consent", label: t("lists.filter.consent"), value: filters.consent && consentChoice(filters.consent), onRemove: () => filter({ consent: null }) },
    { key: "type", label: t("lists.filter.type"), value: filters.kind && t(`lists.filter.type.${filters.kind}`), onRemove: () => filter({ kind: null }) },
    { key: "orders", label: t("lists.filter.orders"), value: filters.orders && t(`lists.filter.orders.${filters.orders}`), onRemove: () => filter({ orders: null }) },
  ]);
  const filtered = applied.length > 0 || state.query !== "";

  const rows = data.rows.map((row, index) => (
    <IndexTable.Row id={row.id} key={row.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="customer-row" data-customer-id={row.id}>
          <InlineStack gap="200" blockAlign="center" wrap={false}>
            <Link url={`/app/customers/${row.id}`} dataPrimaryLink monochrome removeUnderline>
              <Text as="span" fontWeight="semibold">
                {customerDisplayName(t, row)}
              </Text>
            </Link>
            {row.isGuest ? <Badge>{t("common.guest")}</Badge> : null}
            {row.redacted ? <Badge tone="info">{t("common.redacted")}</Badge> : null}
            {row.deleted ? <Badge tone="warning">{t("common.deleted")}</Badge> : null}
          </InlineStack>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <span data-testid="customer-email">{row.email ?? t("common.none")}</span>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.city ?? t("common.none")}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {number(row.ordersCount)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          <span data-testid="customer-revenue" data-minor={row.totalSpentMinor}>
            {money(row.totalSpentMinor, data.currency)}
          </span>
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{date(row.lastOrderAt)}</IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title={t("customers.title")} subtitle={t("orders.count", { count: number(data.totalCount) })}>
      <BlockStack gap="400">
        <ListProblemsBanner t={t} problems={data.problems} />
        <Card padding="0">
          <div data-testid="customers-filters">
            <ListIndexFilters
              t={t}
              query={state.query}
              onQuery={(query) => go({ query }, true)}
              placeholder={t("lists.customers.search")}
              sortChoices={sortChoices}
              sort={state.sort}
              direction={state.direction}
              onSort={(sort, direction) => go({ sort, direction })}
              filters={filterDefs}
              applied={applied}
              onClearAll={() => go({ query: "", filters: NO_CUSTOMER_FILTERS })}
              loading={loading}
            />
          </div>
          <div data-testid="customers-table">
            <IndexTable
              resourceName={{
                singular: t("customers.resource.singular"),
                plural: t("customers.resource.plural"),
              }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              {...sortableColumnProps(SORT_COLUMNS, state, (sort, direction) => go({ sort, direction }))}
              headings={[
                { title: t("customers.column.name") },
                { title: t("customers.column.email") },
                { title: t("lists.column.city") },
                { title: t("customers.column.orders"), alignment: "end" },
                { title: t("customers.column.totalSpent"), alignment: "end" },
                { title: t("customers.column.lastOrder") },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    <span data-testid="customers-empty">
                      {filtered ? t("lists.empty.filtered") : t("customers.empty")}
                    </span>
                  </Text>
                </Box>
              }
              pagination={{
                hasPrevious: data.hasPrevious,
                hasNext: data.hasNext,
                previousURL: customerListUrl({ ...state, page: data.page - 1 }),
                nextURL: customerListUrl({ ...state, page: data.page + 1 }),
                label: t("common.page", { page: data.page }),
              }}
            >
              {rows}
            </IndexTable>
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}
