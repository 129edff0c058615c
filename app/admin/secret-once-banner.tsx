import { Banner, BlockStack, Text } from "@shopify/polaris";

/**
 * The success banner after something with a secret was made: the secret is stored only sealed or
 * hashed, so this is the one time the merchant can see and copy it.
 */
export function SecretOnceBanner({
  testId,
  title,
  subject,
  secretLabel,
  secret,
  secretTestId,
}: {
  testId: string;
  title: string;
  subject: string;
  secretLabel: string;
  secret: string;
  secretTestId: string;
}) {
  return (
    <div data-testid={testId}>
      <Banner tone="success" title={title}>
        <BlockStack gap="100">
          <Text as="p">{subject}</Text>
          <Text as="p">
            {secretLabel}: <code data-testid={secretTestId}>{secret}</code>
          </Text>
        </BlockStack>
      </Banner>
    </div>
  );
}
