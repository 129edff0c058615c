import type { ActionFunctionArgs } from "@remix-run/node";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, DropZone, InlineStack, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { downloadFile } from "~/admin/download-file";
import { requireAdminContext } from "~/auth/admin-context.server";
import { MAX_IMPORT_POINTS, MAX_IMPORT_ROWS, type ImportError } from "~/core/loyalty/balance-import";
import { importBalances, type ImportOutcome, type ImportSummary } from "~/core/loyalty/balance-import.server";
import type { MessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

// Importing members' points balances from another loyalty app's CSV file: the file is sent once to
// be checked (preview) and once more to be imported, checked again then; the server keeps nothing
// between the two. Also the members export's download.

const MAX_FILE_BYTES = 10 * 1024 * 1024;
// The multipart envelope around the file (boundaries, the intent field).
const ENVELOPE_BYTES = 64 * 1024;

const FormSchema = z.object({ intent: z.enum(["preview", "apply"]), file: z.instanceof(File) });

type ActionResult = ImportOutcome | { status: "too_large" };

export async function action({ request, context }: ActionFunctionArgs): Promise<ActionResult> {
  const { shop } = await requireAdminContext(request, context.runtime);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FILE_BYTES + ENVELOPE_BYTES) return { status: "too_large" };
  const form = await request.formData();
  const parsed = FormSchema.safeParse({ intent: form.get("intent"), file: form.get("file") });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, file } = parsed.data;
  if (file.size > MAX_FILE_BYTES) return { status: "too_large" };
  return importBalances(context.runtime.db, shop.id, new Uint8Array(await file.arrayBuffer()), intent, new Date());
}

export default function LoyaltyImportPage() {
  const { t, locale } = useT();
  const fetcher = useFetcher<typeof action>();
  const [file, setFile] = useState<File | null>(null);
  const [notCsv, setNotCsv] = useState(false);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const busy = fetcher.state !== "idle";
  const applying = busy && fetcher.formData?.get("intent") === "apply";
  const outcome = busy ? undefined : fetcher.data;

  const send = (intent: "preview" | "apply", chosen: File) => {
    const form = new FormData();
    form.set("intent", intent);
    form.set("file", chosen);
    fetcher.submit(form, { method: "post", encType: "multipart/form-data" });
  };
  const choose = (accepted: File[]) => {
    const chosen = accepted[0];
    setNotCsv(chosen === undefined);
    setFile(chosen ?? null);
    if (chosen) send("preview", chosen);
  };
  const exportMembers = () => {
    setDownloadFailed(false);
    downloadFile(`/app/loyalty/export?locale=${locale}`).catch(() => setDownloadFailed(true));
  };

  return (
    <Page
      title={t("loyaltyImport.title")}
      backAction={{ content: t("loyaltyImport.back"), url: "/app/loyalty" }}
      secondaryActions={[{ content: t("loyaltyImport.export.action"), onAction: exportMembers }]}
    >
      <BlockStack gap="400">
        {downloadFailed ? (
          <Banner tone="critical" onDismiss={() => setDownloadFailed(false)}>
            <p>{t("loyaltyImport.export.failed")}</p>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="p">{t("loyaltyImport.help")}</Text>
            <Text as="p" tone="subdued">
              {t("loyaltyImport.customersFirst")}
            </Text>
            <div data-testid="import-dropzone">
              <DropZone
                label={t("loyaltyImport.dropZone")}
                accept=".csv,text/csv"
                type="file"
                allowMultiple={false}
                onDrop={(_files, accepted) => choose(accepted)}
              >
                {file ? (
                  <BlockStack inlineAlign="center">
                    <Text as="p" alignment="center">
                      {t("loyaltyImport.fileChosen", { name: file.name })}
                    </Text>
                  </BlockStack>
                ) : (
                  <DropZone.FileUpload actionTitle={t("loyaltyImport.dropZone.action")} actionHint={t("loyaltyImport.dropZone.hint")} />
                )}
              </DropZone>
            </div>
            {notCsv ? <Banner tone="warning">{t("loyaltyImport.notCsv")}</Banner> : null}
            {busy ? (
              <Text as="p" tone="subdued">
                {t(applying ? "loyaltyImport.applying" : "loyaltyImport.checking")}
              </Text>
            ) : null}
          </BlockStack>
        </Card>
        {outcome && file ? <Outcome outcome={outcome} onApply={() => send("apply", file)} /> : null}
      </BlockStack>
    </Page>
  );
}

function Outcome({ outcome, onApply }: { outcome: ActionResult; onApply: () => void }) {
  const { t } = useT();
  switch (outcome.status) {
    case "too_large":
      return <Banner tone="critical">{t("loyaltyImport.tooLarge")}</Banner>;
    case "no_program":
      return <Banner tone="warning">{t("loyaltyImport.noProgram")}</Banner>;
    case "invalid":
      return (
        <BlockStack gap="400">
          <div data-testid="import-errors">
            <Banner tone="critical" title={t("loyaltyImport.errors.title", { count: outcome.errorCount })}>
              <p>{t("loyaltyImport.errors.body")}</p>
            </Banner>
          </div>
          <ErrorTable errors={outcome.errors} total={outcome.errorCount} />
          <Summary summary={outcome.summary} />
        </BlockStack>
      );
    case "ready":
      return (
        <BlockStack gap="400">
          <Summary summary={outcome.summary} />
          <InlineStack align="end">
            <Button variant="primary" onClick={onApply}>
              {t("loyaltyImport.apply", { count: outcome.summary.rows })}
            </Button>
          </InlineStack>
        </BlockStack>
      );
    case "applied":
      return (
        <div data-testid="import-applied">
          <Banner tone="success" title={t("loyaltyImport.applied.title")}>
            <p>{t("loyaltyImport.applied.body", { imported: outcome.imported, points: outcome.points })}</p>
            {outcome.summary.alreadyImported > 0 ? <p>{t("loyaltyImport.applied.unchanged", { count: outcome.summary.alreadyImported })}</p> : null}
          </Banner>
        </div>
      );
  }
}

function Summary({ summary }: { summary: ImportSummary }) {
  const { t, number } = useT();
  const figures: ReadonlyArray<[MessageKey, number]> = [
    ["loyaltyImport.preview.rows", summary.rows],
    ["loyaltyImport.preview.newMembers", summary.newMembers],
    ["loyaltyImport.preview.existingMembers", summary.existingMembers],
    ["loyaltyImport.preview.alreadyImported", summary.alreadyImported],
    ["loyaltyImport.preview.points", summary.points],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("loyaltyImport.preview.title")}
        </Text>
        <div data-testid="import-summary">
          <DataTable
            columnContentTypes={["text", "numeric"]}
            headings={[]}
            rows={figures.map(([key, value]) => [t(key), number(value)])}
          />
        </div>
      </BlockStack>
    </Card>
  );
}

function errorMessage(t: ReturnType<typeof useT>["t"], error: ImportError): string {
  return t(`loyaltyImport.error.${error.code}`, { max: error.code === "too_many_rows" ? MAX_IMPORT_ROWS : MAX_IMPORT_POINTS });
}

function ErrorTable({ errors, total }: { errors: ImportError[]; total: number }) {
  const { t, number } = useT();
  return (
    <Card padding="0">
      <div data-testid="import-error-table">
        <DataTable
          columnContentTypes={["numeric", "text", "text"]}
          headings={[t("loyaltyImport.errors.line"), t("loyaltyImport.errors.column"), t("loyaltyImport.errors.problem")]}
          rows={errors.map((error) => [number(error.line), error.column ?? t("common.none"), errorMessage(t, error)])}
          footerContent={errors.length < total ? t("loyaltyImport.errors.more", { shown: errors.length, count: total }) : undefined}
        />
      </div>
    </Card>
  );
}
