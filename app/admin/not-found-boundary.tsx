import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Card, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { MessageKey } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

/**
 * The error boundary of a record's page: a 404 is the record's own "not found" page in the admin's
 * language with the way back to its list; everything else (Shopify's re-authentication responses
 * included) is the library's business.
 */
export function notFoundBoundary(page: { title: MessageKey; body: MessageKey; back: MessageKey; backUrl: string; testId: string }) {
  return function NotFoundBoundary() {
    const error = useRouteError();
    const { t } = useT();
    if (!isRouteErrorResponse(error) || error.status !== 404) return boundary.error(error);
    return (
      <Page title={t(page.title)} backAction={{ content: t(page.back), url: page.backUrl }}>
        <Card>
          <Text as="p">
            <span data-testid={page.testId}>{t(page.body)}</span>
          </Text>
        </Card>
      </Page>
    );
  };
}
