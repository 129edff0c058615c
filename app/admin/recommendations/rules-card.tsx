import { BlockStack, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { IntentForm, RowActionButton } from "~/admin/intent-form";
import { SectionCard } from "~/admin/section-card";
import type { NamedProduct } from "~/core/recommendations/product-view.server";
import type { RuleKind } from "~/core/recommendations/rules.server";
import { useT } from "~/i18n/use-t";
import { RULE_INTENTS, TARGET_FIELD } from "./pairs-table";

const RULE_KINDS = ["pin", "exclude"] as const satisfies readonly RuleKind[];

function RuleRow({ product, index, count }: { product: NamedProduct; index: number | null; count: number }) {
  const { t } = useT();
  return (
    <div data-testid={index === null ? "rule-exclusion" : "rule-pin"} data-product-id={product.productId}>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span">{index === null ? product.title : `${index + 1}. ${product.title}`}</Text>
        {index !== null && index > 0 ? <RowActionButton intent={RULE_INTENTS.up} idField={TARGET_FIELD} id={product.productId} label={t("recommendations.rules.up")} /> : null}
        {index !== null && index < count - 1 ? (
          <RowActionButton intent={RULE_INTENTS.down} idField={TARGET_FIELD} id={product.productId} label={t("recommendations.rules.down")} />
        ) : null}
        <RowActionButton intent={RULE_INTENTS.remove} idField={TARGET_FIELD} id={product.productId} label={t("recommendations.rules.remove")} critical />
      </InlineStack>
    </div>
  );
}

function RuleGroup({ title, empty, rows }: { title: string; empty: string; rows: ReactNode[] }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">
          {empty}
        </Text>
      ) : (
        rows
      )}
    </BlockStack>
  );
}

/** The merchant's pins (in order) and exclusions for the product, and the form that adds one for any product of the catalogue. */
export function RulesCard({ pins, exclusions, choices }: { pins: readonly NamedProduct[]; exclusions: readonly NamedProduct[]; choices: readonly NamedProduct[] }) {
  const { t } = useT();
  const [target, setTarget] = useState(choices[0]?.productId ?? "");
  const [kind, setKind] = useState<string>("pin");
  const [position, setPosition] = useState("");
  return (
    <SectionCard title={t("recommendations.rules.title")} help={t("recommendations.rules.help")} testId="recommendation-rules">
      <RuleGroup
        title={t("recommendations.rules.pins")}
        empty={t("recommendations.rules.noPins")}
        rows={pins.map((pin, index) => <RuleRow key={pin.productId} product={pin} index={index} count={pins.length} />)}
      />
      <RuleGroup
        title={t("recommendations.rules.exclusions")}
        empty={t("recommendations.rules.noExclusions")}
        rows={exclusions.map((exclusion) => <RuleRow key={exclusion.productId} product={exclusion} index={null} count={0} />)}
      />
      {choices.length > 0 ? (
        <IntentForm intent={RULE_INTENTS.add} title={{ text: t("recommendations.rules.add"), as: "h3" }} submitLabel={t("recommendations.rules.save")}>
          <FormLayout.Group>
            <Select
              label={t("recommendations.rules.target")}
              name={TARGET_FIELD}
              options={choices.map((choice) => ({ value: choice.productId, label: choice.title }))}
              value={target}
              onChange={setTarget}
            />
            <Select
              label={t("recommendations.rules.kind")}
              name="kind"
              options={RULE_KINDS.map((value) => ({ value, label: t(`recommendations.rules.${value}`) }))}
              value={kind}
              onChange={setKind}
            />
            <TextField
              label={t("recommendations.rules.position")}
              helpText={t("recommendations.rules.positionHelp")}
              name="position"
              value={position}
              onChange={setPosition}
              autoComplete="off"
              disabled={kind !== "pin"}
            />
          </FormLayout.Group>
        </IntentForm>
      ) : null}
    </SectionCard>
  );
}
