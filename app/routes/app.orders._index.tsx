import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Card,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Text,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { parseOrderListParams, type ListProblem } from "~/admin/list-params";
import { DateRangeFilter, dateRangeLabel, type DateRangeValue } from "~/admin/date-range-filter";
import { appliedFilters, ListIndexFilters, singleChoiceFilter, type SortChoice } from "~/admin/list-index-filters";
import { ListProblemsBanner } from "~/admin/list-problems";
import { ORDERS_PATH, orderListUrl, type OrderListState } from "~/admin/list-urls";
import { sortableColumnProps } from "~/admin/sortable-columns";
import { requireAdminContext } from "~/auth/admin-context.server";
import {
  FINANCIAL_STATUSES,
  FULFILLMENT_STATUSES,
  NO_ORDER_FILTERS,
  YES_NO,
  type OrderListFilters,
  type OrderSortKey,
} from "~/core/orders/order-list-filters";
import { listOrders } from "~/core/orders/order-queries.server";
import { customerDisplayName, financialStatusLabel, fulfillmentStatusLabel } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const { value, problems } = parseOrderListParams(new URL(request.url).searchParams, new Date());
  const { pageBeyondEnd, ...page } = await listOrders(context.runtime.db, shop, {
    ...value,
    // A refused search (see the problems) searches nothing; its text stays in the field.
    query: value.plan ? value.query : "",
  });
  const state: OrderListState = { query: value.query, sort: value.sort, direction: value.direction, page: page.page, filters: value.filters };
  const beyondEnd: ListProblem[] = pageBeyondEnd ? [{ kind: "pageBeyondEnd", ...pageBeyondEnd }] : [];
  return { ...page, state, problems: [...problems, ...beyondEnd] };
}

// IndexTable's headings by position: order, customer, date, payment, fulfillment, total, refunded.
const SORT_COLUMNS: ReadonlyArray<OrderSortKey | null> = [null, null, "date", null, null, "total", null];

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, money, date, number } = useT();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { state } = data;
  const go = (next: Partial<OrderListState>, replace = false) => navigate(orderListUrl({ ...state, page: 1, ...next }), { replace });
  const filter = (next: Partial<OrderListFilters>) => go({ filters: { ...state.filters, ...next } });
  const loading = navigation.state === "loading" && navigation.location.pathname === ORDERS_PATH;
  const { filters } = state;

  const sortChoices: ReadonlyArray<SortChoice<OrderSortKey>> = [
    { sort: "date", label: t("lists.sort.date"), ascLabel: t("lists.sort.oldestFirst"), descLabel: t("lists.sort.newestFirst") },
    { sort: "total", label: t("lists.sort.total"), ascLabel: t("lists.sort.lowestFirst"), descLabel: t("lists.sort.highestFirst") },
  ];
  const range = { preset: filters.rangePreset, range: filters.range };
  const setRange = (next: DateRangeValue) => filter({ rangePreset: next.preset, range: next.range });
  const filterDefs: IndexFiltersProps["filters"] = [
    singleChoiceFilter("status", t("lists.filter.payment"), FINANCIAL_STATUSES.map((value) => ({ value, label: financialStatusLabel(t, value) })), filters.financialStatus, (financialStatus) => filter({ financialStatus })),
    singleChoiceFilter("fulfillment", t("lists.filter.fulfillment"), FULFILLMENT_STATUSES.map((value) => ({ value, label: fulfillmentStatusLabel(t, value) })), filters.fulfillmentStatus, (fulfillmentStatus) => filter({ fulfillmentStatus })),
    { key: "date", label: t("lists.filter.date"), pinned: true, filter: <DateRangeFilter t={t} value={range} onChange={setRange} /> },
    singleChoiceFilter("cancelled", t("lists.filter.cancelled"), YES_NO.map((value) => ({ value, label: t(`lists.filter.cancelled.${value}`) })), filters.cancelled, (cancelled) => filter({ cancelled })),
    singleChoiceFilter("test", t("lists.filter.test"), YES_NO.map((value) => ({ value, label: t(`lists.filter.test.${value}`) })), filters.test, (test) => filter({ test })),
  ];
  const applied = appliedFilters(t, [
    { key: "status", label: t("lists.filter.payment"), value: filters.financialStatus && financialStatusLabel(t, filters.financialStatus), onRemove: () => filter({ financialStatus: null }) },
    { key: "fulfillment", label: t("lists.filter.fulfillment"), value: filters.fulfillmentStatus && fulfillmentStatusLabel(t, filters.fulfillmentStatus), onRemove: () => filter({ fulfillmentStatus: null }) },
    { key: "date", label: t("lists.filter.date"), value: dateRangeLabel(t, date, range), onRemove: () => setRange({ preset: null, range: { from: null, to: null } }) },
    { key: "cancelled", label: t("lists.filter.cancelled"), value: filters.cancelled && t(`lists.filter.cancelled.${filters.cancelled}`), onRemove: () => filter({ cancelled: null }) },
    { key: "test", label: t("lists.filter.test"), value: filters.test && t(`lists.filter.test.${filters.test}`), onRemove: () => filter({ test: null }) },
  ]);
  const filtered = applied.length > 0 || state.query !== "";

  const rows = data.rows.map((order, index) => (
    <IndexTable.Row id={order.id} key={order.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="order-row" data-order-id={order.id}>
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Link url={`/app/orders/${order.id}`} removeUnderline>
              <Text as="span" fontWeight="semibold">
                {order.name ?? t("common.unnamedOrder")}
              </Text>
            </Link>
            {order.cancelled ? <Badge tone="critical">{t("common.cancelled")}</Badge> : null}
            {order.test ? <Badge>{t("common.test")}</Badge> : null}
          </InlineStack>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {order.customer ? (
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Link url={`/app/customers/${order.customer.id}`} removeUnderline>
              {customerDisplayName(t, order.customer)}
            </Link>
            {order.customer.isGuest ? <Badge>{t("common.guest")}</Badge> : null}
          </InlineStack>
        ) : (
          <Text as="span" tone="subdued">
            {t("orders.noCustomer")}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>{date(order.processedAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={paymentTone(order.financialStatus)}>{financialStatusLabel(t, order.financialStatus)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={fulfillmentTone(order.fulfillmentStatus)}>
          {fulfillmentStatusLabel(t, order.fulfillmentStatus)}
        </Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          <span data-testid="order-total" data-minor={order.totalMinor}>
            {money(order.totalMinor, order.currency)}
          </span>
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={order.totalRefundedMinor > 0 ? undefined : "subdued"}>
          {money(order.totalRefundedMinor, order.currency)}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title={t("orders.title")} subtitle={t("orders.count", { count: number(data.totalCount) })}>
      <BlockStack gap="400">
        <ListProblemsBanner t={t} problems={data.problems} />
        <Card padding="0">
          <div data-testid="orders-filters">
            <ListIndexFilters
              t={t}
              query={state.query}
              onQuery={(query) => go({ query }, true)}
              placeholder={t("lists.orders.search")}
              sortChoices={sortChoices}
              sort={state.sort}
              direction={state.direction}
              onSort={(sort, direction) => go({ sort, direction })}
              filters={filterDefs}
              applied={applied}
              onClearAll={() => go({ query: "", filters: NO_ORDER_FILTERS })}
              loading={loading}
            />
          </div>
          <div data-testid="orders-table">
            <IndexTable
              resourceName={{
                singular: t("orders.resource.singular"),
                plural: t("orders.resource.plural"),
              }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              {...sortableColumnProps(SORT_COLUMNS, state, (sort, direction) => go({ sort, direction }))}
              headings={[
                { title: t("orders.column.order") },
                { title: t("orders.column.customer") },
                { title: t("orders.column.date") },
                { title: t("orders.column.payment") },
                { title: t("orders.column.fulfillment") },
                { title: t("orders.column.total"), alignment: "end" },
                { title: t("orders.column.refunded"), alignment: "end" },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {filtered ? t("lists.empty.filtered") : t("orders.empty")}
                  </Text>
                </Box>
              }
              pagination={{
                hasPrevious: data.hasPrevious,
                hasNext: data.hasNext,
                previousURL: orderListUrl({ ...state, page: data.page - 1 }),
                nextURL: orderListUrl({ ...state, page: data.page + 1 }),
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

type Tone = "success" | "warning" | "critical" | "attention" | "info" | undefined;

function paymentTone(status: string | null): Tone {
  switch (status?.toLowerCase()) {
    case "paid":
      return "success";
    case "pending":
    case "authorized":
    case "partially_paid":
      return "attention";
    case "refunded":
    case "partially_refunded":
      return "info";
    case "voided":
    case "expired":
      return "critical";
    default:
      return undefined;
  }
}

function fulfillmentTone(status: string | null): Tone {
  switch (status?.toLowerCase()) {
    case "fulfilled":
      return "success";
    case "partial":
    case "partially_fulfilled":
      return "warning";
    case null:
    case undefined:
    case "unfulfilled":
      return "attention";
    default:
      return undefined;
  }
}
