import { Badge, BlockStack, Box, IndexTable, InlineStack, Link, Text, useIndexResourceState, type BadgeProps, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import { RowActionButton } from "~/admin/intent-form";
import type { FraudReason } from "~/core/referrals/fraud-score";
import type { ReferralRow } from "~/core/referrals/referral-list.server";
import { advocateRewardText, discountText, pointsRewardText } from "~/core/referrals/reward-text";
import { customerDisplayName } from "~/i18n/labels";
import { isMessageKey, type Translate } from "~/i18n/translate";
import { useT, type I18n } from "~/i18n/use-t";

/** The intents of the referrals page's action. */
export const REVIEW_INTENTS = ["approve", "reject"] as const;
export const ALLOW_INTENT = "allow";

const STATUS_TONES: Readonly<Record<ReferralRow["status"], BadgeProps["tone"]>> = {
  CLAIMED: "info",
  PENDING: "attention",
  REVIEW: "warning",
  REWARDED: "success",
  VOIDED: undefined,
  REJECTED: "critical",
  EXPIRED: undefined,
};

/** A fraud reason as a sentence from its detail ("referralFraud.reason.<code>"). */
export function fraudReasonText(t: Translate, reason: FraudReason): string {
  return t(`referralFraud.reason.${reason.code}`, reason.detail);
}

/** What the merchant can allow-list of a reason that points at the advocate's household. */
function householdKind(reason: FraudReason): "address" | "phone" | null {
  if (reason.code === "shared_shipping_address") return "address";
  return reason.code === "shared_phone" ? "phone" : null;
}

/** A cell whose sentences wrap (an index table's cells keep to one line) at a readable width. */
function Wrapping({ minWidth, children }: { minWidth: string; children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth, maxWidth: "28rem" }}>{children}</div>;
}

function Lines({ lines }: { lines: ReactNode[] }) {
  return (
    <BlockStack gap="100">
      {lines.map((line, index) => (
        <Text as="p" variant="bodySm" key={index}>
          {line}
        </Text>
      ))}
    </BlockStack>
  );
}

function PersonCell({ person, extra }: { person: ReferralRow["friend"]; extra?: string }) {
  const { t } = useT();
  const name = person.customerId
    ? customerDisplayName(t, { id: person.customerId, name: person.name, email: person.email, redacted: person.redacted })
    : (person.email ?? t("common.none"));
  return (
    <BlockStack gap="050">
      {person.customerId ? (
        <Link url={`/app/customers/${person.customerId}`} monochrome removeUnderline>
          <Text as="span" fontWeight="semibold">
            {name}
          </Text>
        </Link>
      ) : (
        <Text as="span">{name}</Text>
      )}
      {person.customerId && person.email && person.name && !person.redacted ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {person.email}
        </Text>
      ) : null}
      {extra ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {extra}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function FraudCell({ row }: { row: ReferralRow }) {
  const { t } = useT();
  if (!row.fraud) return <Text as="span" tone="subdued">{t("referrals.fraud.notScored")}</Text>;
  return (
    <BlockStack gap="100">
      <Text as="span" fontWeight="semibold">
        <span data-testid="referral-score">{t("referralFraud.score", { score: row.fraud.score })}</span>
      </Text>
      {row.fraud.reasons.length === 0 ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {t("referrals.fraud.noReasons")}
        </Text>
      ) : null}
      {row.fraud.reasons.map((reason) => {
        const kind = householdKind(reason);
        return (
          <BlockStack gap="100" key={reason.code}>
            <Text as="p" variant="bodySm">
              <span data-testid="referral-reason">
                {fraudReasonText(t, reason)} {t("referralFraud.points", { points: reason.points })}
              </span>
            </Text>
            {kind ? (
              <div>
                <RowActionButton intent={`${ALLOW_INTENT}:${kind}`} idField="id" id={row.id} label={t("referrals.allow.action")} />
              </div>
            ) : null}
          </BlockStack>
        );
      })}
    </BlockStack>
  );
}

function rewardLines(i18n: I18n, row: ReferralRow, currency: string): string[] {
  const { t, locale } = i18n;
  const lines = [t("referrals.rewards.friend", { reward: discountText(locale, row.friendReward.value, currency), code: row.friendCode })];
  if (row.advocateRewardCode && row.advocateReward) {
    lines.push(t("referrals.rewards.advocateCode", { reward: advocateRewardText(locale, row.advocateReward, currency), code: row.advocateRewardCode }));
  } else if (row.advocateRewardPoints !== null) {
    lines.push(t("referrals.rewards.advocateGiven", { reward: pointsRewardText(locale, row.advocateRewardPoints) }));
  } else if (row.advocateReward) {
    lines.push(t("referrals.rewards.advocatePromised", { reward: advocateRewardText(locale, row.advocateReward, currency) }));
  }
  return lines;
}

function dateLines(i18n: I18n, row: ReferralRow): string[] {
  const { t, date } = i18n;
  const entries: Array<[string | null, "claimed" | "codeValid" | "converted" | "windowEnds" | "reviewed" | "rewarded"]> = [
    [row.claimedAt, "claimed"],
    [row.convertedAt === null ? row.friendCodeExpiresAt : null, "codeValid"],
    [row.convertedAt, "converted"],
    [row.advocateRewardedAt === null ? row.returnWindowEndsAt : null, "windowEnds"],
    [row.reviewedAt, "reviewed"],
    [row.advocateRewardedAt, "rewarded"],
  ];
  return entries.flatMap(([at, key]) => (at === null ? [] : [t(`referrals.dates.${key}`, { date: date(at) })]));
}

function StatusCell({ row }: { row: ReferralRow }) {
  const { t } = useT();
  const reasonKey = `referrals.closedReason.${row.closedReason ?? ""}`;
  return (
    <BlockStack gap="100">
      <span data-testid="referral-status" data-status={row.status}>
        <Badge tone={STATUS_TONES[row.status]}>{t(`referrals.status.${row.status}`)}</Badge>
      </span>
      {row.closedReason ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {isMessageKey(reasonKey) ? t(reasonKey) : row.closedReason}
        </Text>
      ) : null}
      {row.error ? (
        <Text as="p" variant="bodySm" tone="critical">
          {t("referrals.problem", { error: row.error })}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function Cells({ row, currency, actions }: { row: ReferralRow; currency: string; actions: boolean }) {
  const i18n = useT();
  const { t, money } = i18n;
  return (
    <>
      <IndexTable.Cell>
        <span data-testid="referral-row" data-referral-id={row.id} data-friend-code={row.friendCode}>
          <PersonCell person={row.advocate} extra={row.advocateCode} />
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <PersonCell person={row.friend} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <StatusCell row={row} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Wrapping minWidth="18rem">
          <FraudCell row={row} />
        </Wrapping>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {row.order ? (
          <BlockStack gap="050">
            <Link url={`/app/orders/${row.order.id}`} monochrome removeUnderline>
              {row.order.name ?? t("common.unnamedOrder")}
            </Link>
            <Text as="span" variant="bodySm" numeric>
              {money(row.order.totalMinor, row.order.currency)}
            </Text>
          </BlockStack>
        ) : (
          t("common.none")
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Wrapping minWidth="14rem">
          <Lines lines={rewardLines(i18n, row, currency)} />
        </Wrapping>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Wrapping minWidth="11rem">
          <Lines lines={dateLines(i18n, row)} />
        </Wrapping>
      </IndexTable.Cell>
      {actions ? (
        <IndexTable.Cell>
          <InlineStack gap="200" wrap={false}>
            <RowActionButton intent="approve" idField="id" id={row.id} label={t("referrals.review.approve")} />
            <RowActionButton intent="reject" idField="id" id={row.id} label={t("referrals.review.reject")} critical />
          </InlineStack>
        </IndexTable.Cell>
      ) : null}
    </>
  );
}

function useHeadings(actions: boolean): IndexTableProps["headings"] {
  const { t } = useT();
  const headings: IndexTableProps["headings"] = [
    { title: t("referrals.column.advocate") },
    { title: t("referrals.column.friend") },
    { title: t("referrals.column.status") },
    { title: t("referrals.column.fraud") },
    { title: t("referrals.column.order") },
    { title: t("referrals.column.rewards") },
    { title: t("referrals.column.dates") },
  ];
  return actions ? [...headings, { title: t("referrals.column.actions") }] : headings;
}

function EmptyState({ text }: { text: string }) {
  return (
    <Box padding="400">
      <Text as="p" tone="subdued">
        {text}
      </Text>
    </Box>
  );
}

/** The review queue: rows selectable for approving or rejecting many at once, and each on its own. */
export function ReviewTable({ rows, currency, onReview }: { rows: ReferralRow[]; currency: string; onReview: (intent: (typeof REVIEW_INTENTS)[number], ids: string[]) => void }) {
  const { t } = useT();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows.map((row) => ({ id: row.id })));
  const review = (intent: (typeof REVIEW_INTENTS)[number]) => () => {
    onReview(intent, selectedResources);
    clearSelection();
  };
  return (
    <IndexTable
      resourceName={{ singular: t("referrals.resource.singular"), plural: t("referrals.resource.plural") }}
      itemCount={rows.length}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      promotedBulkActions={[
        { content: t("referrals.review.approve"), onAction: review("approve") },
        { content: t("referrals.review.reject"), onAction: review("reject") },
      ]}
      headings={useHeadings(true)}
      emptyState={<EmptyState text={t("referrals.review.empty")} />}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
          <Cells row={row} currency={currency} actions />
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

/** All referrals, one page, read-only. */
export function ReferralListTable({
  rows,
  currency,
  empty,
  pagination,
}: {
  rows: ReferralRow[];
  currency: string;
  empty: string;
  pagination: IndexTableProps["pagination"];
}) {
  const { t } = useT();
  return (
    <IndexTable
      resourceName={{ singular: t("referrals.resource.singular"), plural: t("referrals.resource.plural") }}
      itemCount={rows.length}
      selectable={false}
      headings={useHeadings(false)}
      emptyState={<EmptyState text={empty} />}
      pagination={pagination}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <Cells row={row} currency={currency} actions={false} />
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
