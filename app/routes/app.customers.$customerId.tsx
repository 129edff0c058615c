import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { ReactNode } from "react";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import { getCustomer360 } from "~/core/customers/customer-queries.server";
import {
  consentLabel,
  customerDisplayName,
  financialStatusLabel,
  fulfillmentStatusLabel,
  timelineLabel,
} from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

const routeParamsSchema = z.object({ customerId: z.guid() });
const searchParamsSchema = z.object({ before: z.string().max(100).optional().catch(undefined) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  // Not an id at all is the same to the merchant as an id of nobody: not found.
  const route = routeParamsSchema.safeParse(params);
  if (!route.success) throw new Response("Customer not found", { status: 404 });
  const { before } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getCustomer360(context.runtime.db, shop, route.data.customerId.toLowerCase(), { timelineBefore: before });
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" breakWord>
        {children}
      </Text>
    </BlockStack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" variant="headingMd">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

export default function CustomerPage() {
  const { profile, lifetime, orders, ordersTotal, timeline, timelineNextCursor } = useLoaderData<typeof loader>();
  const { t, locale, number, money, date, dateTime } = useT();
  const redacted = profile.redactedAt !== null;
  const title = customerDisplayName(t, { ...profile, redacted });
  const basePath = `/app/customers/${profile.id}`;
  const none = t("common.none");
  const [searchParams] = useSearchParams();
  const onOlderPage = searchParams.has("before");

  return (
    <Page
      title={title}
      backAction={{ content: t("customer.back"), url: "/app/customers" }}
      titleMetadata={
        <InlineStack gap="100">
          {profile.isGuest ? <Badge>{t("common.guest")}</Badge> : null}
          {redacted ? <Badge tone="info">{t("common.redacted")}</Badge> : null}
          {profile.deletedAt ? <Badge tone="warning">{t("common.deleted")}</Badge> : null}
        </InlineStack>
      }
    >
      <Layout>
        {redacted ? (
          <Layout.Section>
            <Banner tone="info">
              <p>{t("customer.redactedNotice", { date: date(profile.redactedAt) })}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {profile.deletedAt && !redacted ? (
          <Layout.Section>
            <Banner tone="warning">
              <p>{t("customer.deletedNotice", { date: date(profile.deletedAt) })}</p>
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="400">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t("customer.figures.title")}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("customer.figures.note")}
                  </Text>
                </BlockStack>
                <InlineGrid columns={{ xs: 2, md: 3 }} gap="400">
                  <Figure testId="lifetime-orders" label={t("customer.figures.orders")} value={number(lifetime.ordersCount)} />
                  <Figure
                    testId="lifetime-spent"
                    label={t("customer.figures.totalSpent")}
                    value={money(lifetime.totalSpentMinor, lifetime.currency)}
                  />
                  <Figure
                    testId="lifetime-refunded"
                    label={t("customer.figures.refunded")}
                    value={money(lifetime.totalRefundedMinor, lifetime.currency)}
                  />
                  <Figure
                    testId="lifetime-aov"
                    label={t("customer.figures.averageOrderValue")}
                    value={
                      lifetime.averageOrderValueMinor === null
                        ? none
                        : money(lifetime.averageOrderValueMinor, lifetime.currency)
                    }
                  />
                  <Figure testId="lifetime-first" label={t("customer.figures.firstOrder")} value={date(lifetime.firstOrderAt)} />
                  <Figure testId="lifetime-last" label={t("customer.figures.lastOrder")} value={date(lifetime.lastOrderAt)} />
                </InlineGrid>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  {t("customer.orders.title")}
                </Text>
                {orders.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("customer.orders.empty")}
                  </Text>
                ) : (
                  <div data-testid="customer-orders">
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text", "numeric", "numeric"]}
                      headings={[
                        t("orders.column.order"),
                        t("orders.column.date"),
                        t("orders.column.payment"),
                        t("orders.column.fulfillment"),
                        t("orders.column.items"),
                        t("orders.column.total"),
                      ]}
                      rows={orders.map((order) => [
                        <InlineStack key={order.id} gap="100" blockAlign="center">
                          <Link url={`/app/orders/${order.id}`} removeUnderline>
                            <span data-testid="customer-order">{order.name ?? t("common.unnamedOrder")}</span>
                          </Link>
                          {order.cancelled ? <Badge tone="critical">{t("common.cancelled")}</Badge> : null}
                          {order.test ? <Badge>{t("common.test")}</Badge> : null}
                        </InlineStack>,
                        date(order.processedAt),
                        financialStatusLabel(t, order.financialStatus),
                        fulfillmentStatusLabel(t, order.fulfillmentStatus),
                        number(order.lineItemCount),
                        money(order.totalMinor, order.currency),
                      ])}
                    />
                  </div>
                )}
                {ordersTotal > orders.length ? (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("customer.orders.more", { shown: orders.length, total: ordersTotal })}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  {t("customer.timeline.title")}
                </Text>
                {timeline.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("customer.timeline.empty")}
                  </Text>
                ) : (
                  <BlockStack as="ol" gap="300">
                    {timeline.map((item) => (
                      <li key={item.id} data-testid="timeline-event" data-kind={item.kind} style={{ listStyle: "none" }}>
                        <BlockStack gap="050">
                          <Text as="span" tone="subdued" variant="bodySm">
                            {dateTime(item.occurredAt)}
                          </Text>
                          <Text as="span">{timelineLabel(t, locale, item)}</Text>
                        </BlockStack>
                      </li>
                    ))}
                  </BlockStack>
                )}
                <InlineStack gap="300">
                  {timelineNextCursor ? (
                    <Button variant="plain" url={`${basePath}?before=${encodeURIComponent(timelineNextCursor)}`}>
                      {t("customer.timeline.older")}
                    </Button>
                  ) : null}
                  {/* An older page knows no "previous" cursor; going back means starting at the newest. */}
                  {onOlderPage ? (
                    <Button variant="plain" url={basePath}>
                      {t("customer.timeline.newest")}
                    </Button>
                  ) : null}
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("customer.profile.title")}
              </Text>
              <Field label={t("customer.profile.email")}>
                <span data-testid="profile-email">{profile.email ?? none}</span>
              </Field>
              <Field label={t("customer.profile.phone")}>{profile.phone ?? none}</Field>
              <Field label={t("customer.profile.consent")}>{consentLabel(t, profile.emailMarketingConsent)}</Field>
              <Field label={t("customer.profile.tags")}>
                {profile.tags.length === 0 ? (
                  none
                ) : (
                  <InlineStack gap="100">
                    {profile.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </InlineStack>
                )}
              </Field>
              <Field label={t("customer.profile.type")}>
                {profile.isGuest ? t("customer.profile.typeGuest") : t("customer.profile.typeAccount")}
              </Field>
              <Field label={t("customer.profile.locale")}>{profile.locale ?? none}</Field>
              <Field label={t("customer.profile.createdAt")}>{date(profile.sourceCreatedAt)}</Field>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={t("customer.notFound.title")} backAction={{ content: t("customer.back"), url: "/app/customers" }}>
        <Card>
          <Text as="p">
            <span data-testid="customer-not-found">{t("customer.notFound.body")}</span>
          </Text>
        </Card>
      </Page>
    );
  }
  // Everything else (Shopify re-authentication responses included) is the library's business.
  return boundary.error(error);
}
