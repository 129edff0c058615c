import { BlockStack, Card, IndexTable, Text } from "@shopify/polaris";
import { RowActionButton } from "~/admin/intent-form";
import { PlainIndexTable } from "~/admin/plain-index-table";
import { useT } from "~/i18n/use-t";

export const REMOVE_ALLOWED_INTENT = "remove-allowed";

export interface AllowListItem {
  id: string;
  kind: "address" | "phone";
  label: string;
  note: string | null;
  createdAt: string;
}

/** The households the merchant cleared of the fraud check's household signals, each removable. */
export function AllowListCard({ entries }: { entries: AllowListItem[] }) {
  const { t, date } = useT();
  return (
    <Card padding="0">
      <div data-testid="allow-list">
        <BlockStack gap="200">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                {t("referrals.allowList.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("referrals.allowList.help")}
              </Text>
            </BlockStack>
          </div>
          <PlainIndexTable
            singular={t("referrals.allowList.title")}
            plural={t("referrals.allowList.title")}
            headings={[{ title: t("referrals.allowList.column.household") }, { title: t("referrals.allowList.column.added") }, { title: t("referrals.column.actions") }]}
            itemCount={entries.length}
            empty={t("referrals.allowList.empty")}
          >
            {entries.map((entry, index) => (
              <IndexTable.Row id={entry.id} key={entry.id} position={index}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t(`referrals.allowList.kind.${entry.kind}`)}
                    </Text>
                    <span data-testid="allow-list-entry">{entry.label}</span>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{date(entry.createdAt)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <RowActionButton intent={REMOVE_ALLOWED_INTENT} idField="id" id={entry.id} label={t("referrals.allowList.remove")} critical />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </PlainIndexTable>
        </BlockStack>
      </div>
    </Card>
  );
}
