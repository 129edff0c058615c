import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { resolveLocale } from "~/i18n/locale.server";
import { LocaleProvider, useT } from "~/i18n/use-t";

// Where Shopify's library sends a merchant who opens the app outside the admin without a session:
// the shop's domain, then Shopify's install or OAuth flow (`login` answers with that redirect).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginProblem = "missingShop" | "invalidShop" | null;

async function login({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  const errors = await context.runtime.shopify.login(request);
  const problem: LoginProblem =
    errors.shop === LoginErrorType.MissingShop ? "missingShop" : errors.shop === LoginErrorType.InvalidShop ? "invalidShop" : null;
  return { problem, locale: resolveLocale(request) };
}

export const loader = login;
export const action = login;

export default function LoginPage() {
  const loaded = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>();
  const { locale } = loaded;
  return (
    <AppProvider i18n={locale === "de" ? polarisDe : polarisEn}>
      <LocaleProvider locale={locale}>
        <LoginForm problem={submitted?.problem ?? loaded.problem} />
      </LocaleProvider>
    </AppProvider>
  );
}

function LoginForm({ problem }: { problem: LoginProblem }) {
  const { t } = useT();
  const [shop, setShop] = useState("");
  return (
    <Page narrowWidth>
      <Card>
        <Form method="post">
          <FormLayout>
            <Text variant="headingMd" as="h1">
              {t("login.title")}
            </Text>
            <TextField
              type="text"
              name="shop"
              label={t("login.shop")}
              helpText={t("login.shopHelp")}
              value={shop}
              onChange={setShop}
              autoComplete="on"
              error={problem ? t(`login.${problem}`) : undefined}
            />
            <Button submit variant="primary">
              {t("login.submit")}
            </Button>
          </FormLayout>
        </Form>
      </Card>
    </Page>
  );
}
