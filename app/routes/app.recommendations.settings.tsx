import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { FormLayout } from "@shopify/polaris";
import { z } from "zod";
import type { FieldError, SettingsFields } from "~/admin/loyalty-settings-form";
import { fieldsToRecommendationSettings, recommendationSettingsToFields } from "~/admin/recommendations/settings-form";
import { SectionCard as Section } from "~/admin/section-card";
import {
  SettingsField as Field,
  SettingsFlag as Flag,
  SettingsPage,
  useSettingsForm,
} from "~/admin/settings-fields";
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
  const { fields, state } = useSettingsForm(initial, result && !result.ok ? result.errors : undefined, (error) => errorText(t, error));
  const saving = navigation.state === "submitting";
  const save = () => submit(fields, { method: "post" });
  return (
    <SettingsPage
      title={t("recommendationSettings.title")}
      back={{ content: t("recommendations.title"), url: "/app/recommendations" }}
      saveLabel={t("recommendationSettings.save")}
      save={save}
      saving={saving}
      state={state}
      saved={result?.ok ? [t("recommendationSettings.saved"), ...(result.rebuilding ? [t("recommendationSettings.rebuilding")] : [])] : undefined}
      invalid={result && !result.ok ? t("recommendationSettings.invalid") : undefined}
    >
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
    </SettingsPage>
  );
}
