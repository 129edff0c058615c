import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form as RemixForm, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { useContext } from "react";
import { z } from "zod";
import { SectionCard as Section } from "~/admin/section-card";
import {
  SettingsChoice,
  SettingsField as Field,
  SettingsFormContext,
  SettingsPage,
  useSettingsForm,
} from "~/admin/settings-fields";
import type { SettingsFields } from "~/admin/loyalty-settings-form";
import {
  ADVOCATE_REWARD_KINDS,
  DISCOUNT_KINDS,
  fieldsToReferralSettings,
  referralSettingsToFields,
  type ReferralFieldError,
} from "~/admin/referrals/settings-form";
import { requireAdminContext } from "~/auth/admin-context.server";
import { DEFAULT_REFERRAL_SETTINGS } from "~/core/referrals/program-settings";
import { referralProgram, saveReferralSettings, setReferralProgramEnabled } from "~/core/referrals/program.server";
import { isMessageKey, type Translate } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const program = await referralProgram(context.runtime.db, shop.id);
  return {
    enabled: program?.enabled ?? false,
    saved: program !== null,
    settings: program?.settings ?? DEFAULT_REFERRAL_SETTINGS,
    currency: shop.currency,
  };
}

const FieldsSchema = z.record(z.string().max(100), z.string().max(1_000));
const SwitchSchema = z.object({ intent: z.literal("switch"), enabled: z.enum(["true", "false"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const fields = FieldsSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!fields.success) throw new Response("Bad request", { status: 400 });
  const switching = SwitchSchema.safeParse(fields.data);
  if (switching.success) {
    const enabled = switching.data.enabled === "true";
    await setReferralProgramEnabled(context.runtime.db, shop.id, enabled);
    return { ok: true as const, switched: enabled };
  }
  if (fields.data.intent !== "save") throw new Response("Bad request", { status: 400 });
  const result = fieldsToReferralSettings(fields.data, shop.currency);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 400 });
  await saveReferralSettings(context.runtime.db, shop.id, result.settings);
  return { ok: true as const, switched: null };
}

export default function ReferralSettingsPage() {
  const { settings, currency, enabled, saved } = useLoaderData<typeof loader>();
  const { locale } = useT();
  const result = useActionData<typeof action>();
  // A save reloads the form from what was stored (normalized: "freund" → "FREUND").
  const savedKey = result?.ok && result.switched === null ? JSON.stringify(settings) : "initial";
  return (
    <SettingsForm
      key={`${savedKey}:${locale}`}
      initial={referralSettingsToFields(settings, currency, locale)}
      currency={currency}
      enabled={enabled}
      saved={saved}
    />
  );
}

function errorText(t: Translate, error: ReferralFieldError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.code === "rejectBelowReview") return t("referralSettings.error.rejectBelowReview");
  return t(`loyaltySettings.error.${error.code}`, error.limit === undefined ? undefined : { limit: error.limit });
}

function Choice({ name, label, prefix, values }: { name: string; label: string; prefix: string; values: readonly string[] }) {
  const { t } = useT();
  const options = values.map((value) => {
    const key = `${prefix}.${value}`;
    return { value, label: isMessageKey(key) ? t(key) : value };
  });
  return <SettingsChoice name={name} label={label} options={options} />;
}

/** A discount code's fields: what it takes off, from which order value, for how long. */
function DiscountFields({ prefix, currency }: { prefix: "friendReward" | "advocateReward"; currency: string }) {
  const { t } = useT();
  const { fields } = useContext(SettingsFormContext);
  const kind = fields[`${prefix}.value.kind`];
  return (
    <FormLayout>
      <FormLayout.Group>
        <Choice name={`${prefix}.value.kind`} label={t("referralSettings.discount.kind")} prefix="referralSettings.discount.kind" values={DISCOUNT_KINDS} />
        {kind === "amount" ? <Field name={`${prefix}.value.amountMinor`} label={t("referralSettings.discount.amount", { currency })} /> : null}
        {kind === "percent" ? <Field name={`${prefix}.value.percent`} label={t("referralSettings.discount.percent")} /> : null}
      </FormLayout.Group>
      <FormLayout.Group>
        <Field
          name={`${prefix}.minimumSubtotalMinor`}
          label={t("referralSettings.discount.minimum", { currency })}
          helpText={t("referralSettings.discount.minimumHelp")}
        />
        <Field name={`${prefix}.codeValidDays`} label={t("referralSettings.discount.validDays")} helpText={t("referralSettings.discount.validDaysHelp")} />
      </FormLayout.Group>
    </FormLayout>
  );
}

function VelocityFields({ name, label, window }: { name: string; label: string; window: "windowHours" | "windowDays" }) {
  const { t } = useT();
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <FormLayout.Group condensed>
        <Field name={`${name}.${window}`} label={t(`referralSettings.fraud.${window}`)} />
        <Field name={`${name}.limit`} label={t("referralSettings.fraud.limit")} />
      </FormLayout.Group>
    </BlockStack>
  );
}

function SwitchCard({ enabled }: { enabled: boolean }) {
  const { t } = useT();
  const navigation = useNavigation();
  const switching = navigation.state !== "idle" && navigation.formData?.get("intent") === "switch";
  return (
    <Card>
      <div data-testid="referral-switch">
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("referralSettings.switch.title")}
            </Text>
            <Badge tone={enabled ? "success" : undefined}>{enabled ? t("referrals.state.on") : t("referrals.state.off")}</Badge>
          </InlineStack>
          <Text as="p" tone="subdued">
            {enabled ? t("referralSettings.switch.onHelp") : t("referralSettings.switch.offHelp")}
          </Text>
          <RemixForm method="post">
            <input type="hidden" name="intent" value="switch" />
            <input type="hidden" name="enabled" value={String(!enabled)} />
            <Button submit variant={enabled ? undefined : "primary"} tone={enabled ? "critical" : undefined} loading={switching}>
              {enabled ? t("referralSettings.switch.off") : t("referralSettings.switch.on")}
            </Button>
          </RemixForm>
        </BlockStack>
      </div>
    </Card>
  );
}

function SettingsForm({ initial, currency, enabled, saved }: { initial: SettingsFields; currency: string; enabled: boolean; saved: boolean }) {
  const { t } = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const { fields, state } = useSettingsForm(initial, result && !result.ok ? result.errors : undefined, (error) => errorText(t, error));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const save = () => submit({ ...fields, intent: "save" }, { method: "post" });
  return (
    <SettingsPage
      title={t("referralSettings.title")}
      back={{ content: t("referrals.title"), url: "/app/referrals" }}
      saveLabel={t("referralSettings.save")}
      save={save}
      saving={saving}
      state={state}
      saved={result?.ok && result.switched === null ? [t("referralSettings.saved")] : undefined}
      invalid={result && !result.ok ? t("referralSettings.invalid") : undefined}
      notices={
        <>
          {result?.ok && result.switched !== null ? (
            <Banner tone="success">
              <p>{result.switched ? t("referralSettings.switched.on") : t("referralSettings.switched.off")}</p>
            </Banner>
          ) : null}
          {saved ? null : (
            <Banner tone="info">
              <p>{t("referralSettings.newProgram")}</p>
            </Banner>
          )}
          <SwitchCard enabled={enabled} />
        </>
      }
    >
      <Section title={t("referralSettings.section.friend")} help={t("referralSettings.section.friendHelp")} testId="section-friend">
        <DiscountFields prefix="friendReward" currency={currency} />
      </Section>
      <Section title={t("referralSettings.section.advocate")} help={t("referralSettings.section.advocateHelp")} testId="section-advocate">
        <FormLayout>
          <Choice
            name="advocateReward.kind"
            label={t("referralSettings.advocate.kind")}
            prefix="referralSettings.advocate.kind"
            values={ADVOCATE_REWARD_KINDS}
          />
        </FormLayout>
        {fields["advocateReward.kind"] === "points" ? (
          <FormLayout>
            <Field name="advocateReward.points" label={t("referralSettings.advocate.points")} helpText={t("referralSettings.advocate.pointsHelp")} />
          </FormLayout>
        ) : (
          <DiscountFields prefix="advocateReward" currency={currency} />
        )}
      </Section>
      <Section title={t("referralSettings.section.rules")} testId="section-rules">
        <FormLayout>
          <FormLayout.Group>
            <Field name="returnWindowDays" label={t("referralSettings.returnWindowDays")} helpText={t("referralSettings.returnWindowDaysHelp")} />
            <Field
              name="minimumOrderMinor"
              label={t("referralSettings.minimumOrder", { currency })}
              helpText={t("referralSettings.minimumOrderHelp")}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Field name="advocateMonthlyLimit" label={t("referralSettings.monthlyLimit")} helpText={t("referralSettings.monthlyLimitHelp")} />
            <Field name="claimsPerHourPerIp" label={t("referralSettings.claimsPerHour")} helpText={t("referralSettings.claimsPerHourHelp")} />
          </FormLayout.Group>
          <Field
            name="codePrefix"
            label={t("referralSettings.codePrefix")}
            helpText={t("referralSettings.codePrefixHelp", { example: `${(fields.codePrefix ?? "").toUpperCase()}-7KQ2MX9PRA` })}
          />
        </FormLayout>
      </Section>
      <Section title={t("referralSettings.section.fraud")} help={t("referralSettings.section.fraudHelp")} testId="section-fraud">
        <FormLayout>
          <FormLayout.Group>
            <Field name="fraud.reviewAt" label={t("referralSettings.fraud.reviewAt")} />
            <Field name="fraud.rejectAt" label={t("referralSettings.fraud.rejectAt")} helpText={t("referralSettings.fraud.rejectAtHelp")} />
          </FormLayout.Group>
          <VelocityFields name="fraud.ipVelocity" label={t("referralSettings.fraud.ipVelocity")} window="windowHours" />
          <VelocityFields name="fraud.deviceVelocity" label={t("referralSettings.fraud.deviceVelocity")} window="windowHours" />
          <VelocityFields name="fraud.codeSpread" label={t("referralSettings.fraud.codeSpread")} window="windowDays" />
        </FormLayout>
      </Section>
    </SettingsPage>
  );
}
