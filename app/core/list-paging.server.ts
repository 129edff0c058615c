import { z } from "zod";
import type { Db } from "~/db/prisma.server";
import { Prisma } from "~/db/generated/client";

// One page of a list's ids and the list's total, from SQL the list builds (its search and sort
// need expressions Prisma's query API cannot write). The rows themselves are then loaded by id
// through Prisma, typed.

export interface IdPage {
  ids: string[];
  /** All rows that match, over every page. */
  totalCount: number;
  /** The page served: the last one when the one asked for lies beyond the end. */
  page: number;
  hasNext: boolean;
  /** Set when the page asked for lies beyond the end. */
  pageBeyondEnd: { page: number; lastPage: number } | null;
}

const COUNT_ROWS = z.array(z.object({ count: z.number().int() })).length(1);
const ID_ROWS = z.array(z.object({ id: z.string() }));

/**
 * `source` is `FROM … WHERE …` naming the table `alias`; `orderBy` must end in a unique key so
 * that pages neither repeat nor skip rows.
 */
export async function idPage(
  db: Db,
  query: { source: Prisma.Sql; alias: string; orderBy: Prisma.Sql },
  page: number,
  pageSize: number,
): Promise<IdPage> {
  const ids = (pageNumber: number) =>
    db.$queryRaw(
      Prisma.sql`SELECT ${Prisma.raw(`${query.alias}.id::text`)} AS id ${query.source} ORDER BY ${query.orderBy} LIMIT ${pageSize + 1} OFFSET ${(pageNumber - 1) * pageSize}`,
    );
  const [countRows, idRows] = await Promise.all([
    db.$queryRaw(Prisma.sql`SELECT count(*)::int AS count ${query.source}`),
    ids(page),
  ]);
  const totalCount = COUNT_ROWS.parse(countRows)[0]!.count;
  let rows = ID_ROWS.parse(idRows);
  let served = page;
  let pageBeyondEnd: IdPage["pageBeyondEnd"] = null;
  if (rows.length === 0 && page > 1) {
    const lastPage = Math.max(1, Math.ceil(totalCount / pageSize));
    pageBeyondEnd = { page, lastPage };
    served = lastPage;
    rows = ID_ROWS.parse(await ids(lastPage));
  }
  return {
    ids: rows.slice(0, pageSize).map((row) => row.id),
    totalCount,
    page: served,
    hasNext: rows.length > pageSize,
    pageBeyondEnd,
  };
}

/** `rows` in the order of `ids` (a lookup by id returns them in any order). */
export function inIdOrder<R extends { id: string }>(ids: string[], rows: R[]): R[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
