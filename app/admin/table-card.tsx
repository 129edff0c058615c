import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A card holding a table edge to edge, under a heading and a line saying what the table is for. */
export function TableCard({ title, help, children }: { title: string; help: string; children: ReactNode }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          <Text as="p" tone="subdued">
            {help}
          </Text>
        </BlockStack>
      </Box>
      {children}
    </Card>
  );
}
