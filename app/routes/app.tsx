import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, BlockStack, InlineStack, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { requireAdminContext } from "~/auth/admin-context.server";
import { resolveLocale } from "~/i18n/locale.server";
import { LocaleProvider, useT } from "~/i18n/use-t";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdminContext(request, context.runtime);
  const { config } = context.runtime;
  return { apiKey: config.shopify.apiKey, demo: config.demo, locale: resolveLocale(request) };
}

// Shopify sends ?locale= only on the document request; client navigations lack it and would fall
// back to the browser's language. Nothing here changes within a session, so it is loaded once.
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

const NAV_ITEMS = [
  { to: "/app", key: "nav.home", end: true },
  { to: "/app/customers", key: "nav.customers", end: false },
  { to: "/app/orders", key: "nav.orders", end: false },
] as const;

export default function AppLayout() {
  const { apiKey, demo, locale } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={locale === "de" ? polarisDe : polarisEn}>
      <LocaleProvider locale={locale}>
        {demo ? <DemoHeader /> : <EmbeddedNav />}
        <Outlet />
      </LocaleProvider>
    </AppProvider>
  );
}

/** The Shopify admin's own sidebar shows these; App Bridge reads the links, it renders nothing. */
function EmbeddedNav() {
  const { t } = useT();
  return (
    <NavMenu>
      {NAV_ITEMS.map((item, index) => (
        <Link key={item.to} to={item.to} rel={index === 0 ? "home" : undefined}>
          {t(item.key)}
        </Link>
      ))}
    </NavMenu>
  );
}

/** Without a Shopify admin around the app, the demo needs its own warning and navigation. */
function DemoHeader() {
  const { t } = useT();
  return (
    <div style={{ maxWidth: "62.375rem", margin: "0 auto", padding: "1rem 1rem 0" }}>
      <BlockStack gap="300">
        <div data-testid="demo-banner">
          <Banner tone="warning" title={t("demo.title")}>
            <p>{t("demo.body")}</p>
          </Banner>
        </div>
        <nav aria-label={t("nav.label")} data-testid="demo-nav">
          <InlineStack gap="400">
            {NAV_ITEMS.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} prefetch="intent">
                {({ isActive }) => (
                  <Text as="span" variant="bodyLg" fontWeight={isActive ? "bold" : "regular"}>
                    {t(item.key)}
                  </Text>
                )}
              </NavLink>
            ))}
          </InlineStack>
        </nav>
      </BlockStack>
    </div>
  );
}

// The Shopify library throws responses (re-authentication, bounce pages) that must reach the
// browser as they are: its boundary renders them and sets Shopify's headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
