import { startEmbeddedPostgres } from "~/db/embedded-postgres.server";
import { migrate } from "~/db/migrator.server";
import { createScratchDatabase } from "~/db/scratch-database.server";

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
  const scratch = await createScratchDatabase(serverUrl, "crm_test");
  return { connectionString: scratch.connectionString, embedded: false, close: scratch.drop };
}
