import { loadConfig, type AppConfig } from "~/config/env.server";
import { BENCH_SECRET } from "./demo-webhooks";

// The app's configuration as the benchmarks run it: production, on a scratch database, with the
// benchmark shop's app secret (the webhooks and app-proxy requests are signed with it).

/** The PostgreSQL server the benchmarks make their scratch databases on. */
export const BENCH_SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function benchConfig(databaseUrl: string, options: { workers: number }): AppConfig {
  return loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: BENCH_SECRET,
    SHOPIFY_APP_URL: "https://bench.example",
    CRM_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    DATABASE_URL: databaseUrl,
    CRM_WORKER_CONCURRENCY: String(options.workers),
    DATABASE_POOL_SIZE: String(options.workers + 4),
  });
}
