import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Page, Text, type BadgeProps } from "@shopify/polaris";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import { failureReasonKeys, webhookTopicLabel } from "~/i18n/delivery-labels";
import { useT } from "~/i18n/use-t";
import { getDeliveryProblems, type ProblemDelivery, type ProblemGroup } from "~/webhooks/delivery-problems.server";
import { FAILURE_REASON_CODES, type FailureReason } from "~/webhooks/failure-reasons";
import { replayDelivery, replayKind } from "~/webhooks/replay.server";

const PAGE = z.coerce.number().int().min(1).max(100_000);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  // A page that does not parse (a hand-edited URL) shows the first page and says so.
  const page = PAGE.safeParse(new URL(request.url).searchParams.get("page") ?? 1);
  const problems = await getDeliveryProblems(context.runtime.db, shop, { page: page.success ? page.data : 1 });
  return { ...problems, invalidParams: page.success ? [] : ["page"] };
}

const rerunRequest = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("delivery"), deliveryId: z.uuid() }),
  z.object({ intent: z.literal("kind"), topic: z.string().min(1).max(200), reason: z.enum(FAILURE_REASON_CODES) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const parsed = rerunRequest.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const { db, queue } = context.runtime;
  const rerun = parsed.data;
  const count =
    rerun.intent === "delivery" ? await replayDelivery(db, shop, rerun.deliveryId) : await replayKind(db, shop, rerun);
  // The worker would find the jobs at its next poll; the merchant is watching now.
  if (count > 0) queue.wake();
  return { rerun: { count } };
}

const LIST_PATH = "/app/deliveries";

const pageUrl = (page: number) => (page > 1 ? `${LIST_PATH}?page=${page}` : LIST_PATH);

const STATUS_TONE: Record<ProblemDelivery["status"], BadgeProps["tone"]> = {
  FAILED: "warning",
  DEAD: "critical",
  PARKED: "attention",
};

function RerunButton({ fields, label, disabled }: { fields: Record<string, string>; label: string; disabled: boolean }) {
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button submit disabled={disabled}>
        {label}
      </Button>
    </Form>
  );
}

/** The fields or the order a reason names, when it names any. */
function ReasonDetails({ fields, order }: Pick<FailureReason, "fields" | "order">) {
  const { t } = useT();
  return (
    <>
      {fields.length > 0 ? (
        <Text as="p" tone="subdued" variant="bodySm" breakWord>
          {t("deliveries.fields", { fields: fields.join(", ") })}
        </Text>
      ) : null}
      {order ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {t("deliveries.order", { order })}
        </Text>
      ) : null}
    </>
  );
}

function GroupCard({ group, busy }: { group: ProblemGroup; busy: boolean }) {
  const { t, number } = useT();
  const keys = failureReasonKeys(group.reason);
  return (
    <Card>
      <div data-testid="problem-group" data-topic={group.topic} data-reason={group.reason}>
        <BlockStack gap="200">
          <InlineStack gap="200" align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {webhookTopicLabel(t, group.topic)}: {t(keys.title)}
            </Text>
            <Badge tone="critical">{t("deliveries.groups.count", { count: group.count })}</Badge>
          </InlineStack>
          <Text as="p">{t(keys.explain)}</Text>
          <ReasonDetails fields={group.fields} order={null} />
          <Text as="p" tone="subdued">
            {t(keys.action)}
          </Text>
          <InlineStack>
            <RerunButton
              fields={{ intent: "kind", topic: group.topic, reason: group.reason }}
              label={t("deliveries.groups.rerunAll", { count: number(group.count) })}
              disabled={busy}
            />
          </InlineStack>
        </BlockStack>
      </div>
    </Card>
  );
}

function RerunOutcome() {
  const { t } = useT();
  const outcome = useActionData<typeof action>()?.rerun;
  if (!outcome) return null;
  return (
    <div data-testid="rerun-outcome">
      <Banner tone={outcome.count > 0 ? "success" : "warning"}>
        <p>{outcome.count > 0 ? t("deliveries.rerun.done", { count: outcome.count }) : t("deliveries.rerun.none")}</p>
      </Banner>
    </div>
  );
}

export default function DeliveriesPage() {
  const data = useLoaderData<typeof loader>();
  const { t, number, dateTime } = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";

  const rows = data.rows.map((delivery, index) => {
    const keys = failureReasonKeys(delivery.reason.code);
    return (
      <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
        <IndexTable.Cell>
          <span data-testid="problem-row" data-delivery-id={delivery.id}>
            {dateTime(delivery.receivedAt)}
          </span>
        </IndexTable.Cell>
        <IndexTable.Cell>{webhookTopicLabel(t, delivery.topic)}</IndexTable.Cell>
        <IndexTable.Cell>
          <Box maxWidth="28rem">
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold" breakWord>
                {t(keys.title)}
              </Text>
              <ReasonDetails fields={delivery.reason.fields} order={delivery.reason.order} />
              {delivery.error ? (
                <details>
                  <summary>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {t("deliveries.technical")}
                    </Text>
                  </summary>
                  <Text as="p" tone="subdued" variant="bodySm" breakWord>
                    <code data-testid="problem-error">{delivery.error}</code>
                  </Text>
                </details>
              ) : null}
            </BlockStack>
          </Box>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Badge tone={STATUS_TONE[delivery.status]}>{t(`deliveries.status.${delivery.status}`)}</Badge>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {number(delivery.attempts)}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <RerunButton fields={{ intent: "delivery", deliveryId: delivery.id }} label={t("deliveries.rerun")} disabled={busy} />
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const empty = data.totalCount === 0 && data.page === 1;
  return (
    <Page title={t("deliveries.title")} subtitle={t("deliveries.subtitle", { count: number(data.totalCount) })}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <RerunOutcome />
            {data.invalidParams.length > 0 ? (
              <Banner tone="warning" title={t("list.invalidParams.title")}>
                <p>{t("list.invalidParams.body", { params: data.invalidParams.join(", ") })}</p>
              </Banner>
            ) : null}
            {empty ? (
              <Card>
                <div data-testid="deliveries-empty">
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t("deliveries.empty.title")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("deliveries.empty.body")}
                    </Text>
                  </BlockStack>
                </div>
              </Card>
            ) : (
              <Text as="p" tone="subdued">
                {t("deliveries.intro")}
              </Text>
            )}
          </BlockStack>
        </Layout.Section>
        {data.groups.length > 0 ? (
          <Layout.Section>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("deliveries.groups.title")}
              </Text>
              {data.groups.map((group) => (
                <GroupCard key={`${group.topic} ${group.reason}`} group={group} busy={busy} />
              ))}
            </BlockStack>
          </Layout.Section>
        ) : null}
        {empty ? null : (
          <Layout.Section>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("deliveries.list.title")}
              </Text>
              <Card padding="0">
                <div data-testid="problems-table">
                  <IndexTable
                    resourceName={{ singular: t("deliveries.resource.singular"), plural: t("deliveries.resource.plural") }}
                    itemCount={data.rows.length}
                    selectable={false}
                    headings={[
                      { title: t("deliveries.column.receivedAt") },
                      { title: t("deliveries.column.topic") },
                      { title: t("deliveries.column.reason") },
                      { title: t("deliveries.column.status") },
                      { title: t("deliveries.column.attempts"), alignment: "end" },
                      { title: t("deliveries.column.action") },
                    ]}
                    pagination={{
                      hasPrevious: data.hasPrevious,
                      hasNext: data.hasNext,
                      previousURL: pageUrl(data.page - 1),
                      nextURL: pageUrl(data.page + 1),
                      label: t("common.page", { page: data.page }),
                    }}
                  >
                    {rows}
                  </IndexTable>
                </div>
              </Card>
            </BlockStack>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
