import { BlockStack, Button, Checkbox, Form, InlineStack, Layout, Page, Select, TextField } from "@shopify/polaris";
import { createContext, useContext, useState, type ReactNode } from "react";
import type { SettingsFields } from "~/admin/loyalty-settings-form";
import { OutcomeBanner } from "~/admin/outcome-banner";

// A program's settings page (loyalty, referrals, cross-selling) and its fields: each field reads its
// text and its error from the page's form state by name, so a page lays out its fields and nothing else.

export interface SettingsFormState {
  fields: SettingsFields;
  /** The field's error in the merchant's language; undefined when it has none. */
  errorText(name: string): string | undefined;
  set(name: string, value: string): void;
}

export const SettingsFormContext = createContext<SettingsFormState>({ fields: {}, errorText: () => undefined, set: () => undefined });

/**
 * A settings page's form: the fields as the merchant types them, from the stored settings on, and
 * each field's error from the last save (`errors` is undefined when that save went through).
 */
export function useSettingsForm<E>(initial: SettingsFields, errors: Readonly<Record<string, E>> | undefined, describe: (error: E) => string | undefined) {
  const [fields, setFields] = useState(initial);
  const state: SettingsFormState = {
    fields,
    errorText: (name) => {
      const error = errors?.[name];
      return error === undefined ? undefined : describe(error);
    },
    set: (name, value) => setFields((current) => ({ ...current, [name]: value })),
  };
  return { fields, setFields, state };
}

export function useSettingsField(name: string) {
  const { fields, errorText, set } = useContext(SettingsFormContext);
  return { value: fields[name] ?? "", error: errorText(name), onChange: (value: string) => set(name, value) };
}

export function SettingsField({ name, label, helpText, multiline }: { name: string; label: string; helpText?: string; multiline?: number }) {
  return <TextField label={label} helpText={helpText} autoComplete="off" name={name} id={`field-${name}`} multiline={multiline} {...useSettingsField(name)} />;
}

export function SettingsChoice({ name, label, options }: { name: string; label: string; options: Array<{ value: string; label: string }> }) {
  return <Select label={label} name={name} id={`field-${name}`} options={options} {...useSettingsField(name)} />;
}

export function SettingsFlag({ name, label }: { name: string; label: string }) {
  const field = useSettingsField(name);
  return <Checkbox label={label} id={`field-${name}`} checked={field.value === "true"} onChange={(checked) => field.onChange(String(checked))} error={field.error} />;
}

/**
 * A program's settings page: the form's sections under what the last save did (the lines saying it
 * saved, or that it was refused for invalid fields) and the page's other notices, with a save button
 * at the top of the page and one under the form.
 */
export function SettingsPage({
  title,
  back,
  subtitle,
  saveLabel,
  save,
  saving,
  state,
  saved,
  invalid,
  notices,
  children,
}: {
  title: string;
  back: { content: string; url: string };
  subtitle?: string;
  saveLabel: string;
  save: () => void;
  saving: boolean;
  state: SettingsFormState;
  saved?: readonly string[];
  invalid?: string;
  notices?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Page title={title} backAction={back} subtitle={subtitle} primaryAction={{ content: saveLabel, onAction: save, loading: saving }}>
      <SettingsFormContext.Provider value={state}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {saved ? <OutcomeBanner testId="settings-saved" tone="success" lines={saved} /> : null}
              {invalid ? <OutcomeBanner testId="settings-invalid" tone="critical" lines={[invalid]} /> : null}
              {notices}
              <Form onSubmit={save}>
                <BlockStack gap="400">
                  {children}
                  <InlineStack align="end">
                    <Button variant="primary" submit loading={saving}>
                      {saveLabel}
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
