import { BlockStack, Card, Text, type BlockStackProps } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A card under a heading and, when it has one, a line saying what it is for. */
export function SectionCard({
  title,
  help,
  testId,
  gap = "400",
  children,
}: {
  title: string;
  help?: string;
  testId: string;
  gap?: BlockStackProps["gap"];
  children: ReactNode;
}) {
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap={gap}>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            {help ? (
              <Text as="p" tone="subdued">
                {help}
              </Text>
            ) : null}
          </BlockStack>
          {children}
        </BlockStack>
      </div>
    </Card>
  );
}
