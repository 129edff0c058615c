import type { IndexTableProps } from "@shopify/polaris";
import type { SortDirection } from "~/core/orders/order-list-filters";

/**
 * IndexTable's sorting props for a list whose headings are `columns`: per heading, the sort key it
 * sorts by, or null when it does not sort. The current sort marks its heading; clicking a
 * sortable heading calls `sortBy` with its key and the direction IndexTable asks for.
 */
export function sortableColumnProps<K extends string>(
  columns: ReadonlyArray<K | null>,
  current: { sort: K; direction: SortDirection },
  sortBy: (sort: K, direction: SortDirection) => void,
): Pick<IndexTableProps, "sortable" | "sortColumnIndex" | "sortDirection" | "defaultSortDirection" | "onSort"> {
  return {
    sortable: columns.map((key) => key !== null),
    sortColumnIndex: columns.indexOf(current.sort),
    sortDirection: current.direction === "asc" ? "ascending" : "descending",
    defaultSortDirection: "descending",
    onSort: (index, direction) => {
      const sort = columns[index];
      if (sort) sortBy(sort, direction === "ascending" ? "asc" : "desc");
    },
  };
}
