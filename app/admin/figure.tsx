import { BlockStack, Button, Text } from "@shopify/polaris";

/**
 * One figure of a program's overview: its label, its value (large, or as plain text for a date), the
 * lines that explain it and a link to where it comes from. The value carries the test id, when it has one.
 */
export function Figure({
  label,
  value,
  testId,
  plain,
  help,
  link,
}: {
  label: string;
  value: string;
  testId?: string;
  plain?: boolean;
  help?: readonly string[];
  link?: { content: string; url: string };
}) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant={plain ? undefined : "headingLg"}>
        {testId ? <span data-testid={testId}>{value}</span> : value}
      </Text>
      {help?.map((line) => (
        <Text as="p" key={line} variant="bodySm" tone="subdued">
          {line}
        </Text>
      ))}
      {link ? (
        <span data-testid={testId && `${testId}-link`}>
          <Button variant="plain" url={link.url}>
            {link.content}
          </Button>
        </span>
      ) : null}
    </BlockStack>
  );
}
