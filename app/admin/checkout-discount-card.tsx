import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { CheckoutDiscountState } from "~/core/loyalty/checkout-discount";
import type { MessageKey } from "~/i18n/en";
import { useT } from "~/i18n/use-t";

// The loyalty program page's card on the checkout discount: whether the platform's automatic
// discount carries the settings version in force, is on its way there, or failed, and then why
// and what the merchant can do.

export const RETRY_CHECKOUT_DISCOUNT_INTENT = "retryCheckoutDiscount";

type BadgeTone = "success" | "info" | "attention" | "critical" | undefined;

const BADGES: Record<CheckoutDiscountState["kind"], { label: MessageKey; tone: BadgeTone }> = {
  active: { label: "checkoutDiscount.badge.active", tone: "success" },
  no_perks: { label: "checkoutDiscount.badge.noPerks", tone: undefined },
  off: { label: "checkoutDiscount.badge.off", tone: undefined },
  demo: { label: "checkoutDiscount.badge.demo", tone: "info" },
  waiting: { label: "checkoutDiscount.badge.waiting", tone: "attention" },
  failed: { label: "checkoutDiscount.badge.failed", tone: "critical" },
};

const SYNCED_TEXT = {
  active: "checkoutDiscount.active",
  no_perks: "checkoutDiscount.noPerks",
  off: "checkoutDiscount.off",
  demo: "checkoutDiscount.demo",
} as const satisfies Record<string, MessageKey>;

function Failure({ state }: { state: Extract<CheckoutDiscountState, { kind: "failed" }> }) {
  const { t } = useT();
  const navigation = useNavigation();
  return (
    <Banner tone="critical">
      <BlockStack gap="200">
        <p>
          {t("checkoutDiscount.failed", { version: state.version })}{" "}
          {state.inForce === null ? t("checkoutDiscount.failed.noneInForce") : t("checkoutDiscount.failed.inForce", { version: state.inForce })}
        </p>
        <p data-testid="checkout-discount-todo">{t(`checkoutDiscount.todo.${state.failure}`)}</p>
        <p>
          <Text as="span" tone="subdued">
            {t("checkoutDiscount.failed.reason", { detail: state.detail })}
          </Text>
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value={RETRY_CHECKOUT_DISCOUNT_INTENT} />
          <Button submit loading={navigation.state === "submitting"}>
            {t("checkoutDiscount.retry")}
          </Button>
        </Form>
      </BlockStack>
    </Banner>
  );
}

export function CheckoutDiscountCard({ state, retried }: { state: CheckoutDiscountState; retried: boolean }) {
  const { t, dateTime } = useT();
  const badge = BADGES[state.kind];
  return (
    <Card>
      <div data-testid="checkout-discount" data-state={state.kind}>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("checkoutDiscount.title")}
            </Text>
            <Badge tone={badge.tone}>{t(badge.label)}</Badge>
          </InlineStack>
          <Text as="p" tone="subdued">
            {t("checkoutDiscount.help")}
          </Text>
          {retried ? (
            <Banner tone="info">
              <p>{t("checkoutDiscount.retried")}</p>
            </Banner>
          ) : null}
          {state.kind === "failed" ? (
            <Failure state={state} />
          ) : state.kind === "waiting" ? (
            <Text as="p">{t("checkoutDiscount.waiting", { version: state.version })}</Text>
          ) : (
            <Text as="p">{t(SYNCED_TEXT[state.kind], { version: state.version, time: dateTime(state.syncedAt) })}</Text>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
