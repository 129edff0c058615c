// What the members list can be asked for; shared by the list's query and its page.

export const MEMBER_SORTS = ["balance", "lastActivity"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export interface MemberListParams {
  sort: MemberSort;
  direction: "asc" | "desc";
  /** Only members in this tier; null: all. */
  tierId: string | null;
  page: number;
}
