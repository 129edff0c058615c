import { ChoiceList, IndexFilters, IndexFiltersMode, useSetIndexFiltersMode, type IndexFiltersProps } from "@shopify/polaris";
import type { SortDirection } from "~/core/orders/order-list-filters";
import type { Translate } from "~/i18n/translate";
import { useDebouncedSearch } from "./use-debounced-search";

// Polaris IndexFilters as both lists use it: a search that applies itself, filters that apply as
// they are picked, sort choices; the state lives in the URL, so every change is a navigation.

type FilterDef = IndexFiltersProps["filters"][number];
type AppliedFilter = NonNullable<IndexFiltersProps["appliedFilters"]>[number];

/** A filter with one choice at a time; choosing again replaces it, the pill's × removes it. */
export function singleChoiceFilter<V extends string>(
  key: string,
  label: string,
  choices: ReadonlyArray<{ value: V; label: string }>,
  selected: V | null,
  onChange: (value: V | null) => void,
): FilterDef {
  return {
    key,
    label,
    // Pinned: each filter is a pill of its own in the bar, one click from its choices.
    pinned: true,
    filter: (
      <ChoiceList
        title={label}
        titleHidden
        choices={choices.map((choice) => ({ ...choice }))}
        selected={selected ? [selected] : []}
        onChange={(values) => onChange(choices.find((choice) => choice.value === values[0])?.value ?? null)}
      />
    ),
  };
}

/** The pills of the filters that apply ("Payment status: Paid"); a null value is no pill. */
export function appliedFilters(
  t: Translate,
  entries: ReadonlyArray<{ key: string; label: string; value: string | null; onRemove: () => void }>,
): AppliedFilter[] {
  return entries.flatMap(({ key, label, value, onRemove }) =>
    value === null ? [] : [{ key, label: t("lists.applied", { filter: label, value }), onRemove }],
  );
}

export interface SortChoice<S extends string> {
  sort: S;
  label: string;
  ascLabel: string;
  descLabel: string;
}

export function ListIndexFilters<S extends string>(props: {
  t: Translate;
  query: string;
  onQuery: (query: string) => void;
  placeholder: string;
  sortChoices: ReadonlyArray<SortChoice<S>>;
  sort: S;
  direction: SortDirection;
  onSort: (sort: S, direction: SortDirection) => void;
  filters: FilterDef[];
  applied: AppliedFilter[];
  onClearAll: () => void;
  loading: boolean;
}) {
  const { t } = props;
  const search = useDebouncedSearch(props.query, props.onQuery);
  // The search field and the filter pills show at once: they are what a merchant comes here for.
  const { mode, setMode } = useSetIndexFiltersMode(IndexFiltersMode.Filtering);
  const sortOptions: IndexFiltersProps["sortOptions"] = props.sortChoices.flatMap((choice) => [
    { label: choice.label, value: `${choice.sort} asc`, directionLabel: choice.ascLabel },
    { label: choice.label, value: `${choice.sort} desc`, directionLabel: choice.descLabel },
  ]);
  return (
    <IndexFilters
      tabs={[{ id: "all", content: t("lists.tab.all") }]}
      selected={0}
      onSelect={() => undefined}
      canCreateNewView={false}
      queryValue={search.value}
      queryPlaceholder={props.placeholder}
      onQueryChange={search.setValue}
      onQueryClear={search.clear}
      sortOptions={sortOptions}
      sortSelected={[`${props.sort} ${props.direction}`]}
      onSort={([selected]) => {
        const choice = props.sortChoices.find((candidate) => selected?.startsWith(`${candidate.sort} `));
        if (choice) props.onSort(choice.sort, selected?.endsWith(" asc") ? "asc" : "desc");
      }}
      filters={props.filters}
      appliedFilters={props.applied}
      onClearAll={props.onClearAll}
      mode={mode}
      setMode={setMode}
      cancelAction={{ onAction: () => undefined, disabled: false, loading: false }}
      loading={props.loading}
    />
  );
}
