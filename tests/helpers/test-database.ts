import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "~/db/embedded-postgres.server";
import { migrate } from "~/db/migrator.server";

export interface TestDatabase {
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: an in-memory PGlite, or (project
 * integration:postgres) a new database on the TEST_DATABASE_URL server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.CRM_TEST_DATABASE !== "postgres") {
    const embedded = await startEmbeddedPostgres({ dataDir: null });
    await migrate(embedded.connectionString);
    return { connectionString: embedded.connectionString, embedded: true, close: () => embedded.stop() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("CRM_TEST_DATABASE=postgres needs TEST_DATABASE_URL");
  const name = `crm_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  await migrate(connectionString);
  return {
    connectionString,
    embedded: false,
    async close() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
