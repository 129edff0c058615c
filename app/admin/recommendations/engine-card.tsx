import { Form } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, Text } from "@shopify/polaris";
import { useSubmitting } from "~/admin/intent-form";
import type { EngineStatus } from "~/core/recommendations/overview.server";
import { useT } from "~/i18n/use-t";

export const REBUILD_INTENT = "rebuild";

/** What the engine has counted and when it last computed, with the button that starts a full rebuild. */
export function EngineCard({ status }: { status: EngineStatus }) {
  const { t, number, dateTime } = useT();
  const submitting = useSubmitting();
  const when = (iso: string | null) => (iso ? dateTime(iso) : t("recommendations.engine.never"));
  return (
    <Card>
      <div data-testid="recommendation-engine">
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("recommendations.engine.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("recommendations.engine.help")}
            </Text>
          </BlockStack>
          <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm" tone="subdued">
                {t("recommendations.engine.orders")}
              </Text>
              <Text as="p" variant="headingLg">
                <span data-testid="engine-orders">{number(status.ordersCounted)}</span>
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm" tone="subdued">
                {t("recommendations.engine.rebuiltAt")}
              </Text>
              <Text as="p">
                <span data-testid="engine-rebuilt-at">{when(status.rebuiltAt)}</span>
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm" tone="subdued">
                {t("recommendations.engine.listsAt")}
              </Text>
              <Text as="p">{when(status.listsAt)}</Text>
            </BlockStack>
          </InlineGrid>
          {status.ordersCounted === 0 ? (
            <Banner tone="info">
              <p>{t("recommendations.engine.noOrders")}</p>
            </Banner>
          ) : null}
          {status.rebuildQueued ? (
            <Text as="p" tone="subdued">
              {t("recommendations.engine.queued")}
            </Text>
          ) : (
            <BlockStack gap="200">
              <Text as="p" tone="subdued">
                {t("recommendations.engine.rebuildHelp")}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value={REBUILD_INTENT} />
                <Button submit loading={submitting({ intent: REBUILD_INTENT })}>
                  {t("recommendations.engine.rebuild")}
                </Button>
              </Form>
            </BlockStack>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
