import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppProvider, Banner, Page, Spinner, InlineStack, Text, BlockStack } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import { resolveLocale } from "~/i18n/locale.server";
import { createTranslator } from "~/i18n/translate";

// The demo's first start, in the moments before its shop exists: the admin's pages send the
// browser here (see requireAdminContext). It reloads itself and goes back once the shop is there.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  { httpEquiv: "refresh", content: "2" },
];

/** Only the app's own admin pages are places to go back to. */
function safeNext(value: string | null): string {
  return value && /^\/app(\/[\w\-/.]*)?$/.test(value) ? value : "/app";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { config, db } = context.runtime;
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"));
  const back = new URLSearchParams(url.searchParams);
  back.delete("next");
  const target = back.size > 0 ? `${next}?${back.toString()}` : next;
  if (!config.demo || (await db.shop.findFirst({ where: { isDemo: true }, select: { id: true } }))) throw redirect(target);
  const locale = resolveLocale(request);
  return { locale, title: createTranslator(locale)("demo.starting.title") };
}

export default function DemoStarting() {
  const { locale } = useLoaderData<typeof loader>();
  const t = createTranslator(locale);
  return (
    <AppProvider i18n={locale === "de" ? polarisDe : polarisEn}>
      <Page title={t("demo.starting.title")}>
        <div data-testid="demo-starting">
          <Banner tone="info">
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Spinner size="small" accessibilityLabel={t("demo.starting.title")} />
                <Text as="p">{t("demo.starting.body")}</Text>
              </InlineStack>
            </BlockStack>
          </Banner>
        </div>
      </Page>
    </AppProvider>
  );
}
