import { BlockStack, Button, Card, Text } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";

/** The loyalty program page's way to the referral program, which rewards advocates with its points. */
export function ReferralsLinkCard() {
  const { t } = useT();
  return (
    <Card>
      <div data-testid="loyalty-referrals-link">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("referrals.loyaltyCard.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("referrals.loyaltyCard.body")}
          </Text>
          <div>
            <Button url="/app/referrals">{t("referrals.loyaltyCard.link")}</Button>
          </div>
        </BlockStack>
      </div>
    </Card>
  );
}
