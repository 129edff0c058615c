import { Prisma } from "~/db/generated/client";

/**
 * The rule of `isNewerThanStored` (./freshness.ts) as an SQL condition, for writes that decide in
 * the database, the one place that also sees concurrent writers. `stored` is the stored row's
 * alias, `incoming` the new version's updated-at; `tombstones` for tables with "deletedAt".
 */
export function incomingIsNewerSql(stored: string, incoming: Prisma.Sql, options: { tombstones: boolean }): Prisma.Sql {
  const row = Prisma.raw(`"${stored}"`);
  const version = Prisma.sql`(${row}."sourceUpdatedAt" IS NULL OR ${row}."sourceUpdatedAt" < ${incoming})`;
  if (!options.tombstones) return version;
  return Prisma.sql`${version} AND (${row}."deletedAt" IS NULL OR ${row}."deletedAt" < ${incoming})`;
}
