import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, FormLayout, InlineGrid, InlineStack, Select, Text, TextField, type BadgeProps } from "@shopify/polaris";
import { useState } from "react";
import type { MemberProfile } from "~/core/loyalty/member-profile.server";
import { formatMonthDay } from "~/i18n/format";
import { isMessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

const REWARD_TONE: Record<string, BadgeProps["tone"]> = { ISSUED: "info", USED: "success", CANCELLED: undefined, FAILED: "critical", RESERVED: "attention" };

/** The member's points, tier, birthday, latest entries and rewards, and the merchant's correction form. */
export function LoyaltyCard({
  programActive,
  member,
  rewards,
  adjustmentKey,
}: {
  programActive: boolean;
  member: MemberProfile | null;
  rewards: ReadonlyArray<{ id: string; title: { de: string; en: string }; points: number }>;
  /** Made by the loader for each showing of the form: a double submit books the correction once. */
  adjustmentKey: string;
}) {
  const { t, locale, number, date } = useT();
  const label = (key: string) => (isMessageKey(key) ? t(key) : key);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customer.loyalty.title")}
        </Text>
        {!programActive ? (
          <Text as="p" tone="subdued">
            {t("customer.loyalty.noProgram")}
          </Text>
        ) : null}
        {member ? (
          <>
            <InlineGrid columns={2} gap="300">
              <Figure label={t("customer.loyalty.balance")} value={number(member.balance)} testId="loyalty-balance" />
              <Figure label={t("customer.loyalty.tier")} value={member.tier ? member.tier.name[locale] : t("common.none")} testId="loyalty-tier" />
              <Figure label={t("customer.loyalty.available")} value={number(member.available)} testId="loyalty-available" />
              <Figure label={t("customer.loyalty.pending")} value={number(member.pending)} testId="loyalty-pending" />
            </InlineGrid>
            {member.birthday ? (
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("customer.loyalty.birthday")}
                </Text>
                <Text as="p">
                  <span data-testid="loyalty-birthday">{formatMonthDay(locale, member.birthday.month, member.birthday.day)}</span>{" "}
                  <Text as="span" tone="subdued">
                    ({t("customer.loyalty.birthdaySetAt", { date: date(member.birthday.setAt) })})
                  </Text>
                </Text>
              </BlockStack>
            ) : null}
            <Text as="h3" variant="headingSm">
              {t("customer.loyalty.entries")}
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric"]}
              headings={[t("orders.column.date"), "", t("customer.loyalty.balance")]}
              rows={member.entries.map((entry) => [
                date(entry.occurredAt),
                [
                  label(`customer.loyalty.entry.${entry.kind}`),
                  entry.orderName,
                  entry.kind === "ADJUST" ? entry.reason : null,
                  entry.reason === "birthday" ? t("customer.loyalty.birthdayEntry") : null,
                ]
                  .filter(Boolean)
                  .join(" · "),
                `${entry.points > 0 ? "+" : ""}${number(entry.points)}`,
              ])}
            />
            <Text as="h3" variant="headingSm">
              {t("customer.loyalty.rewards")}
            </Text>
            {member.rewards.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("customer.loyalty.noRewards")}
              </Text>
            ) : (
              <BlockStack gap="150">
                {member.rewards.map((reward) => (
                  <BlockStack gap="050" key={reward.id}>
                    <Text as="span">
                      {reward.title?.[locale] ?? reward.code} · <code data-testid="reward-code">{reward.code}</code>{" "}
                      <Badge tone={REWARD_TONE[reward.status]}>{label(`customer.loyalty.rewardStatus.${reward.status}`)}</Badge>
                    </Text>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" tone="subdued" variant="bodySm">
                        {date(reward.createdAt)} · {number(reward.points)} {t("customer.loyalty.balance")}
                      </Text>
                      {reward.status === "ISSUED" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="cancelReward" />
                          <input type="hidden" name="rewardRowId" value={reward.id} />
                          <Button submit variant="plain" tone="critical">
                            {t("customer.loyalty.cancel")}
                          </Button>
                        </Form>
                      ) : null}
                    </InlineStack>
                  </BlockStack>
                ))}
              </BlockStack>
            )}
          </>
        ) : programActive ? (
          <Text as="p" tone="subdued">
            {t("customer.loyalty.noPoints")}
          </Text>
        ) : null}
        {programActive && member && rewards.length > 0 ? <RedeemForm rewards={rewards} requestKey={adjustmentKey} /> : null}
        {programActive ? <AdjustForm requestKey={adjustmentKey} /> : null}
      </BlockStack>
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="headingMd">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

function RedeemForm({ rewards, requestKey }: { rewards: ReadonlyArray<{ id: string; title: { de: string; en: string }; points: number }>; requestKey: string }) {
  const { t, locale, number } = useT();
  const navigation = useNavigation();
  const [rewardId, setRewardId] = useState(rewards[0]?.id ?? "");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="redeemReward" />
      <input type="hidden" name="requestKey" value={requestKey} />
      <InlineStack gap="200" blockAlign="end">
        <Select
          label={t("customer.loyalty.redeemFor")}
          name="rewardId"
          value={rewardId}
          onChange={setRewardId}
          options={rewards.map((reward) => ({ value: reward.id, label: `${reward.title[locale]} (${number(reward.points)})` }))}
        />
        <Button submit disabled={navigation.state !== "idle"}>
          {t("customer.loyalty.redeem")}
        </Button>
      </InlineStack>
    </Form>
  );
}

function AdjustForm({ requestKey }: { requestKey: string }) {
  const { t } = useT();
  const navigation = useNavigation();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="adjustPoints" />
      <input type="hidden" name="requestKey" value={requestKey} />
      <FormLayout>
        <FormLayout.Group condensed>
          <TextField label={t("customer.loyalty.adjustPoints")} name="points" type="number" value={points} onChange={setPoints} autoComplete="off" />
          <TextField label={t("customer.loyalty.adjustReason")} name="reason" value={reason} onChange={setReason} autoComplete="off" maxLength={500} />
        </FormLayout.Group>
        <Button submit disabled={navigation.state !== "idle" || points === "" || reason.trim() === ""}>
          {t("customer.loyalty.adjust")}
        </Button>
      </FormLayout>
    </Form>
  );
}
