import { BlockStack, ChoiceList, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";
import { parseIsoDay } from "~/core/orders/order-date-range";
import { DATE_RANGE_PRESETS, type DateRangePreset, type DayRange } from "~/core/orders/order-list-filters";
import type { Translate } from "~/i18n/translate";

// The orders list's date filter: one click for a preset, or two dates for any other range.

export interface DateRangeValue {
  preset: DateRangePreset | null;
  range: DayRange;
}

/** The pill's text: the preset's name or the range's ends; null when no range applies. */
export function dateRangeLabel(t: Translate, formatDate: (iso: string) => string, value: DateRangeValue): string | null {
  if (value.preset) return t(`lists.range.${value.preset}`);
  const { from, to } = value.range;
  if (from && to) return t("lists.range.between", { from: formatDate(from), to: formatDate(to) });
  if (from) return t("lists.range.since", { from: formatDate(from) });
  if (to) return t("lists.range.until", { to: formatDate(to) });
  return null;
}

export function DateRangeFilter({ t, value, onChange }: { t: Translate; value: DateRangeValue; onChange: (value: DateRangeValue) => void }) {
  // "Custom" chosen but no date typed yet: nothing to apply, but the date fields must show.
  const [customChosen, setCustomChosen] = useState(false);
  const custom = customChosen || (!value.preset && (value.range.from !== null || value.range.to !== null));
  const setDay = (end: "from" | "to", day: string) => {
    // A date field reports "" while a date is half typed; only whole dates change the list.
    if (day !== "" && !parseIsoDay(day)) return;
    onChange({ preset: null, range: { ...value.range, [end]: day || null } });
  };
  return (
    <BlockStack gap="200">
      <ChoiceList
        title={t("lists.filter.date")}
        titleHidden
        choices={[
          ...DATE_RANGE_PRESETS.map((preset) => ({ value: preset, label: t(`lists.range.${preset}`) })),
          { value: "custom", label: t("lists.range.custom") },
        ]}
        selected={value.preset ? [value.preset] : custom ? ["custom"] : []}
        onChange={([choice]) => {
          const preset = DATE_RANGE_PRESETS.find((candidate) => candidate === choice) ?? null;
          setCustomChosen(choice === "custom");
          if (preset) onChange({ preset, range: { from: null, to: null } });
        }}
      />
      {custom ? (
        <InlineStack gap="200" wrap={false}>
          <TextField label={t("lists.range.from")} type="date" autoComplete="off" value={value.range.from ?? ""} onChange={(day) => setDay("from", day)} />
          <TextField label={t("lists.range.to")} type="date" autoComplete="off" value={value.range.to ?? ""} onChange={(day) => setDay("to", day)} />
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
