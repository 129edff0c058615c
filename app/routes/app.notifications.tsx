import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Link, Page, Text, type BadgeProps } from "@shopify/polaris";
import { z } from "zod";
import { requireAdminContext } from "~/auth/admin-context.server";
import type { MailStatus } from "~/core/notifications/mail-kinds";
import { listMails, mailOf, type OutboxMail } from "~/core/notifications/mail-outbox.server";
import { useT } from "~/i18n/use-t";

// The e-mails page: the members' notices, newest first, and one opened (?mail=<id>) with its HTML
// in a sandboxed frame (no scripts, no same origin: a mail's markup can do nothing in the admin)
// and its text version.

const LIST_PATH = "/app/notifications";

const query = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  mail: z.uuid().nullable().catch(null),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop, demo } = await requireAdminContext(request, context.runtime);
  const params = new URL(request.url).searchParams;
  const { page, mail } = query.parse({ page: params.get("page") ?? 1, mail: params.get("mail") });
  const { db, config } = context.runtime;
  const selected = mail ? await mailOf(db, shop.id, mail) : null;
  return {
    ...(await listMails(db, shop.id, page)),
    selected,
    selectedMissing: mail !== null && selected === null,
    /** Mails are recorded only: in demo mode, or without an SMTP server. */
    unsent: demo ? ("demo" as const) : config.mail ? null : ("unconfigured" as const),
  };
}

const STATUS_TONE: Record<MailStatus, BadgeProps["tone"]> = {
  QUEUED: "info",
  SENT: "success",
  FAILED: "critical",
  DEMO: undefined,
};

const listUrl = (page: number, mail?: string) => {
  const params = new URLSearchParams();
  if (page > 1) params.set("page", String(page));
  if (mail) params.set("mail", mail);
  const search = params.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
};

function MailDetail({ mail, page }: { mail: OutboxMail; page: number }) {
  const { t, dateTime } = useT();
  return (
    <Card>
      <div data-testid="mail-detail">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="h2" variant="headingMd" breakWord>
              {mail.subject}
            </Text>
            <Button url={listUrl(page)}>{t("notifications.detail.close")}</Button>
          </InlineStack>
          <InlineStack gap="200" blockAlign="center">
            <Badge tone={STATUS_TONE[mail.status]}>{t(`notifications.status.${mail.status}`)}</Badge>
            <Text as="span" tone="subdued">
              {t("notifications.detail.to", { to: mail.to })}
            </Text>
            {mail.sentAt ? (
              <Text as="span" tone="subdued">
                {t("notifications.detail.sentAt", { time: dateTime(mail.sentAt) })}
              </Text>
            ) : null}
          </InlineStack>
          {mail.error ? (
            <Text as="p" tone="critical" breakWord>
              {t("notifications.detail.error", { error: mail.error })}
            </Text>
          ) : null}
          <Text as="h3" variant="headingSm">
            {t("notifications.detail.html")}
          </Text>
          <iframe
            title={mail.subject}
            data-testid="mail-html"
            sandbox=""
            srcDoc={mail.html}
            style={{ width: "100%", height: "28rem", border: "1px solid var(--p-color-border)", borderRadius: "8px", background: "#fff" }}
          />
          <details>
            <summary>
              <Text as="span">{t("notifications.detail.text")}</Text>
            </summary>
            <Box paddingBlockStart="200">
              <pre data-testid="mail-text" style={{ whiteSpace: "pre-wrap", margin: 0, fontFamily: "inherit" }}>
                {mail.text}
              </pre>
            </Box>
          </details>
        </BlockStack>
      </div>
    </Card>
  );
}

function UnsentBanner({ reason }: { reason: "demo" | "unconfigured" }) {
  const { t } = useT();
  return (
    <div data-testid="mails-unsent">
      <Banner tone="info" title={t(`notifications.${reason}.title`)}>
        <p>{t(`notifications.${reason}.body`)}</p>
      </Banner>
    </div>
  );
}

export default function NotificationsPage() {
  const data = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  const empty = data.rows.length === 0 && data.page === 1;
  const rows = data.rows.map((mail, index) => (
    <IndexTable.Row id={mail.id} key={mail.id} position={index} selected={data.selected?.id === mail.id}>
      <IndexTable.Cell>
        <span data-testid="mail-row" data-mail-id={mail.id} data-kind={mail.kind} data-status={mail.status}>
          {dateTime(mail.createdAt)}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>{t(`notifications.kind.${mail.kind}`)}</IndexTable.Cell>
      <IndexTable.Cell>{mail.to}</IndexTable.Cell>
      <IndexTable.Cell>
        <Box maxWidth="28rem">
          <Link url={listUrl(data.page, mail.id)} removeUnderline>
            <Text as="span" breakWord>
              {mail.subject}
            </Text>
          </Link>
        </Box>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={STATUS_TONE[mail.status]}>{t(`notifications.status.${mail.status}`)}</Badge>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title={t("notifications.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {data.unsent ? <UnsentBanner reason={data.unsent} /> : null}
            {data.selected ? <MailDetail mail={data.selected} page={data.page} /> : null}
            {data.selectedMissing ? (
              <Banner tone="warning">
                <p>{t("notifications.detail.missing")}</p>
              </Banner>
            ) : null}
            {empty ? (
              <Card>
                <div data-testid="mails-empty">
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t("notifications.empty.title")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("notifications.empty.body")}
                    </Text>
                  </BlockStack>
                </div>
              </Card>
            ) : (
              <>
                <Text as="p" tone="subdued">
                  {t("notifications.intro")}
                </Text>
                <Card padding="0">
                  <div data-testid="mails-table">
                    <IndexTable
                      resourceName={{ singular: t("notifications.resource.singular"), plural: t("notifications.resource.plural") }}
                      itemCount={data.rows.length}
                      selectable={false}
                      headings={[
                        { title: t("notifications.column.createdAt") },
                        { title: t("notifications.column.kind") },
                        { title: t("notifications.column.recipient") },
                        { title: t("notifications.column.subject") },
                        { title: t("notifications.column.status") },
                      ]}
                      pagination={{
                        hasPrevious: data.page > 1,
                        hasNext: data.hasNext,
                        previousURL: listUrl(data.page - 1),
                        nextURL: listUrl(data.page + 1),
                        label: t("common.page", { page: data.page }),
                      }}
                    >
                      {rows}
                    </IndexTable>
                  </div>
                </Card>
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
