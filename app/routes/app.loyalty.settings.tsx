import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Divider, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { z } from "zod";
import { SectionCard as Section } from "~/admin/section-card";
import {
  SettingsChoice as Choice,
  SettingsField as Field,
  SettingsFlag as Flag,
  SettingsPage,
  useSettingsField,
  useSettingsForm,
} from "~/admin/settings-fields";
import {
  addCustomAction,
  addReward,
  CUSTOM_ACTIONS,
  type FieldErrorCode,
  addTier,
  fieldsToSettings,
  itemIndices,
  removeItem,
  REWARD_KINDS,
  REWARDS,
  settingsToFields,
  TIERS,
  type FieldError,
  type SettingsFields,
} from "~/admin/loyalty-settings-form";
import { requireAdminContext } from "~/auth/admin-context.server";
import { LIMIT_PERIODS } from "~/core/loyalty/custom-actions";
import { currentSettings, saveProgramSettings } from "~/core/loyalty/program-admin.server";
import { isMessageKey, type MessageKey, type Translate } from "~/i18n/translate";
import { useT } from "~/i18n/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  return {
    ...(await currentSettings(context.runtime.db, shop.id)),
    currency: shop.currency,
  };
}

const FieldsSchema = z.record(z.string().max(100), z.string().max(10_000));

export async function action({ request, context }: ActionFunctionArgs) {
  const { shop } = await requireAdminContext(request, context.runtime);
  const fields = FieldsSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!fields.success) throw new Response("Bad request", { status: 400 });
  const result = fieldsToSettings(fields.data, shop.currency);
  if (!result.ok) return data({ ok: false as const, errors: result.errors }, { status: 400 });
  const { version } = await saveProgramSettings(context.runtime.db, shop.id, result.settings);
  return { ok: true as const, version };
}

export default function LoyaltySettingsPage() {
  const { settings, version, currency } = useLoaderData<typeof loader>();
  const { locale } = useT();
  // A saved version reloads the form from what was stored (normalized: "treue" → "TREUE").
  return (
    <SettingsForm
      key={`${version ?? "new"}:${locale}`}
      initial={settingsToFields(settings, currency, locale)}
      version={version}
      currency={currency}
    />
  );
}

const ERROR_MESSAGES: Readonly<Record<FieldErrorCode, MessageKey>> = {
  required: "loyaltySettings.error.required",
  wholeNumber: "loyaltySettings.error.wholeNumber",
  number: "loyaltySettings.error.number",
  amount: "loyaltySettings.error.amount",
  positive: "loyaltySettings.error.positive",
  min: "loyaltySettings.error.min",
  max: "loyaltySettings.error.max",
  tooLong: "loyaltySettings.error.tooLong",
  tooMany: "loyaltySettings.error.tooMany",
  choice: "loyaltySettings.error.choice",
  codePrefix: "loyaltySettings.error.codePrefix",
  multipliers: "loyaltySettings.error.multipliers",
  firstTierZero: "loyaltySettings.error.firstTierZero",
  thresholdsRise: "loyaltySettings.error.thresholdsRise",
  duplicateId: "loyaltySettings.error.duplicateId",
  actionKey: "loyaltySettings.error.actionKey",
  duplicateKey: "loyaltySettings.error.duplicateKey",
  minAboveMax: "loyaltySettings.error.minAboveMax",
  twoDecimals: "loyaltySettings.error.twoDecimals",
  invalid: "loyaltySettings.error.invalid",
};

function errorText(t: Translate, error: FieldError | undefined): string | undefined {
  if (!error) return undefined;
  return t(ERROR_MESSAGES[error.code], error.limit === undefined ? undefined : { limit: error.limit });
}

function SettingsForm({ initial, version, currency }: { initial: SettingsFields; version: number | null; currency: string }) {
  const { t } = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<typeof action>();
  const { fields, setFields, state } = useSettingsForm(initial, result && !result.ok ? result.errors : undefined, (error) => errorText(t, error));
  const options = (prefix: string, values: readonly string[]) =>
    values.map((value) => {
      const key = `${prefix}.${value}`;
      return { value, label: isMessageKey(key) ? t(key) : value };
    });
  const saving = navigation.state === "submitting";
  const save = () => submit(fields, { method: "post" });
  return (
    <SettingsPage
      title={t("loyaltySettings.title")}
      back={{ content: t("loyalty.title"), url: "/app/loyalty" }}
      subtitle={version === null ? undefined : t("loyalty.status.version", { version })}
      saveLabel={t("loyaltySettings.save")}
      save={save}
      saving={saving}
      state={state}
      saved={result?.ok ? [t("loyaltySettings.saved", { version: result.version })] : undefined}
      invalid={result && !result.ok ? t("loyaltySettings.invalid") : undefined}
      notices={
        version === null ? (
          <Banner tone="info">
            <p>{t("loyaltySettings.newProgram")}</p>
          </Banner>
        ) : null
      }
    >
      <Section title={t("loyaltySettings.section.earning")} testId="section-earning">
        <FormLayout>
          <FormLayout.Group>
            <Field
              name="earning.pointsPerUnit"
              label={t("loyaltySettings.earning.pointsPerUnit", {
                currency,
              })}
              helpText={t("loyaltySettings.earning.pointsPerUnitHelp")}
            />
            <Choice
              name="earning.rounding"
              label={t("loyaltySettings.earning.rounding")}
              options={options("loyaltySettings.earning.rounding", ["down", "nearest", "up"])}
            />
          </FormLayout.Group>
          <Flag name="earning.includeShipping" label={t("loyaltySettings.earning.includeShipping")} />
          <FormLayout.Group>
            <Field
              name="earning.productMultipliers"
              label={t("loyaltySettings.earning.productMultipliers")}
              helpText={t("loyaltySettings.earning.productMultipliersHelp")}
              multiline={3}
            />
            <Field
              name="earning.collectionMultipliers"
              label={t("loyaltySettings.earning.collectionMultipliers")}
              helpText={t("loyaltySettings.earning.collectionMultipliersHelp")}
              multiline={3}
            />
          </FormLayout.Group>
          <Text as="h3" variant="headingSm">
            {t("loyaltySettings.actions.title")}
          </Text>
          <FormLayout.Group condensed>
            <Field name="actions.accountCreated" label={t("loyaltySettings.actions.accountCreated")} />
            <Field name="actions.firstOrder" label={t("loyaltySettings.actions.firstOrder")} />
            <Field name="actions.birthday" label={t("loyaltySettings.actions.birthday")} />
            <Field name="actions.newsletter" label={t("loyaltySettings.actions.newsletter")} />
          </FormLayout.Group>
        </FormLayout>
      </Section>
      <CustomActionsSection fields={fields} setFields={setFields} currency={currency} options={options} />
      <Section title={t("loyaltySettings.section.pendingExpiry")} testId="section-expiry">
        <FormLayout>
          <Field name="pendingDays" label={t("loyaltySettings.pendingDays")} helpText={t("loyaltySettings.pendingDaysHelp")} />
          <FormLayout.Group>
            <Choice
              name="expiry.kind"
              label={t("loyaltySettings.expiry.kind")}
              options={options("loyaltySettings.expiry.kind", ["never", "lot_age", "inactivity"])}
            />
            {fields["expiry.kind"] === "never" ? null : <Field name="expiry.days" label={t("loyaltySettings.expiry.days")} />}
          </FormLayout.Group>
          {/* The notices are part of every version, so they stay editable even while nothing expires. */}
          <FormLayout.Group>
            <Field name="expiryNotices.warningDays" label={t("loyaltySettings.expiryNotices.warningDays")} />
            <Field name="expiryNotices.lastChanceDays" label={t("loyaltySettings.expiryNotices.lastChanceDays")} />
          </FormLayout.Group>
        </FormLayout>
      </Section>
      <TiersSection fields={fields} setFields={setFields} currency={currency} options={options} />
      <RewardsSection fields={fields} setFields={setFields} currency={currency} options={options} />
      <Section title={t("loyaltySettings.section.spent")} testId="section-spent">
        <FormLayout>
          <Choice
            name="spentPoints.kind"
            label={t("loyaltySettings.spent.kind")}
            options={options("loyaltySettings.spent.kind", ["allow_negative", "cap_at_balance"])}
          />
          {fields["spentPoints.kind"] === "allow_negative" ? (
            <Field name="spentPoints.floor" label={t("loyaltySettings.spent.floor")} helpText={t("loyaltySettings.spent.floorHelp")} />
          ) : null}
          <Flag name="returnRewardPointsOnFullRefund" label={t("loyaltySettings.returnRewardPoints")} />
        </FormLayout>
      </Section>
      <Section title={t("loyaltySettings.section.codes")} testId="section-codes">
        <FormLayout>
          <Field
            name="codePrefix"
            label={t("loyaltySettings.codePrefix")}
            helpText={t("loyaltySettings.codePrefixHelp", {
              example: `${(fields.codePrefix ?? "").toUpperCase()}-7KQ2M-X9PRA`,
            })}
          />
        </FormLayout>
      </Section>
    </SettingsPage>
  );
}

type Options = (prefix: string, values: readonly string[]) => Array<{ value: string; label: string }>;
interface ListSectionProps {
  fields: SettingsFields;
  setFields: (update: (current: SettingsFields) => SettingsFields) => void;
  currency: string;
  options: Options;
}

function ItemError({ name }: { name: string }) {
  const { error } = useSettingsField(name);
  return error ? (
    <Text as="p" tone="critical">
      {error}
    </Text>
  ) : null;
}

function TiersSection({ fields, setFields, currency, options }: ListSectionProps) {
  const { t } = useT();
  const indices = itemIndices(fields, TIERS);
  const spend = fields["tiers.basis"] === "spend";
  return (
    <Section title={t("loyaltySettings.section.tiers")} testId="section-tiers">
      <FormLayout>
        <FormLayout.Group condensed>
          <Choice name="tiers.basis" label={t("loyaltySettings.tiers.basis")} options={options("loyaltySettings.tiers.basis", ["points", "spend"])} />
          <Choice
            name="tiers.window"
            label={t("loyaltySettings.tiers.window")}
            options={options("loyaltySettings.tiers.window", ["lifetime", "calendar_year", "rolling_12_months"])}
          />
          <Choice
            name="tiers.demotion"
            label={t("loyaltySettings.tiers.demotion")}
            options={options("loyaltySettings.tiers.demotion", ["keep", "recalculate"])}
          />
        </FormLayout.Group>
      </FormLayout>
      <ItemError name={TIERS} />
      {indices.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("loyaltySettings.tiers.empty")}
        </Text>
      ) : null}
      {indices.map((index, position) => {
        const name = (field: string) => `${TIERS}.${index}.${field}`;
        return (
          <div key={fields[name("id")] ?? index} data-testid="tier-level">
            <BlockStack gap="300">
              <Divider />
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {t("loyaltySettings.tier.heading", { number: position + 1 })}
                </Text>
                <Button variant="plain" tone="critical" onClick={() => setFields((current) => removeItem(current, TIERS, position))}>
                  {t("loyaltySettings.tier.remove", { number: position + 1 })}
                </Button>
              </InlineStack>
              <ItemError name={name("id")} />
              <FormLayout>
                <FormLayout.Group condensed>
                  <Field name={name("name.de")} label={t("loyaltySettings.tier.nameDe")} />
                  <Field name={name("name.en")} label={t("loyaltySettings.tier.nameEn")} />
                </FormLayout.Group>
                <FormLayout.Group condensed>
                  <Field
                    name={name("threshold")}
                    label={spend ? t("loyaltySettings.tier.thresholdSpend", { currency }) : t("loyaltySettings.tier.thresholdPoints")}
                  />
                  <Field name={name("multiplier")} label={t("loyaltySettings.tier.multiplier")} />
                  <Field name={name("entryRewardPoints")} label={t("loyaltySettings.tier.entryRewardPoints")} />
                </FormLayout.Group>
                <FormLayout.Group condensed>
                  <Field
                    name={name("checkoutPerk.percent")}
                    label={t("loyaltySettings.tier.perkPercent")}
                    helpText={t("loyaltySettings.tier.perkPercentHelp")}
                  />
                  <Field
                    name={name("checkoutPerk.maxDiscountMinor")}
                    label={t("loyaltySettings.tier.perkCap", { currency })}
                    helpText={t("loyaltySettings.tier.perkCapHelp")}
                  />
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </div>
        );
      })}
      <InlineStack>
        <Button onClick={() => setFields(addTier)}>{t("loyaltySettings.tier.add")}</Button>
      </InlineStack>
    </Section>
  );
}

function RewardKindFields({ prefix, kind, currency }: { prefix: string; kind: string; currency: string }) {
  const { t } = useT();
  const name = (field: string) => `${prefix}.${field}`;
  const pointsCost = <Field name={name("pointsCost")} label={t("loyaltySettings.reward.pointsCost")} />;
  switch (kind) {
    case "amount_off":
      return (
        <FormLayout.Group condensed>
          {pointsCost}
          <Field name={name("amountMinor")} label={t("loyaltySettings.reward.amount", { currency })} />
        </FormLayout.Group>
      );
    case "percent_off":
      return (
        <FormLayout.Group condensed>
          {pointsCost}
          <Field name={name("percent")} label={t("loyaltySettings.reward.percent")} />
        </FormLayout.Group>
      );
    case "free_product":
      return (
        <FormLayout.Group condensed>
          {pointsCost}
          <Field name={name("variantId")} label={t("loyaltySettings.reward.variantId")} />
        </FormLayout.Group>
      );
    case "variable_amount":
      return (
        <FormLayout.Group condensed>
          <Field name={name("pointsPerUnit")} label={t("loyaltySettings.reward.pointsPerUnit", { currency })} />
          <Field name={name("minPoints")} label={t("loyaltySettings.reward.minPoints")} />
          <Field name={name("maxPoints")} label={t("loyaltySettings.reward.maxPoints")} />
        </FormLayout.Group>
      );
    default:
      return pointsCost;
  }
}

function RewardsSection({ fields, setFields, currency, options }: ListSectionProps) {
  const { t } = useT();
  const indices = itemIndices(fields, REWARDS);
  return (
    <Section title={t("loyaltySettings.section.rewards")} testId="section-rewards">
      <ItemError name={REWARDS} />
      {indices.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("loyaltySettings.rewards.empty")}
        </Text>
      ) : null}
      {indices.map((index, position) => {
        const name = (field: string) => `${REWARDS}.${index}.${field}`;
        return (
          <div key={fields[name("id")] ?? index} data-testid="reward">
            <BlockStack gap="300">
              <Divider />
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {t("loyaltySettings.reward.heading", {
                    number: position + 1,
                  })}
                </Text>
                <Button variant="plain" tone="critical" onClick={() => setFields((current) => removeItem(current, REWARDS, position))}>
                  {t("loyaltySettings.reward.remove", { number: position + 1 })}
                </Button>
              </InlineStack>
              <ItemError name={name("id")} />
              <FormLayout>
                <FormLayout.Group condensed>
                  <Choice
                    name={name("kind")}
                    label={t("loyaltySettings.reward.kind")}
                    options={options("loyaltySettings.reward.kind", REWARD_KINDS)}
                  />
                  <Field name={name("title.de")} label={t("loyaltySettings.reward.titleDe")} />
                  <Field name={name("title.en")} label={t("loyaltySettings.reward.titleEn")} />
                </FormLayout.Group>
                <RewardKindFields prefix={`${REWARDS}.${index}`} kind={fields[name("kind")] ?? ""} currency={currency} />
                <FormLayout.Group condensed>
                  <Field
                    name={name("minimumSubtotalMinor")}
                    label={t("loyaltySettings.reward.minimumSubtotal", {
                      currency,
                    })}
                    helpText={t("loyaltySettings.reward.minimumSubtotalHelp")}
                  />
                  <Field
                    name={name("codeValidDays")}
                    label={t("loyaltySettings.reward.codeValidDays")}
                    helpText={t("loyaltySettings.reward.codeValidDaysHelp")}
                  />
                </FormLayout.Group>
                <Flag name={name("active")} label={t("loyaltySettings.reward.active")} />
              </FormLayout>
            </BlockStack>
          </div>
        );
      })}
      <Box>
        <Button onClick={() => setFields(addReward)}>{t("loyaltySettings.reward.add")}</Button>
      </Box>
    </Section>
  );
}

function CustomActionsSection({ fields, setFields, options }: ListSectionProps) {
  const { t } = useT();
  const indices = itemIndices(fields, CUSTOM_ACTIONS);
  return (
    <Section title={t("loyaltySettings.section.customActions")} testId="section-custom-actions">
      <Text as="p" tone="subdued">
        {t("loyaltySettings.customActions.help")}
      </Text>
      <ItemError name={CUSTOM_ACTIONS} />
      {indices.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("loyaltySettings.customActions.empty")}
        </Text>
      ) : null}
      {indices.map((index, position) => {
        const name = (field: string) => `${CUSTOM_ACTIONS}.${index}.${field}`;
        return (
          // Keys can be edited (and be blank while new): the position keeps the item's identity.
          <div key={index} data-testid="custom-action">
            <BlockStack gap="300">
              <Divider />
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {t("loyaltySettings.customAction.heading", { number: position + 1 })}
                </Text>
                <Button variant="plain" tone="critical" onClick={() => setFields((current) => removeItem(current, CUSTOM_ACTIONS, position))}>
                  {t("loyaltySettings.customAction.remove", { number: position + 1 })}
                </Button>
              </InlineStack>
              <FormLayout>
                <FormLayout.Group condensed>
                  <Field name={name("label")} label={t("loyaltySettings.customAction.label")} />
                  <Field name={name("key")} label={t("loyaltySettings.customAction.key")} helpText={t("loyaltySettings.customAction.keyHelp")} />
                </FormLayout.Group>
                <FormLayout.Group condensed>
                  <Field name={name("points")} label={t("loyaltySettings.customAction.points")} />
                  <Field name={name("limit.count")} label={t("loyaltySettings.customAction.limitCount")} />
                  <Choice
                    name={name("limit.period")}
                    label={t("loyaltySettings.customAction.limitPeriod")}
                    options={options("loyaltySettings.customAction.limitPeriod", LIMIT_PERIODS)}
                  />
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </div>
        );
      })}
      <Box>
        <Button onClick={() => setFields(addCustomAction)}>{t("loyaltySettings.customAction.add")}</Button>
      </Box>
    </Section>
  );
}
