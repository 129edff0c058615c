import { Form } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineGrid, Text } from "@shopify/polaris";
import { Figure } from "~/admin/figure";
import { useSubmitting } from "~/admin/intent-form";
import { SectionCard } from "~/admin/section-card";
import type { EngineStatus } from "~/core/recommendations/overview.server";
import { useT } from "~/i18n/use-t";

export const REBUILD_INTENT = "rebuild";

/** What the engine has counted and when it last computed, with the button that starts a full rebuild. */
export function EngineCard({ status }: { status: EngineStatus }) {
  const { t, number, dateTime } = useT();
  const submitting = useSubmitting();
  const when = (iso: string | null) => (iso ? dateTime(iso) : t("recommendations.engine.never"));
  return (
    <SectionCard title={t("recommendations.engine.title")} help={t("recommendations.engine.help")} testId="recommendation-engine">
      <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
        <Figure label={t("recommendations.engine.orders")} value={number(status.ordersCounted)} testId="engine-orders" />
        <Figure label={t("recommendations.engine.rebuiltAt")} value={when(status.rebuiltAt)} testId="engine-rebuilt-at" plain />
        <Figure label={t("recommendations.engine.listsAt")} value={when(status.listsAt)} plain />
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
    </SectionCard>
  );
}
