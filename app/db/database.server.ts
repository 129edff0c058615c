import type { AppConfig } from "~/config/env.server";
import { startEmbeddedPostgres } from "./embedded-postgres.server";
import { migrate } from "./migrator.server";
import { createDatabaseClients, type Db, type SqlClient } from "./prisma.server";

export interface Database {
  db: Db;
  sql: SqlClient;
  embedded: boolean;
  connectionString: string;
  close(): Promise<void>;
}

/**
 * Opens the CRM store named by the configuration (PostgreSQL at DATABASE_URL, else the embedded
 * PGlite in the data folder) and brings its schema up to date before anything else touches it.
 */
export async function openDatabase(config: AppConfig["database"]): Promise<Database> {
  const embedded = config.url
    ? null
    : await startEmbeddedPostgres({ dataDir: config.embeddedDataDir });
  const connectionString = config.url ?? embedded!.connectionString;
  try {
    await migrate(connectionString);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const clients = createDatabaseClients(connectionString, embedded ? 1 : config.poolSize);
  return {
    db: clients.db,
    sql: clients.pool,
    embedded: embedded !== null,
    connectionString,
    async close() {
      await clients.close();
      await embedded?.stop();
    },
  };
}
