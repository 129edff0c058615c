import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "./migrator.server";

export interface ScratchDatabase {
  connectionString: string;
  drop(): Promise<void>;
}

/**
 * A new, migrated database on a PostgreSQL server (tests and benchmarks): isolated from every
 * other run, and dropped with `drop()`.
 */
export async function createScratchDatabase(serverUrl: string, prefix = "crm_scratch"): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  await migrate(connectionString);
  return { connectionString, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
