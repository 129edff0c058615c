import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, Frame, Navigation, TopBar } from "@shopify/polaris";
import { useCallback, useState, type ReactNode } from "react";
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
  { to: "/app/loyalty", key: "nav.loyalty", end: false },
  { to: "/app/referrals", key: "nav.referrals", end: false },
  { to: "/app/recommendations", key: "nav.recommendations", end: false },
  { to: "/app/privacy", key: "nav.privacy", end: false },
  { to: "/app/integrations", key: "nav.integrations", end: false },
  { to: "/app/notifications", key: "nav.notifications", end: false },
  { to: "/app/deliveries", key: "nav.deliveries", end: false },
] as const;

/** Whether a navigation entry is the current page's section (exact for the home page). */
export function isNavItemSelected(item: { to: string; end: boolean }, pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  return item.end ? path === item.to : path === item.to || path.startsWith(`${item.to}/`);
}

export default function AppLayout() {
  const { apiKey, demo, locale } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={locale === "de" ? polarisDe : polarisEn}>
      <LocaleProvider locale={locale}>
        {demo ? (
          <DemoFrame>
            <Outlet />
          </DemoFrame>
        ) : (
          <>
            <EmbeddedNav />
            <Outlet />
          </>
        )}
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

/**
 * Without a Shopify admin around the app, the demo draws the admin's frame itself: Polaris'
 * navigation with the same entries as the NavMenu, and the demo warning above every page.
 */
function DemoFrame({ children }: { children: ReactNode }) {
  const { t } = useT();
  const { pathname } = useLocation();
  const [mobileNavigationActive, setMobileNavigationActive] = useState(false);
  const toggleMobileNavigation = useCallback(() => setMobileNavigationActive((active) => !active), []);
  const navigation = (
    <div data-testid="demo-nav">
      <Navigation location={pathname} ariaLabelledBy="demo-nav-label">
        <span id="demo-nav-label" hidden>
          {t("nav.label")}
        </span>
        <Navigation.Section
          items={NAV_ITEMS.map((item) => ({
            url: item.to,
            label: t(item.key),
            exactMatch: item.end,
            selected: isNavItemSelected(item, pathname),
            onClick: () => setMobileNavigationActive(false),
          }))}
        />
      </Navigation>
    </div>
  );
  return (
    <Frame
      topBar={<TopBar showNavigationToggle onNavigationToggle={toggleMobileNavigation} />}
      navigation={navigation}
      showMobileNavigation={mobileNavigationActive}
      onNavigationDismiss={toggleMobileNavigation}
    >
      <Box paddingInline="400" paddingBlockStart="400">
        <div data-testid="demo-banner" style={{ maxWidth: "62.375rem", margin: "0 auto" }}>
          <Banner tone="warning" title={t("demo.title")}>
            <p>{t("demo.body")}</p>
          </Banner>
        </div>
      </Box>
      {children}
    </Frame>
  );
}

// The Shopify library throws responses (re-authentication, bounce pages) that must reach the
// browser as they are: its boundary renders them and sets Shopify's headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
