import { Form, useNavigation } from "@remix-run/react";
import { Button, FormLayout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** Whether the form being submitted right now carries exactly these fields (its intent and the record it acts on). */
export function useSubmitting(): (fields: Readonly<Record<string, string>>) => boolean {
  const navigation = useNavigation();
  return (fields) => navigation.state !== "idle" && Object.entries(fields).every(([name, value]) => navigation.formData?.get(name) === value);
}

/**
 * A page with several forms tells its action which one was sent by a hidden `intent`; the submit
 * button spins while that intent is on its way.
 */
export function IntentForm({
  intent,
  title,
  submitLabel,
  primary = false,
  children,
}: {
  intent: string;
  title: { text: string; as: "h2" | "h3" };
  submitLabel: string;
  primary?: boolean;
  children: ReactNode;
}) {
  const submitting = useSubmitting();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <FormLayout>
        <Text as={title.as} variant={title.as === "h2" ? "headingMd" : "headingSm"}>
          {title.text}
        </Text>
        {children}
        <Button submit variant={primary ? "primary" : undefined} loading={submitting({ intent })}>
          {submitLabel}
        </Button>
      </FormLayout>
    </Form>
  );
}

/** One button acting on one row (test, remove, revoke): posts the intent and the row's id under `idField`. */
export function RowActionButton({ intent, idField, id, label, critical = false }: { intent: string; idField: string; id: string; label: string; critical?: boolean }) {
  const submitting = useSubmitting();
  return (
    <Form method="post">
      <input type="hidden" name={idField} value={id} />
      <input type="hidden" name="intent" value={intent} />
      <Button submit size="slim" tone={critical ? "critical" : undefined} loading={submitting({ intent, [idField]: id })}>
        {label}
      </Button>
    </Form>
  );
}
