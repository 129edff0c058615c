import { Box, IndexTable, Text, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A read-only table (no row selection) that says in one subdued line when it has no rows yet. */
export function PlainIndexTable({
  singular,
  plural,
  headings,
  itemCount,
  empty,
  children,
}: {
  singular: string;
  plural: string;
  headings: IndexTableProps["headings"];
  itemCount: number;
  empty: string;
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
    >
      {children}
    </IndexTable>
  );
}
