import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { latestSchemaSnapshot, SCHEMA_SNAPSHOT_FILE } from "~/db/migrator.server";

test("prisma/schema.prisma has no change without a migration (npm run db:migration -- <name>)", async () => {
  const snapshot = await latestSchemaSnapshot();
  expect(snapshot).not.toBeNull();
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
  expect(readFileSync(snapshot!, "utf8")).toBe(schema);
});

test("the snapshot is the newest migration's that has one: hand-written SQL migrations carry none", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "crm-migrations-"));
  try {
    const migration = (name: string, snapshot: string | null) => {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), "SELECT 1;");
      if (snapshot !== null) writeFileSync(path.join(dir, name, SCHEMA_SNAPSHOT_FILE), snapshot);
    };
    expect(await latestSchemaSnapshot(dir)).toBeNull();
    migration("20260101000000_init", "model A {}");
    migration("20260201000000_models", "model A {}\nmodel B {}");
    migration("20260301000000_sql_function", null);
    migration("20260401000000_column_compression", null);
    expect(await latestSchemaSnapshot(dir)).toBe(path.join(dir, "20260201000000_models", SCHEMA_SNAPSHOT_FILE));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
