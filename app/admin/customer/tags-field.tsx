import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { Button, InlineStack, Tag, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "~/i18n/use-t";

/** The customer's tags, each removable, and a field to add one; each change is one form post. */
export function TagsField({ tags, editable }: { tags: readonly string[]; editable: boolean }) {
  const { t } = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && /Tag$/.test(navigation.formData?.get("intent")?.toString() ?? "");
  const [draft, setDraft] = useState("");
  return (
    <InlineStack gap="100" blockAlign="center">
      {tags.map((tag) => (
        <span key={tag} data-testid="customer-tag">
          <Tag
            {...(editable && !busy
              ? { onRemove: () => submit({ intent: "removeTag", tag }, { method: "post" }), accessibilityLabel: t("customer.tags.remove", { tag }) }
              : {})}
          >
            {tag}
          </Tag>
        </span>
      ))}
      {editable ? (
        <Form method="post" onSubmit={() => setDraft("")}>
          <input type="hidden" name="intent" value="addTag" />
          <InlineStack gap="100" blockAlign="end" wrap={false}>
            <TextField
              label={t("customer.tags.addLabel")}
              labelHidden
              name="tag"
              value={draft}
              onChange={setDraft}
              autoComplete="off"
              placeholder={t("customer.tags.addLabel")}
            />
            <Button submit disabled={busy || draft.trim() === ""}>
              {t("customer.tags.add")}
            </Button>
          </InlineStack>
        </Form>
      ) : null}
    </InlineStack>
  );
}
