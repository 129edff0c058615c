import type { Db } from "~/db/prisma.server";

/** Every table and needle where any of the given strings still occurs, anywhere in any row. */
export async function findTextInStore(db: Db, needles: string[]): Promise<Array<{ table: string; needle: string }>> {
  const tables = await db.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name::text AS table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
  const found: Array<{ table: string; needle: string }> = [];
  for (const { table_name: table } of tables) {
    const rows = await db.$queryRawUnsafe<Array<{ row: string }>>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t`,
    );
    for (const needle of needles) {
      if (rows.some((row) => row.row.toLowerCase().includes(needle.toLowerCase()))) found.push({ table, needle });
    }
  }
  return found;
}
