import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
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
  Page,
  ProgressBar,
  Text,
  type BadgeProps,
} from "@shopify/polaris";
import { useEffect, type ReactNode } from "react";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import { getSyncStatus } from "~/core/sync/sync-status.server";
import type { DemoProgressView } from "~/admin/demo-progress";
import type { DeliveryStatus, ImportStatus } from "~/db/generated/enums";
import { importLabel } from "~/i18n/labels";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  return { ...(await getSyncStatus(context.runtime.db, shop)), canImport: !demo, demoStore: demo, demoProgress: demo ? context.runtime.demoProgress.read() : null };
}

const importIntent = z.object({ intent: z.enum(["import", "reconcile"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  // The demo shop has no Shopify store behind it: an import could only fail.
  if (demo) throw new Response("Not available in demo mode", { status: 403 });
  const parsed = importIntent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  const { db, queue, platforms } = context.runtime;
  const { history } = platforms.shopify;
  let outcome: "requested" | "alreadyRunning" = "requested";
  if (parsed.data.intent === "import") {
    if (!(await history.requestFullImport(db, shop.id))) outcome = "alreadyRunning";
  } else {
    await history.requestReconcile(db, shop.id);
  }
  queue.wake();
  return { outcome };
}

const DELIVERY_TONE: Record<DeliveryStatus, BadgeProps["tone"]> = {
  RECEIVED: "info",
  PROCESSED: "success",
  IGNORED: undefined,
  FAILED: "warning",
  DEAD: "critical",
  PARKED: "attention",
};

const IMPORT_TONE: Record<ImportStatus, BadgeProps["tone"]> = {
  PENDING: "info",
  RUNNING: "attention",
  COMPLETED: "success",
  FAILED: "critical",
};

function DeliveryBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useT();
  return <Badge tone={DELIVERY_TONE[status]}>{t(`deliveryStatus.${status}`)}</Badge>;
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-testid={testId}>{value}</span>
      </Text>
      {detail ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {detail}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <InlineStack gap="200" align="space-between" blockAlign="start" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" alignment="end" breakWord>
        {children}
      </Text>
    </InlineStack>
  );
}

function IntentButton({ intent, disabled, children }: { intent: string; disabled: boolean; children: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit disabled={disabled}>
        {children}
      </Button>
    </Form>
  );
}

function ImportActions({ canImport, importRunning }: { canImport: boolean; importRunning: boolean }) {
  const { t } = useT();
  const outcome = useActionData<typeof action>()?.outcome;
  const busy = useNavigation().state === "submitting";
  return (
    <BlockStack gap="200">
      <Text as="p" tone="subdued" variant="bodySm">
        {canImport ? t("home.import.actionsHelp") : t("home.import.demoUnavailable")}
      </Text>
      <InlineStack gap="200">
        <IntentButton intent="import" disabled={!canImport || importRunning || busy}>
          {t("home.import.startFull")}
        </IntentButton>
        <IntentButton intent="reconcile" disabled={!canImport || busy}>
          {t("home.import.startReconcile")}
        </IntentButton>
      </InlineStack>
      {outcome ? (
        <Text as="p" tone={outcome === "requested" ? "success" : "caution"}>
          <span data-testid="import-outcome">
            {outcome === "requested" ? t("home.import.requested") : t("home.import.alreadyRunning")}
          </span>
        </Text>
      ) : null}
    </BlockStack>
  );
}

const DEMO_REFRESH_MS = 3000;

/** The demo's first start: how much of the history has arrived; the page reloads its data meanwhile. */
function DemoProgressBanner({ progress }: { progress: DemoProgressView }) {
  const { t, number } = useT();
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, DEMO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidate, state]);
  const percent = progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  const left = progress.secondsLeft;
  return (
    <div data-testid="demo-progress">
      <Banner tone="info" title={t("demo.progress.title")}>
        <BlockStack gap="200">
          {progress.phase === "sending" ? (
            <>
              <Text as="p">
                {t("demo.progress.sending", { sent: number(progress.sent), total: number(progress.total), percent })}
              </Text>
              <ProgressBar progress={percent} size="small" />
              <Text as="p" tone="subdued">
                {progress.perSecond === null || left === null
                  ? t("demo.progress.rateUnknown")
                  : t("demo.progress.rate", {
                      rate: number(progress.perSecond),
                      time: t("demo.progress.duration", { minutes: Math.floor(left / 60), seconds: left % 60 }),
                    })}
              </Text>
            </>
          ) : (
            <Text as="p">{t("demo.progress.processing", { total: number(progress.total) })}</Text>
          )}
          <Text as="p" tone="subdued" variant="bodySm">
            {t("demo.progress.refresh")}
          </Text>
        </BlockStack>
      </Banner>
    </div>
  );
}

export default function SyncStatusPage() {
  const status = useLoaderData<typeof loader>();
  const { t, number, dateTime } = useT();
  const run = status.latestImport;
  const importRunning = run?.kind === "full" && (run.status === "PENDING" || run.status === "RUNNING");
  // Parked and given-up deliveries wait for someone; failing ones are still retried by themselves.
  const waitingDeliveries = status.deliveriesByStatus
    .filter((row) => row.status === "PARKED" || row.status === "DEAD")
    .reduce((sum, row) => sum + row.count, 0);

  return (
    <Page title={t("home.title")}>
      <Layout>
        {status.demoProgress ? (
          <Layout.Section>
            <DemoProgressBanner progress={status.demoProgress} />
          </Layout.Section>
        ) : null}
        {status.demoStore ? (
          <Layout.Section>
            <div data-testid="demo-store-link">
              <Banner tone="info" title={t("demoStore.admin.title")} action={{ content: t("demoStore.admin.link"), url: "/demo-store", target: "_blank" }}>
                <Text as="p">{t("demoStore.admin.body")}</Text>
              </Banner>
            </div>
          </Layout.Section>
        ) : null}
        {waitingDeliveries > 0 ? (
          <Layout.Section>
            <div data-testid="deliveries-banner">
              <Banner
                tone="warning"
                title={t("deliveries.home.banner", { count: number(waitingDeliveries) })}
                action={{ content: t("deliveries.home.link"), url: "/app/deliveries" }}
              />
            </div>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("home.counts.title")}
              </Text>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                <Stat
                  testId="count-customers"
                  label={t("home.counts.customers")}
                  value={number(status.counts.customers)}
                  detail={t("home.counts.guests", { count: status.counts.guests })}
                />
                <Stat testId="count-orders" label={t("home.counts.orders")} value={number(status.counts.orders)} />
                <Stat testId="count-products" label={t("home.counts.products")} value={number(status.counts.products)} />
                <Stat testId="count-refunds" label={t("home.counts.refunds")} value={number(status.counts.refunds)} />
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("home.webhooks.title")}
              </Text>
              <BlockStack gap="100">
                <Text as="p" tone="subdued">
                  {t("home.webhooks.lastReceived")}
                </Text>
                <Text as="p">
                  <span data-testid="last-delivery">
                    {status.lastDelivery
                      ? t("home.webhooks.lastReceivedValue", {
                          topic: status.lastDelivery.topic,
                          time: dateTime(status.lastDelivery.receivedAt),
                        })
                      : t("home.webhooks.noneReceived")}
                  </span>
                </Text>
              </BlockStack>
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={[t("home.webhooks.status"), t("home.webhooks.count")]}
                rows={status.deliveriesByStatus.map((row) => [
                  <DeliveryBadge key={row.status} status={row.status} />,
                  number(row.count),
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("home.import.title")}
              </Text>
              {run ? (
                <div data-testid="import-run">
                  <BlockStack gap="200">
                    <Field label={t("home.import.status")}>
                      <Badge tone={IMPORT_TONE[run.status]}>{t(`importStatus.${run.status}`)}</Badge>
                    </Field>
                    <Field label={t("home.import.kind")}>{importLabel(t, "importKind", run.kind)}</Field>
                    <Field label={t("home.import.phase")}>{importLabel(t, "importPhase", run.phase)}</Field>
                    <Field label={t("home.import.rows")}>{number(run.rowsDone)}</Field>
                    <Field label={t("home.import.rate")}>
                      {run.rowsPerSecond === null
                        ? t("common.none")
                        : t("home.import.rateValue", { rate: number(run.rowsPerSecond, 1) })}
                    </Field>
                    <Field label={t("home.import.startedAt")}>{dateTime(run.startedAt)}</Field>
                    <Field label={t("home.import.finishedAt")}>{dateTime(run.finishedAt)}</Field>
                    {run.error ? <Field label={t("home.import.error")}>{run.error}</Field> : null}
                  </BlockStack>
                </div>
              ) : (
                <Text as="p" tone="subdued">
                  {t("home.import.none")}
                </Text>
              )}
              <ImportActions canImport={status.canImport} importRunning={importRunning} />
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  {t("home.deadLetters.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("home.deadLetters.description")}
                </Text>
                <Text as="p" tone={status.deadJobs > 0 ? "critical" : "subdued"}>
                  <span data-testid="dead-jobs">{t("home.deadLetters.deadJobs", { count: status.deadJobs })}</span>
                </Text>
              </BlockStack>
              {status.deadLetters.length === 0 ? (
                <Text as="p" tone="success">
                  <span data-testid="dead-letters-empty">{t("home.deadLetters.empty")}</span>
                </Text>
              ) : (
                <div data-testid="dead-letters">
                  <DataTable
                    columnContentTypes={["text", "text", "text", "numeric", "text"]}
                    headings={[
                      t("home.deadLetters.topic"),
                      t("home.deadLetters.receivedAt"),
                      t("home.deadLetters.status"),
                      t("home.deadLetters.attempts"),
                      t("home.deadLetters.error"),
                    ]}
                    rows={status.deadLetters.map((letter) => [
                      letter.topic,
                      dateTime(letter.receivedAt),
                      <DeliveryBadge key={letter.id} status={letter.status} />,
                      number(letter.attempts),
                      <Text key={`${letter.id}-error`} as="span" breakWord>
                        {letter.error ?? t("common.none")}
                      </Text>,
                    ])}
                  />
                </div>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
