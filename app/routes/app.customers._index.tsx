import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
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
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import { listCustomers } from "~/core/customers/customer-queries.server";
import { customerDisplayName } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

// A hand-edited URL with a bad value shows the first page rather than an error page.
const searchParamsSchema = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.slice(0, 200)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const { q, page } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return listCustomers(context.runtime.db, shop, { query: q, page });
}

const LIST_PATH = "/app/customers";

function listUrl(query: string, page: number): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
}

export default function CustomersPage() {
  const data = useLoaderData<typeof loader>();
  const { t, number, money, date } = useT();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [query, setQuery] = useState(data.query);
  // Back/forward and link navigation change the loaded query without touching the field.
  useEffect(() => setQuery(data.query), [data.query]);

  const loading = navigation.state === "loading" && navigation.location.pathname === LIST_PATH;
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
          {money(row.totalSpentMinor, data.currency)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{date(row.lastOrderAt)}</IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title={t("customers.title")}>
      <BlockStack gap="400">
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
                    navigate(LIST_PATH);
                  }}
                />
              </div>
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
                previousURL: listUrl(data.query, data.page - 1),
                nextURL: listUrl(data.query, data.page + 1),
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
