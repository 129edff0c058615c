import { Box, IndexTable, Text, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { Translate } from "~/i18n/translate";

/** A cell holding a number, right-aligned under its right-aligned heading. */
export function NumericCell({ children }: { children: ReactNode }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {children}
      </Text>
    </IndexTable.Cell>
  );
}

/** A read-only table (no row selection) that says in one subdued line when it has no rows yet. */
export function PlainIndexTable({
  singular,
  plural,
  headings,
  itemCount,
  empty,
  pagination,
  children,
}: {
  singular: string;
  plural: string;
  headings: IndexTableProps["headings"];
  itemCount: number;
  empty: string;
  pagination?: IndexTableProps["pagination"];
  children: ReactNode;
}) {
  return (
    <IndexTable
      resourceName={{ singular, plural }}
      itemCount={itemCount}
      selectable={false}
      headings={headings}
      emptyState={
        <Box padding="400">
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        </Box>
      }
      pagination={pagination}
    >
      {children}
    </IndexTable>
  );
}

/** A list page's previous and next links and its "Page n"; `urlOf` is the address of another page of the same list. */
export function pageLinks(
  t: Translate,
  list: { page: number; hasPrevious: boolean; hasNext: boolean },
  urlOf: (page: number) => string,
): IndexTableProps["pagination"] {
  return {
    hasPrevious: list.hasPrevious,
    hasNext: list.hasNext,
    previousURL: urlOf(list.page - 1),
    nextURL: urlOf(list.page + 1),
    label: t("common.page", { page: list.page }),
  };
}
