import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Form, FormLayout, InlineStack, Layout, Page } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import type { FieldError, SettingsFields } from "~/admin/loyalty-settings-form";
import { fieldsToRecommendationSettings, recommendationSettingsToFields } from "~/admin/recommendations/settings-form";
import { SettingsField as Field, SettingsFlag as Flag, SettingsFormContext, SettingsSection as Section } from "~/admin/settings-fields";
import { requireAdminContext } from "~/auth/admin-context.server";
import { recommendationSettings, saveRecommendationSettings } from "~/core/recommendations/program.server";
import type { Translate } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  return { settings: await recommendationSettings(context.runtime.db, shop.id) };
}

const FieldsSchema = z.record(z.string().max(100), z.string().max(1_000));

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const fields = FieldsSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!fields.success) throw new Response("Bad request", { status: 400 });
  const result = fieldsToRecommendationSettings(fields.data);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 400 });
  const { db } = context.runtime;
  const saved = await db.$transaction((tx) => saveRecommendationSettings(tx, shop.id, result.settings, new Date()));
  return { ok: true as const, rebuilding: saved.recomputing };
}

function errorText(t: Translate, error: FieldError | undefined): string | undefined {
  if (!error) return undefined;
  return t(`loyaltySettings.error.${error.code}`, error.limit === undefined ? undefined : { limit: error.limit });
}

export default function RecommendationSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const { locale } = useT();
  const result = useActionData<typeof action>();
  // A save reloads the form from what was stored ("2,50" → "2,5").
  const savedKey = result?.ok ? JSON.stringify(settings) : "initial";
  return <SettingsForm key={`${savedKey}:${locale}`} initial={recommendationSettingsToFields(settings, locale)} />;
}

function SettingsForm({ initial }: { initial: SettingsFields }) {
  const { t } = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const [fields, setFields] = useState(initial);
  const errors = result && !result.ok ? result.errors : {};
  const set = (name: string, value: string) => setFields((current) => ({ ...current, [name]: value }));
  const saving = navigation.state === "submitting";
  const save = () => submit(fields, { method: "post" });
  return (
    <Page
      title={t("recommendationSettings.title")}
      backAction={{ content: t("recommendations.title"), url: "/app/recommendations" }}
      primaryAction={{ content: t("recommendationSettings.save"), onAction: save, loading: saving }}
    >
      <SettingsFormContext.Provider value={{ fields, errorText: (name) => errorText(t, errors[name]), set }}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {result?.ok ? (
                <div data-testid="settings-saved">
                  <Banner tone="success">
                    <p>{t("recommendationSettings.saved")}</p>
                    {result.rebuilding ? <p>{t("recommendationSettings.rebuilding")}</p> : null}
                  </Banner>
                </div>
              ) : null}
              {result && !result.ok ? (
                <div data-testid="settings-invalid">
                  <Banner tone="critical">
                    <p>{t("recommendationSettings.invalid")}</p>
                  </Banner>
                </div>
              ) : null}
              <Form onSubmit={save}>
                <BlockStack gap="400">
                  <Section title={t("recommendationSettings.section.learning")} help={t("recommendationSettings.section.learningHelp")} testId="section-learning">
                    <FormLayout>
                      <FormLayout.Group>
                        <Field name="halfLifeDays" label={t("recommendationSettings.halfLifeDays")} helpText={t("recommendationSettings.halfLifeDaysHelp")} />
                        <Field
                          name="minSupportWeight"
                          label={t("recommendationSettings.minSupportWeight")}
                          helpText={t("recommendationSettings.minSupportWeightHelp")}
                        />
                      </FormLayout.Group>
                    </FormLayout>
                  </Section>
                  <Section title={t("recommendationSettings.section.block")} testId="section-block">
                    <FormLayout>
                      <Field name="k" label={t("recommendationSettings.k")} />
                      <Flag name="fallbacks.collection" label={t("recommendationSettings.fallbacks.collection")} />
                      <Flag name="fallbacks.shop" label={t("recommendationSettings.fallbacks.shop")} />
                      <Flag name="excludeAlreadyBought" label={t("recommendationSettings.excludeAlreadyBought")} />
                    </FormLayout>
                  </Section>
                  <InlineStack align="end">
                    <Button variant="primary" submit loading={saving}>
                      {t("recommendationSettings.save")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </SettingsFormContext.Provider>
    </Page>
  );
}
