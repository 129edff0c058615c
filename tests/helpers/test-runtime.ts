import { loadConfig, type AppConfig } from "~/config/env.server";
import { createDatabaseClients } from "~/db/prisma.server";
import { createRuntime, type Runtime, type RuntimeOptions } from "~/runtime.server";
import { createTestDatabase } from "./test-database";

export const TEST_API_SECRET = "test-api-secret";

export const TEST_ENV = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: "https://crm.example.test",
  CRM_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  CRM_IN_PROCESS_WORKER: "0",
} as const;

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...TEST_ENV, ...overrides });
}

/**
 * A runtime (config, migrated database, queue not started) like the app's, on a database of its
 * own. Tests drive the queue with `runtime.queue.drain()`.
 */
export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<Runtime> {
  current = await createTestRuntime(options);
  return current;
}

let current: Runtime | null = null;

/** The runtime the test file started last (where sendWebhook delivers). */
export function testRuntime(): Runtime {
  if (!current) throw new Error("No test runtime: call startTestRuntime() in beforeAll");
  return current;
}

interface TestRuntimeOptions {
  env?: Record<string, string>;
  concurrency?: number;
  /** As createRuntime takes them (subscribers with a test's clock, import settings). */
  runtime?: RuntimeOptions;
}

async function createTestRuntime(options: TestRuntimeOptions): Promise<Runtime> {
  const database = await createTestDatabase();
  const poolSize = database.embedded ? 1 : 5;
  const clients = createDatabaseClients(database.connectionString, poolSize);
  const config = testConfig({
    CRM_WORKER_CONCURRENCY: String(options.concurrency ?? 1),
    ...options.env,
  });
  return createRuntime(
    config,
    {
      db: clients.db,
      sql: clients.pool,
      embedded: database.embedded,
      connectionString: database.connectionString,
      async close() {
        await clients.close();
        await database.close();
      },
    },
    options.runtime,
  );
}
