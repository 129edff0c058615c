import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
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
  Pagination,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { z } from "zod";
import { notFoundBoundary } from "~/admin/not-found-boundary";
import { requireAdminContext } from "~/auth/admin-context.server";
import { adjustPointsAction, cancelRewardAction, changeTagsAction, redeemForCustomerAction } from "~/admin/customer/customer-actions.server";
import { resolveLocale } from "~/i18n/locale.server";
import { LoyaltyCard } from "~/admin/customer/loyalty-card";
import { TagsField } from "~/admin/customer/tags-field";
import { productsBought } from "~/core/customers/customer-profile.server";
import { getCustomer360 } from "~/core/customers/customer-queries.server";
import { displayPhone, phoneHref } from "~/core/customers/phone-display";
import { memberProfile } from "~/core/loyalty/member-profile.server";
import { countryName } from "~/i18n/country-name";
import { languageName } from "~/i18n/language-name";
import {
  consentLabel,
  customerDisplayName,
  financialStatusLabel,
  fulfillmentStatusLabel,
  timelineLabel,
} from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

const routeParamsSchema = z.object({ customerId: z.guid() });
const searchParamsSchema = z.object({
  before: z.string().max(100).optional().catch(undefined),
  orders: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** Our customer id from the route; not an id at all is the same to the merchant as an id of nobody. */
function customerIdOf(params: unknown): string {
  const route = routeParamsSchema.safeParse(params);
  if (!route.success) throw new Response("Customer not found", { status: 404 });
  return route.data.customerId.toLowerCase();
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  const customerId = customerIdOf(params);
  const { before, orders } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = context.runtime;
  const view = await getCustomer360(db, shop, customerId, { timelineBefore: before, ordersPage: orders });
  const [products, loyalty] = await Promise.all([productsBought(db, shop.id, customerId), memberProfile(db, shop.id, customerId)]);
  return {
    ...view,
    phone: { shown: displayPhone(view.profile.phone), href: phoneHref(view.profile.phone) },
    products,
    loyalty,
    tierNames: Object.fromEntries(loyalty.tiers.map((tier) => [tier.id, tier.name])),
    adjustmentKey: randomUUID(),
    demo,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("addTag"), tag: z.string().max(1_000) }),
  z.object({ intent: z.literal("removeTag"), tag: z.string().max(1_000) }),
  z.object({ intent: z.literal("adjustPoints"), points: z.coerce.number(), reason: z.string().max(2_000), requestKey: z.uuid() }),
  z.object({ intent: z.literal("redeemReward"), rewardId: z.string().min(1).max(40), requestKey: z.uuid() }),
  z.object({ intent: z.literal("cancelReward"), rewardRowId: z.uuid() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  const customerId = customerIdOf(params);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const scope = { runtime: context.runtime, shop, customerId };
  switch (parsed.data.intent) {
    case "addTag":
      return changeTagsAction(scope, { add: [parsed.data.tag], remove: [] }, demo);
    case "removeTag":
      return changeTagsAction(scope, { add: [], remove: [parsed.data.tag] }, demo);
    case "adjustPoints":
      return adjustPointsAction(scope, parsed.data);
    case "redeemReward":
      return redeemForCustomerAction(scope, parsed.data, resolveLocale(request));
    case "cancelReward":
      return cancelRewardAction(scope, parsed.data.rewardRowId);
  }
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

function Figure({ label, value, testId, help }: { label: string; value: string; testId: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" variant="headingMd">
        <span data-testid={testId}>{value}</span>
      </Text>
      {help ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {help}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export default function CustomerPage() {
  const data = useLoaderData<typeof loader>();
  const { profile, lifetime, orders, ordersTotal, ordersPage, ordersPageCount, timeline, timelineNextCursor } = data;
  const notice = useActionData<typeof action>()?.notice;
  const { t, locale, number, money, date, dateTime } = useT();
  const redacted = profile.redactedAt !== null;
  const title = customerDisplayName(t, { ...profile, redacted });
  const basePath = `/app/customers/${profile.id}`;
  const none = t("common.none");
  const [searchParams] = useSearchParams();
  const onOlderPage = searchParams.has("before");
  const ordersUrl = (page: number) => {
    const next = new URLSearchParams(searchParams);
    if (page > 1) next.set("orders", String(page));
    else next.delete("orders");
    const query = next.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  const tierName = (id: string) => data.tierNames[id]?.[locale] ?? id;

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
        {notice ? (
          <Layout.Section>
            <div data-testid="customer-notice">
              <Banner tone={notice.tone}>
                <p>{t(notice.key, notice.vars)}</p>
              </Banner>
            </div>
          </Layout.Section>
        ) : null}
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
                  <Figure
                    testId="lifetime-orders"
                    label={t("customer.figures.orders")}
                    value={number(lifetime.ordersCount)}
                    help={t("customer.figures.ordersHelp", { counted: lifetime.ordersCount, all: ordersTotal })}
                  />
                  <Figure
                    testId="lifetime-spent"
                    label={t("customer.figures.totalSpent")}
                    value={money(lifetime.totalSpentMinor, lifetime.currency)}
                    help={t("customer.figures.spentHelp")}
                  />
                  <Figure
                    testId="lifetime-refunded"
                    label={t("customer.figures.refunded")}
                    value={money(lifetime.totalRefundedMinor, lifetime.currency)}
                    help={t("customer.figures.refundedHelp")}
                  />
                  <Figure
                    testId="lifetime-aov"
                    label={t("customer.figures.averageOrderValue")}
                    value={lifetime.averageOrderValueMinor === null ? none : money(lifetime.averageOrderValueMinor, lifetime.currency)}
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
                {ordersPageCount > 1 ? (
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="span" tone="subdued" variant="bodySm">
                      <span data-testid="customer-orders-page">
                        {t("customer.orders.page", { page: ordersPage, pages: ordersPageCount, total: ordersTotal })}
                      </span>
                    </Text>
                    <Pagination
                      hasPrevious={ordersPage > 1}
                      previousURL={ordersUrl(ordersPage - 1)}
                      previousTooltip={t("customer.orders.previous")}
                      hasNext={ordersPage < ordersPageCount}
                      nextURL={ordersUrl(ordersPage + 1)}
                      nextTooltip={t("customer.orders.next")}
                    />
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t("customer.products.title")}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("customer.products.note")}
                  </Text>
                </BlockStack>
                {data.products.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("customer.products.empty")}
                  </Text>
                ) : (
                  <div data-testid="customer-products">
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric", "text"]}
                      headings={[
                        t("customer.products.column.product"),
                        t("customer.products.column.quantity"),
                        t("customer.products.column.orders"),
                        t("customer.products.column.last"),
                      ]}
                      rows={data.products.map((product) => [product.title, number(product.quantity), number(product.orders), date(product.lastBoughtAt)])}
                    />
                  </div>
                )}
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
                          <Text as="span">{timelineLabel(t, locale, item, tierName)}</Text>
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
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("customer.profile.title")}
                </Text>
                <Field label={t("customer.profile.email")}>
                  <span data-testid="profile-email">{profile.email ?? none}</span>
                </Field>
                <Field label={t("customer.profile.phone")}>
                  {data.phone.shown === null ? none : data.phone.href ? <Link url={data.phone.href}>{data.phone.shown}</Link> : data.phone.shown}
                </Field>
                <Field label={t("customer.profile.address")}>
                  <span data-testid="profile-address">
                    {profile.address === null
                      ? t("customer.profile.noAddress")
                      : [
                          [profile.address.zip, profile.address.city].filter(Boolean).join(" "),
                          profile.address.countryCode ? countryName(locale, profile.address.countryCode) : null,
                        ]
                          .filter(Boolean)
                          .join(", ")}
                  </span>
                </Field>
                <Field label={t("customer.profile.consent")}>{consentLabel(t, profile.emailMarketingConsent)}</Field>
                <Field label={t("customer.profile.tags")}>
                  {profile.tags.length === 0 && (redacted || profile.isGuest) ? none : <TagsField tags={profile.tags} editable={!redacted && !profile.isGuest} />}
                </Field>
                <Field label={t("customer.profile.type")}>
                  {profile.isGuest ? t("customer.profile.typeGuest") : t("customer.profile.typeAccount")}
                </Field>
                <Field label={t("customer.profile.locale")}>
                  <span data-testid="profile-locale">{profile.locale ? languageName(locale, profile.locale) : none}</span>
                </Field>
                <Field label={t("customer.profile.createdAt")}>{date(profile.sourceCreatedAt)}</Field>
              </BlockStack>
            </Card>
            <div data-testid="customer-loyalty">
              <LoyaltyCard
                programActive={data.loyalty.programActive}
                member={data.loyalty.member}
                rewards={data.loyalty.rewards}
                adjustmentKey={data.adjustmentKey}
              />
            </div>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({ title: "customer.notFound.title", body: "customer.notFound.body", back: "customer.back", backUrl: "/app/customers", testId: "customer-not-found" });
