import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "~/db/embedded-postgres.server";
import { latestSchemaSnapshot, MIGRATIONS_DIR, SCHEMA_SNAPSHOT_FILE } from "~/db/migrator.server";

// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL from the schema the newest snapshot-carrying migration was written for to
// prisma/schema.prisma. Prisma's engine-free CLI cannot diff against a live database when a
// driver adapter is configured, but it can diff two datamodels; it still wants a reachable
// database, so a throwaway in-memory PGlite in this process serves as one.

const SCHEMA = path.resolve("prisma/schema.prisma");

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("Usage: npm run db:migration -- <snake_case_name>");
  }
  const previous = await latestSchemaSnapshot();
  const embedded = await startEmbeddedPostgres({ dataDir: null });
  try {
    const from = previous ? ["--from-schema-datamodel", previous] : ["--from-empty"];
    // Asynchronous on purpose: the in-process PGlite must keep serving while Prisma runs.
    const { stdout: sql } = await promisify(execFile)(
      "npx",
      ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          DATABASE_URL: embedded.connectionString,
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
        },
      },
    );
    if (sql.trim() === "" || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
      console.log("prisma/schema.prisma matches the last migration: nothing to write.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    copyFileSync(SCHEMA, path.join(dir, SCHEMA_SNAPSHOT_FILE));
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, then commit.`);
  } finally {
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
