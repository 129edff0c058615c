import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "~/project-root.server";

// `prisma migrate deploy` needs the native schema engine, which cannot be downloaded everywhere we
// run. This applies the same prisma/migrations/*/migration.sql files in order and records them in
// a `_prisma_migrations` table of Prisma's own shape, so `prisma migrate deploy` stays usable.

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

// Any fixed 64-bit number: serializes concurrent migrators (several app instances starting).
const MIGRATION_LOCK_KEY = 72_707_370_214;

/** The schema.prisma a migration was written for: the next migration is diffed from it. */
export const SCHEMA_SNAPSHOT_FILE = "schema.snapshot.prisma";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * The snapshot of the newest migration that has one. A migration written by hand for something
 * schema.prisma cannot say (functions, column compression) changes no model and carries none.
 */
export async function latestSchemaSnapshot(dir = MIGRATIONS_DIR): Promise<string | null> {
  const names = (await readMigrations(dir)).map((migration) => migration.name);
  for (const name of names.reverse()) {
    const snapshot = path.join(dir, name, SCHEMA_SNAPSHOT_FILE);
    if (existsSync(snapshot)) return snapshot;
  }
  return null;
}

export class MigrationChecksumError extends Error {
  constructor(name: string) {
    super(
      `Migration ${name} was changed after it was applied. Write a new migration instead of editing an applied one.`,
    );
  }
}

/** Applies pending migrations; returns the names it applied. */
export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedChecksums = new Map(applied.rows.map((row) => [row.migration_name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const appliedChecksum = appliedChecksums.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) throw new MigrationChecksumError(migration.name);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
