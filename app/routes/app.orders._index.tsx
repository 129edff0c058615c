import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { queryParamReader } from "~/admin/query-params";
import { sortableColumnProps } from "~/admin/sortable-columns";
import { requireAdminContext } from "~/auth/admin-context.server";
import {
  FINANCIAL_STATUSES,
  listOrders,
  ORDER_SORT_KEYS,
  SORT_DIRECTIONS,
  type OrderSortKey,
  type SortDirection,
} from "~/core/orders/order-queries.server";
import { customerDisplayName, financialStatusLabel, fulfillmentStatusLabel } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

// Each query value is checked on its own: a bad one (hand-edited URL, stale bookmark) is left out
// and named in a message above the list, the others still apply. The filter form sends status=""
// for "all", which is not a mistake.
const PARAM_SCHEMAS = {
  page: z.coerce.number().int().min(1).max(100_000),
  status: z.enum(FINANCIAL_STATUSES),
  sort: z.enum(ORDER_SORT_KEYS),
  dir: z.enum(SORT_DIRECTIONS),
} as const;
function parseListParams(searchParams: URLSearchParams) {
  const { read, invalid } = queryParamReader(searchParams, PARAM_SCHEMAS);
  return {
    page: read("page") ?? 1,
    status: read("status"),
    sort: read("sort"),
    dir: read("dir"),
    invalid,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const params = parseListParams(new URL(request.url).searchParams);
  const page = await listOrders(context.runtime.db, shop, {
    page: params.page,
    financialStatus: params.status,
    sort: params.sort,
    direction: params.dir,
  });
  // The filter's choices travel with the data: the list lives in a server-only module.
  return {
    ...page,
    financialStatuses: [...FINANCIAL_STATUSES],
    invalidParams: params.invalid,
  };
}

const LIST_PATH = "/app/orders";

interface ListState {
  status: string | null;
  sort: OrderSortKey;
  direction: SortDirection;
  page: number;
}

/** The list's address: filter, sort and page travel in the URL, defaults left out. */
function listUrl(state: ListState): string {
  const params = new URLSearchParams();
  if (state.status) params.set("status", state.status);
  if (state.sort !== "date") params.set("sort", state.sort);
  if (state.direction !== "desc") params.set("dir", state.direction);
  if (state.page > 1) params.set("page", String(state.page));
  const search = params.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
}

// IndexTable's headings by position: order, customer, date, payment, fulfillment, total, refunded.
const SORT_COLUMNS: ReadonlyArray<OrderSortKey | null> = [null, null, "date", null, null, "total", null];

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, money, date, number } = useT();
  const submit = useSubmit();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [status, setStatus] = useState(data.financialStatus ?? "");
  useEffect(() => setStatus(data.financialStatus ?? ""), [data.financialStatus]);

  const state: ListState = {
    status: data.financialStatus,
    sort: data.sort,
    direction: data.direction,
    page: data.page,
  };
  const loading = navigation.state === "loading" && navigation.location.pathname === LIST_PATH;
  const statusOptions = [
    { label: t("orders.filter.all"), value: "" },
    ...data.financialStatuses.map((value) => ({
      label: financialStatusLabel(t, value),
      value,
    })),
  ];

  const rows = data.rows.map((order, index) => (
    <IndexTable.Row id={order.id} key={order.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="order-row" data-order-id={order.id}>
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Link url={`/app/orders/${order.id}`} dataPrimaryLink removeUnderline>
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
        {data.invalidParams.length > 0 ? (
          <div data-testid="invalid-params">
            <Banner tone="warning" title={t("list.invalidParams.title")}>
              <p>
                {t("list.invalidParams.body", {
                  params: data.invalidParams.join(", "),
                })}
              </p>
            </Banner>
          </div>
        ) : null}
        <Card>
          <Form method="get" action={LIST_PATH} data-testid="orders-filter">
            <InlineStack gap="200" blockAlign="end">
              <Select
                name="status"
                label={t("orders.filter.label")}
                options={statusOptions}
                value={status}
                onChange={(value) => {
                  setStatus(value);
                  const params: Record<string, string> = {};
                  if (value) params.status = value;
                  if (data.sort !== "date") params.sort = data.sort;
                  if (data.direction !== "desc") params.dir = data.direction;
                  submit(params, { method: "get", action: LIST_PATH });
                }}
              />
              {data.sort !== "date" ? <input type="hidden" name="sort" value={data.sort} /> : null}
              {data.direction !== "desc" ? <input type="hidden" name="dir" value={data.direction} /> : null}
              {/* Changing the select submits at once; the button serves a page not yet hydrated. */}
              <Button submit>{t("common.apply")}</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <div data-testid="orders-table">
            <IndexTable
              resourceName={{
                singular: t("orders.resource.singular"),
                plural: t("orders.resource.plural"),
              }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              {...sortableColumnProps(SORT_COLUMNS, data, (sort, direction) => navigate(listUrl({ ...state, sort, direction, page: 1 })))}
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
                    {data.financialStatus ? t("orders.emptyFiltered") : t("orders.empty")}
                  </Text>
                </Box>
              }
              pagination={{
                hasPrevious: data.hasPrevious,
                hasNext: data.hasNext,
                previousURL: listUrl({ ...state, page: data.page - 1 }),
                nextURL: listUrl({ ...state, page: data.page + 1 }),
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
