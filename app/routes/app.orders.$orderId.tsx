import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { z } from "zod";
import { notFoundBoundary } from "~/admin/not-found-boundary";
import { requireAdminContext } from "~/auth/admin-context.server";
import { getOrderDetail, type OrderDetailAddress } from "~/core/orders/order-detail.server";
import { countryName } from "~/i18n/country-name";
import {
  cancelReasonLabel,
  customerDisplayName,
  financialStatusLabel,
  fulfillmentStatusLabel,
  timelineLabel,
} from "~/i18n/labels";
import { isMessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";
import { shopifyAdminOrderUrl } from "~/platforms/shopify/admin-links";

const routeParamsSchema = z.object({ orderId: z.guid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  // Not an id at all is the same to the merchant as an id of no order: not found.
  const route = routeParamsSchema.safeParse(params);
  if (!route.success) throw new Response("Order not found", { status: 404 });
  const order = await getOrderDetail(context.runtime.db, shop, route.data.orderId.toLowerCase());
  if (!order) throw new Response("Order not found", { status: 404 });
  // The demo shop's domain looks like a Shopify store's, but there is no such store to open.
  return { order, demo, shopifyAdminUrl: demo ? null : shopifyAdminOrderUrl(shop.domain, order.platformId) };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function OrderPage() {
  const { order, demo, shopifyAdminUrl } = useLoaderData<typeof loader>();
  const { t, locale, money, date, dateTime, number } = useT();
  const none = t("common.none");
  const amount = (minor: number) => money(minor, order.currency);
  // What is taken off shows as such; nothing taken off is a plain zero, not "−0,00 €".
  const deduction = (minor: number) => (minor > 0 ? `−${amount(minor)}` : amount(minor));
  const place = (address: OrderDetailAddress | null) =>
    address
      ? [address.city, address.countryCode ? countryName(locale, address.countryCode) : null].filter(Boolean).join(", ")
      : t("orderDetail.addresses.none");
  const discountKind = (kind: string) => {
    const key = `orderDetail.discounts.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };

  return (
    <Page
      title={order.name ?? t("common.unnamedOrder")}
      subtitle={t("orderDetail.placedAt", { date: dateTime(order.processedAt) })}
      backAction={{ content: t("orderDetail.back"), url: "/app/orders" }}
      titleMetadata={
        <InlineStack gap="100">
          <span data-testid="order-financial-status">
            <Badge>{financialStatusLabel(t, order.financialStatus)}</Badge>
          </span>
          <span data-testid="order-fulfillment-status">
            <Badge>{fulfillmentStatusLabel(t, order.fulfillmentStatus)}</Badge>
          </span>
          {order.cancelledAt ? <Badge tone="critical">{t("common.cancelled")}</Badge> : null}
          {order.test ? <Badge>{t("common.test")}</Badge> : null}
        </InlineStack>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {order.cancelledAt ? (
              <Card>
                <Text as="p" tone="critical">
                  {order.cancelReason
                    ? t("orderDetail.cancelledWithReason", {
                        date: date(order.cancelledAt),
                        reason: cancelReasonLabel(t, order.cancelReason),
                      })
                    : t("orderDetail.cancelledAt", { date: date(order.cancelledAt) })}
                </Text>
              </Card>
            ) : null}

            <Section title={t("orderDetail.items.title")}>
              {order.lineItems.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("orderDetail.items.empty")}
                </Text>
              ) : (
                <div data-testid="order-line-items">
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
                    headings={[
                      t("orderDetail.items.product"),
                      t("orderDetail.items.sku"),
                      t("orderDetail.items.quantity"),
                      t("orderDetail.items.unitPrice"),
                      t("orderDetail.items.discount"),
                      t("orderDetail.items.total"),
                    ]}
                    rows={order.lineItems.map((line) => [
                      <BlockStack key={line.id} gap="050">
                        <span data-testid="line-item-title">{line.title}</span>
                        {line.variantTitle ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            {line.variantTitle}
                          </Text>
                        ) : null}
                        {line.recommendedFrom ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            <span data-testid="recommended-from">{t("recommendations.orderLine.addedFrom", { product: line.recommendedFrom.title })}</span>
                          </Text>
                        ) : null}
                      </BlockStack>,
                      line.sku ?? none,
                      number(line.quantity),
                      amount(line.unitPriceMinor),
                      line.totalDiscountMinor > 0 ? deduction(line.totalDiscountMinor) : none,
                      amount(line.totalMinor),
                    ])}
                  />
                </div>
              )}
              {order.discountCodes.length > 0 ? (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("orderDetail.discounts.title")}
                  </Text>
                  {order.discountCodes.map((code) => (
                    <InlineStack key={code.code} gap="200" blockAlign="center">
                      <span data-testid="discount-code">
                        <Badge>{code.code}</Badge>
                      </span>
                      <Text as="span" tone="subdued">
                        {discountKind(code.kind)}
                      </Text>
                      <Text as="span">{deduction(code.amountMinor)}</Text>
                    </InlineStack>
                  ))}
                </BlockStack>
              ) : null}
            </Section>

            <Section title={t("orderDetail.totals.title")}>
              <div data-testid="order-totals">
                <DataTable
                  columnContentTypes={["text", "numeric"]}
                  headings={[]}
                  rows={[
                    [t("orderDetail.totals.subtotal"), amount(order.totals.subtotalMinor)],
                    [t("orderDetail.totals.discounts"), deduction(order.totals.discountsMinor)],
                    [t("orderDetail.totals.shipping"), amount(order.totals.shippingMinor)],
                    [t("orderDetail.totals.tax"), amount(order.totals.taxMinor)],
                    [t("orderDetail.totals.total"), amount(order.totals.totalMinor)],
                    [t("orderDetail.totals.refunded"), deduction(order.totals.refundedMinor)],
                    [
                      <Text key="net" as="span" fontWeight="semibold">
                        {t("orderDetail.totals.net")}
                      </Text>,
                      <Text key="net-amount" as="span" fontWeight="semibold">
                        <span data-testid="order-net">{amount(order.totals.netMinor)}</span>
                      </Text>,
                    ],
                  ]}
                />
              </div>
            </Section>

            {order.refunds.length > 0 ? (
              <Section title={t("orderDetail.refunds.title")}>
                <BlockStack gap="300">
                  {order.refunds.map((refund) => (
                    <div key={refund.id} data-testid="order-refund">
                      <BlockStack gap="100">
                        <Text as="h3" variant="headingSm">
                          {t("orderDetail.refunds.heading", {
                            amount: amount(refund.amountMinor),
                            date: date(refund.processedAt),
                          })}
                        </Text>
                        {refund.lines.length === 0 ? (
                          <Text as="p" tone="subdued">
                            {t("orderDetail.refunds.noLines")}
                          </Text>
                        ) : (
                          refund.lines.map((line) => (
                            <Text key={line.id} as="p">
                              <span data-testid="refund-line">
                                {t("orderDetail.refunds.line", {
                                  quantity: number(line.quantity),
                                  item: line.title
                                    ? [line.title, line.variantTitle].filter(Boolean).join(" – ")
                                    : t("orderDetail.refunds.unknownItem"),
                                  amount: amount(line.subtotalMinor),
                                })}
                              </span>
                            </Text>
                          ))
                        )}
                        {refund.note ? (
                          <Text as="p" tone="subdued">
                            {t("orderDetail.refunds.note", { note: refund.note })}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </div>
                  ))}
                </BlockStack>
              </Section>
            ) : null}

            <Section title={t("orderDetail.timeline.title")}>
              {order.timeline.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("orderDetail.timeline.empty")}
                </Text>
              ) : (
                <BlockStack as="ol" gap="300">
                  {order.timeline.map((item) => (
                    <li key={item.id} data-testid="order-timeline-event" data-kind={item.kind} style={{ listStyle: "none" }}>
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
            </Section>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Section title={t("orderDetail.customer.title")}>
              {order.customer ? (
                <InlineStack gap="100" blockAlign="center">
                  <span data-testid="order-customer">
                    <Link url={`/app/customers/${order.customer.id}`} removeUnderline>
                      {customerDisplayName(t, order.customer)}
                    </Link>
                  </span>
                  {order.customer.isGuest ? <Badge>{t("common.guest")}</Badge> : null}
                  {order.customer.redacted ? <Badge tone="info">{t("common.redacted")}</Badge> : null}
                </InlineStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("orderDetail.customer.none")}
                </Text>
              )}
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("orderDetail.addresses.shipping")}
                </Text>
                <span data-testid="order-shipping-address">{place(order.shippingAddress)}</span>
              </BlockStack>
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("orderDetail.addresses.billing")}
                </Text>
                <span data-testid="order-billing-address">{place(order.billingAddress)}</span>
              </BlockStack>
            </Section>

            <Card>
              <BlockStack gap="200">
                {shopifyAdminUrl ? (
                  <Button url={shopifyAdminUrl} target="_blank" external>
                    {t("orderDetail.openInShopify")}
                  </Button>
                ) : (
                  <>
                    <Button disabled>{t("orderDetail.openInShopify")}</Button>
                    {demo ? (
                      <Text as="p" tone="subdued" variant="bodySm">
                        <span data-testid="shopify-link-demo-note">{t("orderDetail.openInShopifyDemo")}</span>
                      </Text>
                    ) : null}
                  </>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({ title: "orderDetail.notFound.title", body: "orderDetail.notFound.body", back: "orderDetail.back", backUrl: "/app/orders", testId: "order-not-found" });
