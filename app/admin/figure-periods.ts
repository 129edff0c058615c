import { z } from "zod";

// A program's overview page (referrals, cross-selling): its figures over a period the merchant
// picks, above a list with a search. All of it travels in the address, defaults left out.

export const FIGURE_PERIODS = ["30d", "12m"] as const;
export type FigurePeriod = (typeof FIGURE_PERIODS)[number];

/** Where a period starts, counted back from `now`. */
export function periodStart(period: FigurePeriod, now: Date): Date {
  const start = new Date(now);
  if (period === "30d") start.setUTCDate(start.getUTCDate() - 30);
  else start.setUTCFullYear(start.getUTCFullYear() - 1);
  return start;
}

/** The overview's own parameters; a hand-edited or stale address falls back to the default of what it got wrong. */
export const overviewParams = {
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  q: z.string().trim().max(200).catch(""),
  period: z.enum(FIGURE_PERIODS).catch("30d"),
};

export interface OverviewState {
  page: number;
  q: string;
  period: FigurePeriod;
}

/** The overview's address for a state; `filters` are the list's own, before the search (a null one is left out). */
export function overviewUrl(path: string, state: OverviewState, filters: ReadonlyArray<[string, string | null]> = []): string {
  const params = new URLSearchParams();
  for (const [name, value] of filters) if (value) params.set(name, value);
  if (state.q) params.set("q", state.q);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.period !== "30d") params.set("period", state.period);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
