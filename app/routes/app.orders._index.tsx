import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
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
import { requireAdminContext } from "~/auth/admin-context.server";
import { FINANCIAL_STATUSES, listOrders } from "~/core/orders/order-queries.server";
import { customerDisplayName, financialStatusLabel, fulfillmentStatusLabel } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

// A hand-edited URL with a bad value shows the unfiltered first page rather than an error page.
// The filter form sends status="" for "all", which lands here too.
const searchParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  status: z.enum(FINANCIAL_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const { page: pageNumber, status } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listOrders(context.runtime.db, shop, { page: pageNumber, financialStatus: status });
  // The filter's choices travel with the data: the list lives in a server-only module.
  return { ...page, financialStatuses: [...FINANCIAL_STATUSES] };
}

const LIST_PATH = "/app/orders";

function listUrl(status: string | null, page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
}

export default function OrdersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, money, date } = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [status, setStatus] = useState(data.financialStatus ?? "");
  useEffect(() => setStatus(data.financialStatus ?? ""), [data.financialStatus]);

  const loading = navigation.state === "loading" && navigation.location.pathname === LIST_PATH;
  const statusOptions = [
    { label: t("orders.filter.all"), value: "" },
    ...data.financialStatuses.map((value) => ({ label: financialStatusLabel(t, value), value })),
  ];

  const rows = data.rows.map((order, index) => (
    <IndexTable.Row id={order.id} key={order.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="order-row" data-order-id={order.id}>
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Text as="span" fontWeight="semibold">
              {order.name ?? t("common.unnamedOrder")}
            </Text>
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
          {money(order.totalMinor, order.currency)}
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
    <Page title={t("orders.title")}>
      <BlockStack gap="400">
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
                  submit(value ? { status: value } : {}, { method: "get", action: LIST_PATH });
                }}
              />
              {/* Changing the select submits at once; the button serves a page not yet hydrated. */}
              <Button submit>{t("common.apply")}</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <div data-testid="orders-table">
            <IndexTable
              resourceName={{ singular: t("orders.resource.singular"), plural: t("orders.resource.plural") }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
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
                previousURL: listUrl(data.financialStatus, data.page - 1),
                nextURL: listUrl(data.financialStatus, data.page + 1),
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
