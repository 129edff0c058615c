import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useRouteError } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { requireAdminContext } from "~/auth/admin-context.server";
import { useT } from "~/i18n/use-t";

// Any URL under /app that no page answers: a Polaris page in the admin's language, inside the
// app's frame (so the navigation is there), with status 404. It is answered, not thrown: an
// unknown address is the visitor's mistake, not a server error, and leaves no trace in the log.

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdminContext(request, context.runtime);
  return data({ notFound: true }, { status: 404 });
}

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export default function NotFoundPage() {
  const { t } = useT();
  return (
    <Page title={t("notFound.title")}>
      <Card>
        <div data-testid="not-found">
          <BlockStack gap="400" inlineAlign="start">
            <Text as="p">{t("notFound.body")}</Text>
            <Button url="/app" variant="primary">
              {t("notFound.home")}
            </Button>
          </BlockStack>
        </div>
      </Card>
    </Page>
  );
}

// Shopify re-authentication responses thrown by the admin check are the library's business.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}
