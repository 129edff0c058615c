import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, ButtonGroup, Card, Checkbox, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { IntentForm, RowActionButton } from "~/admin/intent-form";
import { PlainIndexTable } from "~/admin/plain-index-table";
import { SecretOnceBanner } from "~/admin/secret-once-banner";
import { TableCard } from "~/admin/table-card";
import { requireAdminContext } from "~/auth/admin-context.server";
import { apiKeyNameSchema, createApiKey, listApiKeys, revokeApiKey, type ApiKeyItem } from "~/core/api/api-keys.server";
import { endpointInputSchema } from "~/core/integrations/endpoint-input";
import { createEndpoint, listIntegrations, removeEndpoint, sendTestEvent, type DeliveryItem } from "~/core/integrations/endpoints.server";
import { OUTBOUND_TOPICS } from "~/core/integrations/topics";
import type { Db } from "~/db/prisma.server";
import { isMessageKey, type MessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const endpoint = z.uuid().safeParse(new URL(request.url).searchParams.get("endpoint"));
  const { db, config } = context.runtime;
  const [integrations, apiKeys] = await Promise.all([listIntegrations(db, shop.id, endpoint.success ? endpoint.data : null), listApiKeys(db, shop.id)]);
  return { ...integrations, apiKeys, apiUrl: `${config.shopify.appUrl}/api/loyalty/actions` };
}

const EndpointActionSchema = z.object({ intent: z.enum(["remove", "test"]), endpointId: z.uuid() });
const RevokeKeySchema = z.object({ intent: z.literal("revokeKey"), keyId: z.uuid() });

/** The API keys' intents: a key made (its secret shown this once) or revoked. */
async function apiKeyAction(db: Db, shopId: string, form: FormData) {
  if (form.get("intent") === "createKey") {
    const name = apiKeyNameSchema.safeParse(form.get("name"));
    if (!name.success) return { outcome: "keyInvalid" as const };
    const { key, secret } = await createApiKey(db, shopId, name.data);
    return { outcome: "keyCreated" as const, name: key.name, secret };
  }
  const parsed = RevokeKeySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  if (!(await revokeApiKey(db, shopId, parsed.data.keyId, new Date()))) throw new Response("Not found", { status: 404 });
  return { outcome: "keyRevoked" as const };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const form = await request.formData();
  const { db, secretBox } = context.runtime;
  if (form.get("intent") === "createKey" || form.get("intent") === "revokeKey") return apiKeyAction(db, shop.id, form);
  if (form.get("intent") === "create") {
    const parsed = endpointInputSchema.safeParse({ url: form.get("url"), topics: form.getAll("topics") });
    if (!parsed.success) {
      const urlIssue = parsed.error.issues.find((issue) => issue.path[0] === "url");
      return {
        outcome: "invalid" as const,
        urlError: urlIssue ? (urlIssue.message === "insecure" ? ("insecure" as const) : ("invalid" as const)) : null,
        topicsError: parsed.error.issues.some((issue) => issue.path[0] === "topics"),
      };
    }
    const { endpoint, secret } = await createEndpoint(db, secretBox, shop.id, parsed.data);
    return { outcome: "created" as const, url: endpoint.url, secret };
  }
  const parsed = EndpointActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, endpointId } = parsed.data;
  const found = intent === "remove" ? await removeEndpoint(db, shop.id, endpointId) : await sendTestEvent(db, shop.id, endpointId, new Date());
  if (!found) throw new Response("Not found", { status: 404 });
  if (intent === "test") context.runtime.queue.wake();
  return { outcome: intent === "remove" ? ("removed" as const) : ("testQueued" as const) };
}

const STATUS_TONES: Readonly<Record<DeliveryItem["status"], "info" | "success" | "warning" | "critical">> = {
  PENDING: "info",
  DELIVERED: "success",
  FAILED: "warning",
  DEAD: "critical",
};

const NOTICES: Readonly<Record<"testQueued" | "removed" | "keyRevoked", MessageKey>> = {
  testQueued: "integrations.testQueued",
  removed: "integrations.removed",
  keyRevoked: "integrations.apiKeys.revoked",
};

function useTopicLabel() {
  const { t } = useT();
  return (topic: string) => {
    const key = `integrations.topic.${topic}`;
    return isMessageKey(key) ? t(key) : topic;
  };
}

export default function IntegrationsPage() {
  const { endpoints, deliveries, apiKeys, apiUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <Page title={t("integrations.title")} subtitle={t("integrations.subtitle")}>
      <BlockStack gap="400">
        {result?.outcome === "created" ? (
          <SecretOnceBanner
            testId="endpoint-created"
            title={t("integrations.created.title")}
            subject={result.url}
            secretLabel={t("integrations.created.secret")}
            secret={result.secret}
            secretTestId="endpoint-secret"
          />
        ) : null}
        {result?.outcome === "keyCreated" ? (
          <SecretOnceBanner
            testId="api-key-created"
            title={t("integrations.apiKeys.created")}
            subject={result.name}
            secretLabel={t("integrations.apiKeys.secret")}
            secret={result.secret}
            secretTestId="api-key-secret"
          />
        ) : null}
        {result?.outcome === "testQueued" || result?.outcome === "removed" || result?.outcome === "keyRevoked" ? (
          <Banner tone="info">
            <p data-testid="integrations-notice">{t(NOTICES[result.outcome])}</p>
          </Banner>
        ) : null}
        <EndpointsCard endpoints={endpoints} />
        <AddEndpointCard result={result?.outcome === "invalid" ? result : null} />
        <DeliveriesCard endpoints={endpoints} deliveries={deliveries} />
        <ApiKeysCard apiKeys={apiKeys} apiUrl={apiUrl} invalidName={result?.outcome === "keyInvalid"} />
      </BlockStack>
    </Page>
  );
}

type Endpoints = ReturnType<typeof useLoaderData<typeof loader>>["endpoints"];

function EndpointsCard({ endpoints }: { endpoints: Endpoints }) {
  const { t, dateTime } = useT();
  const topicLabel = useTopicLabel();
  const rows = endpoints.map((endpoint, index) => (
    <IndexTable.Row id={endpoint.id} key={endpoint.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="endpoint-row" data-endpoint-id={endpoint.id}>
          {endpoint.url}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>{endpoint.topics.map(topicLabel).join(", ")}</IndexTable.Cell>
      <IndexTable.Cell>{dateTime(endpoint.createdAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        <ButtonGroup>
          <RowActionButton intent="test" idField="endpointId" id={endpoint.id} label={t("integrations.action.test")} />
          <RowActionButton intent="remove" idField="endpointId" id={endpoint.id} label={t("integrations.action.remove")} critical />
        </ButtonGroup>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));
  return (
    <TableCard title={t("integrations.endpoints.title")} help={t("integrations.endpoints.help")}>
      <PlainIndexTable
        singular={t("integrations.endpoints.singular")}
        plural={t("integrations.endpoints.plural")}
        itemCount={endpoints.length}
        headings={[{ title: t("integrations.column.url") }, { title: t("integrations.column.topics") }, { title: t("integrations.column.created") }, { title: "", hidden: true }]}
        empty={t("integrations.endpoints.empty")}
      >
        {rows}
      </PlainIndexTable>
    </TableCard>
  );
}

function AddEndpointCard({ result }: { result: { urlError: "invalid" | "insecure" | null; topicsError: boolean } | null }) {
  const { t } = useT();
  const topicLabel = useTopicLabel();
  const [url, setUrl] = useState("");
  const [topics, setTopics] = useState<ReadonlySet<string>>(new Set(OUTBOUND_TOPICS));
  const urlError: MessageKey | null = result?.urlError ? (result.urlError === "insecure" ? "integrations.error.insecure" : "integrations.error.invalid") : null;
  return (
    <Card>
      <IntentForm intent="create" title={{ text: t("integrations.add.title"), as: "h2" }} submitLabel={t("integrations.action.add")} primary>
        <TextField
          label={t("integrations.field.url")}
          helpText={t("integrations.field.urlHelp")}
          name="url"
          id="endpoint-url"
          type="url"
          autoComplete="off"
          value={url}
          onChange={setUrl}
          error={urlError ? t(urlError) : undefined}
        />
        <BlockStack gap="100">
          <Text as="span">{t("integrations.field.topics")}</Text>
          <InlineStack gap="400">
            {OUTBOUND_TOPICS.map((topic) => (
              <Checkbox
                key={topic}
                label={topicLabel(topic)}
                name="topics"
                value={topic}
                id={`topic-${topic}`}
                checked={topics.has(topic)}
                onChange={(checked) => setTopics((current) => new Set(checked ? [...current, topic] : [...current].filter((one) => one !== topic)))}
              />
            ))}
          </InlineStack>
          {result?.topicsError ? (
            <Text as="p" tone="critical">
              {t("integrations.error.topics")}
            </Text>
          ) : null}
        </BlockStack>
      </IntentForm>
    </Card>
  );
}

function DeliveriesCard({ endpoints, deliveries }: { endpoints: Endpoints; deliveries: ReturnType<typeof useLoaderData<typeof loader>>["deliveries"] }) {
  const { t, dateTime, number } = useT();
  const topicLabel = useTopicLabel();
  const [searchParams, setSearchParams] = useSearchParams();
  const rows = deliveries.map((delivery, index) => (
    <IndexTable.Row id={delivery.id} key={delivery.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="delivery-row" data-status={delivery.status} data-endpoint-id={delivery.endpointId}>
          {dateTime(delivery.createdAt)}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>{delivery.url}</IndexTable.Cell>
      <IndexTable.Cell>{topicLabel(delivery.topic)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={STATUS_TONES[delivery.status]}>{t(`integrations.deliveryStatus.${delivery.status}`)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{delivery.responseStatus ?? t("common.none")}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {number(delivery.attempts)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone="subdued" breakWord>
          {delivery.lastError ?? ""}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));
  return (
    <Card padding="0">
      <Box padding="400">
        <InlineStack align="space-between" blockAlign="end" gap="400">
          <Text as="h2" variant="headingMd">
            {t("integrations.deliveries.title")}
          </Text>
          <Select
            label={t("integrations.deliveries.filter")}
            labelInline
            options={[{ label: t("integrations.deliveries.all"), value: "" }, ...endpoints.map((endpoint) => ({ label: endpoint.url, value: endpoint.id }))]}
            value={searchParams.get("endpoint") ?? ""}
            onChange={(value) => setSearchParams(value ? { endpoint: value } : {})}
          />
        </InlineStack>
      </Box>
      <PlainIndexTable
        singular={t("integrations.deliveries.singular")}
        plural={t("integrations.deliveries.plural")}
        itemCount={deliveries.length}
        headings={[
          { title: t("integrations.column.created") },
          { title: t("integrations.column.url") },
          { title: t("integrations.column.topic") },
          { title: t("integrations.column.status") },
          { title: t("integrations.column.response") },
          { title: t("integrations.column.attempts"), alignment: "end" },
          { title: t("integrations.column.error") },
        ]}
        empty={t("integrations.deliveries.empty")}
      >
        {rows}
      </PlainIndexTable>
    </Card>
  );
}

function ApiKeysCard({ apiKeys, apiUrl, invalidName }: { apiKeys: ApiKeyItem[]; apiUrl: string; invalidName: boolean }) {
  const { t, dateTime } = useT();
  const [name, setName] = useState("");
  const rows = apiKeys.map((key, index) => (
    <IndexTable.Row id={key.id} key={key.id} position={index}>
      <IndexTable.Cell>
        <span data-testid="api-key-row" data-key-id={key.id} data-revoked={key.revokedAt === null ? "false" : "true"}>
          {key.name}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <code>{key.prefix}…</code>
      </IndexTable.Cell>
      <IndexTable.Cell>{dateTime(key.createdAt)}</IndexTable.Cell>
      <IndexTable.Cell>{key.lastUsedAt ? dateTime(key.lastUsedAt) : t("integrations.apiKeys.never")}</IndexTable.Cell>
      <IndexTable.Cell>
        {key.revokedAt ? (
          <Badge>{t("integrations.apiKeys.status.revoked", { date: dateTime(key.revokedAt) })}</Badge>
        ) : (
          <Badge tone="success">{t("integrations.apiKeys.status.active")}</Badge>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {key.revokedAt ? null : <RowActionButton intent="revokeKey" idField="keyId" id={key.id} label={t("integrations.apiKeys.revoke")} critical />}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));
  return (
    <TableCard title={t("integrations.apiKeys.title")} help={t("integrations.apiKeys.help", { url: apiUrl })}>
      <PlainIndexTable
        singular={t("integrations.apiKeys.singular")}
        plural={t("integrations.apiKeys.plural")}
        itemCount={apiKeys.length}
        headings={[
          { title: t("integrations.apiKeys.column.name") },
          { title: t("integrations.apiKeys.column.prefix") },
          { title: t("integrations.column.created") },
          { title: t("integrations.apiKeys.column.lastUsed") },
          { title: t("integrations.apiKeys.column.status") },
          { title: "", hidden: true },
        ]}
        empty={t("integrations.apiKeys.empty")}
      >
        {rows}
      </PlainIndexTable>
      <Box padding="400">
        <IntentForm intent="createKey" title={{ text: t("integrations.apiKeys.add"), as: "h3" }} submitLabel={t("integrations.apiKeys.create")}>
          <TextField
            label={t("integrations.apiKeys.name")}
            helpText={t("integrations.apiKeys.nameHelp")}
            name="name"
            id="api-key-name"
            autoComplete="off"
            maxLength={60}
            value={name}
            onChange={setName}
            error={invalidName ? t("integrations.apiKeys.nameError") : undefined}
          />
        </IntentForm>
      </Box>
    </TableCard>
  );
}
