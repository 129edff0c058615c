import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
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
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { queryParamReader } from "~/admin/query-params";
import { sortableColumnProps } from "~/admin/sortable-columns";
import { requireAdminContext } from "~/auth/admin-context.server";
import { CUSTOMER_SORT_KEYS, listCustomers, type CustomerSortKey } from "~/core/customers/customer-queries.server";
import { customerDisplayName } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

// Each query value is checked on its own: a bad one (hand-edited URL, stale bookmark) is left out
// and named in a message above the list; the others still apply.
const PARAM_SCHEMAS = {
  page: z.coerce.number().int().min(1).max(100_000),
  sort: z.enum(CUSTOMER_SORT_KEYS),
  dir: z.enum(["asc", "desc"]),
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const searchParams = new URL(request.url).searchParams;
  const { read, invalid: invalidParams } = queryParamReader(searchParams, PARAM_SCHEMAS);
  const page = await listCustomers(context.runtime.db, shop, {
    query: (searchParams.get("q") ?? "").slice(0, 200),
    page: read("page") ?? 1,
    sort: read("sort"),
    direction: read("dir"),
  });
  return { ...page, invalidParams };
}

const LIST_PATH = "/app/customers";

interface ListState {
  query: string;
  sort: CustomerSortKey;
  direction: "asc" | "desc";
  page: number;
}

/** The list's address: search, sort and page travel in the URL, defaults left out. */
function listUrl(state: ListState): string {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  if (state.sort !== "lastOrder") params.set("sort", state.sort);
  if (state.direction !== "desc") params.set("dir", state.direction);
  if (state.page > 1) params.set("page", String(state.page));
  const search = params.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
}

// IndexTable's headings by position: name, e-mail, orders, revenue, last order.
const SORT_COLUMNS: ReadonlyArray<CustomerSortKey | null> = [null, null, "orders", "revenue", "lastOrder"];

export default function CustomersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, number, money, date } = useT();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [query, setQuery] = useState(data.query);
  // Back/forward and link navigation change the loaded query without touching the field.
  useEffect(() => setQuery(data.query), [data.query]);

  const loading = navigation.state === "loading" && navigation.location.pathname === LIST_PATH;
  const state: ListState = { query: data.query, sort: data.sort, direction: data.direction, page: data.page };
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
        {data.invalidParams.length > 0 ? (
          <div data-testid="invalid-params">
            <Banner tone="warning" title={t("list.invalidParams.title")}>
              <p>{t("list.invalidParams.body", { params: data.invalidParams.join(", ") })}</p>
            </Banner>
          </div>
        ) : null}
        <Card>
          <Form method="get" action={LIST_PATH} role="search">
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div style={{ flexGrow: 1 }} data-testid="customer-search">
                <TextField
                  id="customer-search-input"
                  name="q"
                  type="search"
                  label={t("customers.search.label")}
                  labelHidden
                  placeholder={t("customers.search.placeholder")}
                  value={query}
                  onChange={setQuery}
                  autoComplete="off"
                  clearButton
                  onClearButtonClick={() => {
                    setQuery("");
                    navigate(listUrl({ ...state, query: "", page: 1 }));
                  }}
                />
              </div>
              {data.sort !== "lastOrder" ? <input type="hidden" name="sort" value={data.sort} /> : null}
              {data.direction !== "desc" ? <input type="hidden" name="dir" value={data.direction} /> : null}
              <Button submit variant="primary">
                {t("common.search")}
              </Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <div data-testid="customers-table">
            <IndexTable
              resourceName={{
                singular: t("customers.resource.singular"),
                plural: t("customers.resource.plural"),
              }}
              itemCount={data.rows.length}
              selectable={false}
              loading={loading}
              {...sortableColumnProps(SORT_COLUMNS, data, (sort, direction) => navigate(listUrl({ ...state, sort, direction, page: 1 })))}
              headings={[
                { title: t("customers.column.name") },
                { title: t("customers.column.email") },
                { title: t("customers.column.orders"), alignment: "end" },
                { title: t("customers.column.totalSpent"), alignment: "end" },
                { title: t("customers.column.lastOrder") },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    <span data-testid="customers-empty">
                      {data.query ? t("customers.emptySearch", { query: data.query }) : t("customers.empty")}
                    </span>
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
