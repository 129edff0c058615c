import { BlockStack, Card, Checkbox, Select, Text, TextField } from "@shopify/polaris";
import { createContext, useContext, type ReactNode } from "react";
import type { SettingsFields } from "~/admin/loyalty-settings-form";

// The fields of a program's settings page (loyalty, referrals): each field reads its text and its
// error from the page's form state by name, so a page lays out its fields and nothing else.

export interface SettingsFormState {
  fields: SettingsFields;
  /** The field's error in the merchant's language; undefined when it has none. */
  errorText(name: string): string | undefined;
  set(name: string, value: string): void;
}

export const SettingsFormContext = createContext<SettingsFormState>({ fields: {}, errorText: () => undefined, set: () => undefined });

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

export function SettingsSection({ title, help, testId, children }: { title: string; help?: string; testId: string; children: ReactNode }) {
  return (
    <Card>
      <div data-testid={testId}>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            {help ? (
              <Text as="p" tone="subdued">
                {help}
              </Text>
            ) : null}
          </BlockStack>
          {children}
        </BlockStack>
      </div>
    </Card>
  );
}
