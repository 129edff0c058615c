import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, ButtonGroup, IndexTable, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { downloadFile } from "~/admin/download-file";
import { TableCard } from "~/admin/table-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import {
  listPrivacyRequests,
  setDataRequestAnswered,
  type DataRequestItem,
  type RedactionItem,
} from "~/core/privacy/privacy-requests.server";
import type { ExportFormat } from "~/core/privacy/export-download";
import type { DataRequestUrgency } from "~/core/privacy/request-deadline";
import type { MessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  return listPrivacyRequests(context.runtime.db, shop.id, new Date());
}

const ActionSchema = z.object({ intent: z.enum(["answer", "reopen"]), requestId: z.uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, requestId } = parsed.data;
  const found = await setDataRequestAnswered(context.runtime.db, shop.id, requestId, intent === "answer", new Date());
  if (!found) throw new Response("Not found", { status: 404 });
  return { ok: true };
}

const URGENCY_BADGES: Readonly<Record<DataRequestUrgency, { key: MessageKey; tone: "info" | "warning" | "critical" | "success" }>> = {
  open: { key: "privacy.status.open", tone: "info" },
  urgent: { key: "privacy.status.urgent", tone: "warning" },
  overdue: { key: "privacy.status.overdue", tone: "critical" },
  answered: { key: "privacy.status.answered", tone: "success" },
};

export default function PrivacyPage() {
  const { dataRequests, redactions } = useLoaderData<typeof loader>();
  const { t } = useT();
  const [downloadFailed, setDownloadFailed] = useState(false);
  const download = (url: string) => {
    setDownloadFailed(false);
    downloadFile(url).catch(() => setDownloadFailed(true));
  };
  return (
    <Page title={t("privacy.title")} subtitle={t("privacy.subtitle")}>
      <BlockStack gap="400">
        {downloadFailed ? (
          <div data-testid="download-failed">
            <Banner tone="critical" onDismiss={() => setDownloadFailed(false)}>
              <p>{t("privacy.downloadFailed")}</p>
            </Banner>
          </div>
        ) : null}
        <DataRequestsCard requests={dataRequests} onDownload={download} />
        <RedactionsCard redactions={redactions} />
      </BlockStack>
    </Page>
  );
}

function DataRequestsCard({ requests, onDownload }: { requests: DataRequestItem[]; onDownload: (url: string) => void }) {
  const { t, date, locale } = useT();
  const navigation = useNavigation();
  const exportUrl = (id: string, format: ExportFormat) => `/app/privacy/${id}/export?format=${format}&locale=${locale}`;
  const rows = requests.map((request, index) => {
    const badge = URGENCY_BADGES[request.urgency];
    const busy = navigation.state !== "idle" && navigation.formData?.get("requestId") === request.id;
    return (
      <IndexTable.Row id={request.id} key={request.id} position={index}>
        <IndexTable.Cell>
          <span data-testid="data-request-row" data-request-id={request.id} data-urgency={request.urgency}>
            <Subject subject={request.subject} />
          </span>
        </IndexTable.Cell>
        <IndexTable.Cell>{date(request.receivedAt)}</IndexTable.Cell>
        <IndexTable.Cell>{date(request.dueAt)}</IndexTable.Cell>
        <IndexTable.Cell>
          <BlockStack gap="100" inlineAlign="start">
            <Badge tone={badge.tone}>{t(badge.key)}</Badge>
            {request.answeredAt ? (
              <Text as="span" tone="subdued" variant="bodySm">
                {t("privacy.answeredOn", { date: date(request.answeredAt) })}
              </Text>
            ) : null}
          </BlockStack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          {request.subject ? (
            <ButtonGroup>
              <Button size="slim" onClick={() => onDownload(exportUrl(request.id, "json"))}>
                {t("privacy.action.json")}
              </Button>
              <Button size="slim" onClick={() => onDownload(exportUrl(request.id, "csv"))}>
                {t("privacy.action.csv")}
              </Button>
            </ButtonGroup>
          ) : (
            <Text as="span" tone="subdued">
              {t("common.none")}
            </Text>
          )}
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Form method="post">
            <input type="hidden" name="requestId" value={request.id} />
            <input type="hidden" name="intent" value={request.answeredAt ? "reopen" : "answer"} />
            <Button submit size="slim" variant={request.answeredAt ? "plain" : "primary"} loading={busy}>
              {request.answeredAt ? t("privacy.action.reopen") : t("privacy.action.markAnswered")}
            </Button>
          </Form>
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });
  return (
    <TableCard title={t("privacy.dataRequests.title")} help={t("privacy.dataRequests.help")}>
      <div data-testid="data-requests-table">
        <IndexTable
          resourceName={{ singular: t("privacy.dataRequests.singular"), plural: t("privacy.dataRequests.plural") }}
          itemCount={requests.length}
          selectable={false}
          headings={[
            { title: t("privacy.column.subject") },
            { title: t("privacy.column.received") },
            { title: t("privacy.column.due") },
            { title: t("privacy.column.status") },
            { title: t("privacy.column.export") },
            { title: "", hidden: true },
          ]}
          emptyState={
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t("privacy.dataRequests.empty")}
              </Text>
            </Box>
          }
        >
          {rows}
        </IndexTable>
      </div>
    </TableCard>
  );
}

function Subject({ subject }: { subject: DataRequestItem["subject"] }) {
  const { t } = useT();
  if (subject === null) {
    return (
      <Text as="span" tone="subdued">
        {t("privacy.subject.erased")}
      </Text>
    );
  }
  if (subject.name === null && subject.email === null) {
    return (
      <Text as="span" tone={subject.orderNames.length > 0 ? undefined : "subdued"}>
        {subject.orderNames.length > 0
          ? t("privacy.subject.orders", { orders: subject.orderNames.join(", ") })
          : t("privacy.subject.nothingStored")}
      </Text>
    );
  }
  return (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold">
        {subject.name ?? subject.email}
      </Text>
      {subject.name !== null && subject.email !== null ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {subject.email}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function RedactionsCard({ redactions }: { redactions: RedactionItem[] }) {
  const { t, dateTime, number } = useT();
  const rows = redactions.map((redaction, index) => (
    <IndexTable.Row id={redaction.id} key={redaction.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="redaction-row" data-done={redaction.completedAt !== null}>
          {dateTime(redaction.receivedAt)}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {redaction.completedAt ? (
          <Badge tone="success">{t("privacy.redaction.done")}</Badge>
        ) : (
          <Badge tone="attention">{t("privacy.redaction.inProgress")}</Badge>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>{dateTime(redaction.completedAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {number(redaction.bodiesScanned)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {number(redaction.bodiesScrubbed)}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));
  return (
    <TableCard title={t("privacy.redactions.title")} help={t("privacy.redactions.help")}>
      <div data-testid="redactions-table">
        <IndexTable
          resourceName={{ singular: t("privacy.redactions.singular"), plural: t("privacy.redactions.plural") }}
          itemCount={redactions.length}
          selectable={false}
          headings={[
            { title: t("privacy.column.received") },
            { title: t("privacy.column.status") },
            { title: t("privacy.column.completed") },
            { title: t("privacy.column.scanned"), alignment: "end" },
            { title: t("privacy.column.scrubbed"), alignment: "end" },
          ]}
          emptyState={
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t("privacy.redactions.empty")}
              </Text>
            </Box>
          }
        >
          {rows}
        </IndexTable>
      </div>
    </TableCard>
  );
}
