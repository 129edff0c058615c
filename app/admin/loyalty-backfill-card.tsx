import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { BACKFILL_SPANS, type BackfillSpan } from "~/core/loyalty/backfill";
import type { BackfillRun, StartBackfillResult } from "~/core/loyalty/backfill.server";
import type { I18n } from "~/i18n/use-t";
import { useT } from "~/i18n/use-t";

// The loyalty program page's card on past orders: what the program's start means for them, the
// choice to let them earn (how far back, confirmed, since it cannot be undone), and the latest
// run's progress and result.

export const BACKFILL_INTENT = "backfill";


function RunState({ run, i18n }: { run: BackfillRun; i18n: I18n }) {
  const { t, number, dateTime } = i18n;
  const counts = { done: number(run.done), total: number(run.total) };
  const result = t("loyaltyBackfill.result", { orders: number(run.credited), points: number(run.points), members: number(run.members) });
  if (run.state === "running") {
    return (
      <Banner tone="info">
        <p>{t("loyaltyBackfill.running", counts)}</p>
        <p>{result}</p>
      </Banner>
    );
  }
  if (run.state === "done") {
    return (
      <Banner tone="success">
        <p>{t("loyaltyBackfill.done", { ...counts, time: dateTime(run.finishedAt?.toISOString() ?? null) })}</p>
        <p>{result}</p>
      </Banner>
    );
  }
  return (
    <Banner tone={run.state === "failed" ? "critical" : "warning"}>
      <p>{t(run.state === "failed" ? "loyaltyBackfill.failed" : "loyaltyBackfill.stopped", counts)}</p>
      <p>{result}</p>
      {run.state === "failed" && run.error ? <p>{t("loyaltyBackfill.failed.reason", { detail: run.error })}</p> : null}
    </Banner>
  );
}

export function LoyaltyBackfillCard({
  startedAt,
  enabled,
  run,
  answer,
}: {
  startedAt: string;
  enabled: boolean;
  run: BackfillRun | null;
  answer: StartBackfillResult | null;
}) {
  const i18n = useT();
  const { t, date } = i18n;
  const navigation = useNavigation();
  const [span, setSpan] = useState<BackfillSpan>("12_months");
  const [confirming, setConfirming] = useState(false);
  const running = run?.state === "running";
  return (
    <Card>
      <div data-testid="loyalty-backfill" data-state={run?.state ?? "none"}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("loyaltyBackfill.title")}
          </Text>
          <Text as="p">{t("loyaltyBackfill.explain", { date: date(startedAt) })}</Text>
          <Text as="p" tone="subdued">
            {t("loyaltyBackfill.expiry")}
          </Text>
          {answer ? (
            <Banner tone={answer.started ? "success" : "warning"}>
              <p>{answer.started ? t("loyaltyBackfill.started", { total: answer.total }) : t(`loyaltyBackfill.refused.${answer.reason}`)}</p>
            </Banner>
          ) : null}
          {run ? <RunState run={run} i18n={i18n} /> : null}
          {enabled && !running ? (
            <Form method="post" onSubmit={() => setConfirming(false)}>
              <input type="hidden" name="intent" value={BACKFILL_INTENT} />
              <BlockStack gap="300">
                <Select
                  label={t("loyaltyBackfill.span")}
                  name="span"
                  options={BACKFILL_SPANS.map((value) => ({ value, label: t(`loyaltyBackfill.span.${value}`) }))}
                  value={span}
                  onChange={(value) => setSpan(value as BackfillSpan)}
                />
                {confirming ? (
                  <Banner tone="warning" title={t("loyaltyBackfill.confirm.title")}>
                    <BlockStack gap="200">
                      <p>{t("loyaltyBackfill.confirm.body", { span: t(`loyaltyBackfill.span.${span}`), date: date(startedAt) })}</p>
                      <InlineStack gap="200">
                        <Button submit variant="primary" tone="critical" loading={navigation.state === "submitting"}>
                          {t("loyaltyBackfill.confirm.yes")}
                        </Button>
                        <Button onClick={() => setConfirming(false)}>{t("loyaltyBackfill.confirm.no")}</Button>
                      </InlineStack>
                    </BlockStack>
                  </Banner>
                ) : (
                  <InlineStack>
                    <Button onClick={() => setConfirming(true)}>{t("loyaltyBackfill.start")}</Button>
                  </InlineStack>
                )}
              </BlockStack>
            </Form>
          ) : null}
          {!enabled ? <Text as="p">{t("loyaltyBackfill.refused.program_off")}</Text> : null}
        </BlockStack>
      </div>
    </Card>
  );
}
