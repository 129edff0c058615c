import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { createRuntime } from "~/runtime.server";
import { checkStoredSecrets } from "~/db/stored-secrets.server";

// A worker process for scaling out: run web processes with CRM_IN_PROCESS_WORKER=0 and as many of
// these as needed against the same PostgreSQL. Jobs are claimed with SKIP LOCKED under a lease,
// so two workers never run one job at the same time, and a job commits at most once.

async function main() {
  const config = loadConfig();
  if (!config.database.url) {
    throw new Error("npm run worker needs DATABASE_URL: the embedded database serves one process.");
  }
  const runtime = createRuntime(config, await openDatabase(config.database));
  await checkStoredSecrets(runtime.db, runtime.secretBox);
  const stop = async () => {
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await runtime.startWorker();
  console.log(`Worker running (${config.worker.concurrency} at a time)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
