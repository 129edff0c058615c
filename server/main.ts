import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { createRuntime } from "~/runtime.server";
import { checkStoredSecrets } from "~/db/stored-secrets.server";
import { createHttpServer } from "./http-app";

// The app's process: CRM store (migrated), job worker (unless scaled out to `npm run worker`),
// the Remix app, and in demo mode the demo shop fed through the real webhook endpoints.

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  const runtime = createRuntime(config, database);
  const resealed = await checkStoredSecrets(runtime.db, runtime.secretBox);
  if (resealed > 0) console.log(`Sealed ${resealed} stored secrets with the new CRM_ENCRYPTION_KEY`);
  const server = await createHttpServer(runtime, { live: process.argv.includes("--live") });
  server.listen(config.port, () => {
    const where = database.embedded ? `embedded PGlite in ${config.database.embeddedDataDir}` : "PostgreSQL";
    console.log(`CRM listening on http://localhost:${config.port} (${where})`);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (config.worker.inProcess) await runtime.startWorker();

  if (config.demo) {
    // Loaded only in demo mode: the generator is no part of a real shop's process.
    const { loadDemoShop } = await import("~/demo/demo-loader.server");
    console.log("DEMO MODE: a generated shop, webhooks signed with the public demo secret.");
    await loadDemoShop(runtime, `http://127.0.0.1:${config.port}`, (line) => console.log(line));
    console.log(`Demo admin ready: http://localhost:${config.port}/app`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
