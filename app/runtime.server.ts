import type { AppConfig } from "~/config/env.server";
import type { Database } from "~/db/database.server";
import type { Db } from "~/db/prisma.server";
import { jobHandlers } from "~/jobs/handlers.server";
import { JobQueue } from "~/jobs/queue.server";
import { shopifyWebhookIntake } from "~/platforms/shopify/webhook-intake.server";
import { SecretBox } from "~/security/secret-box.server";
import { DeliveryRecorder } from "~/webhooks/delivery-recorder.server";
import { createWebhookIntake, type WebhookIntake } from "~/webhooks/intake.server";

/**
 * What the running process holds: configuration, the database and the queue. The server entry
 * (server/main.ts), the worker and tests create it; Remix routes reach it through getRuntime().
 * It lives on globalThis because the server entry and the built Remix bundle are separate module
 * graphs in one process.
 */
export interface Runtime {
  config: AppConfig;
  db: Db;
  database: Database;
  queue: JobQueue;
  /** Stores incoming webhook deliveries with their jobs. */
  deliveries: DeliveryRecorder;
  /** Takes webhook deliveries of every platform: verifies, stores them with `deliveries`, wakes the queue. */
  intake: WebhookIntake;
  secretBox: SecretBox;
  /** Has `stop` run when the runtime closes (for what is started on its behalf later). */
  onClose(stop: () => Promise<void>): void;
  close(): Promise<void>;
}

const RUNTIME_KEY = Symbol.for("shop-crm.runtime");
type RuntimeHolder = { [RUNTIME_KEY]?: Runtime };

export function createRuntime(config: AppConfig, database: Database): Runtime {
  const queue = new JobQueue(database.db, {
    // The embedded server serves one connection: parallel jobs would only queue for it.
    concurrency: database.embedded ? 1 : config.worker.concurrency,
    // Deliveries are processed a batch at a time with a few set-based statements per batch, so the
    // cost per delivery falls with the batch size. The embedded server's one connection is shared
    // with the webhook intake, which should not wait long for it.
    batchSize: database.embedded ? 25 : 200,
    log: (message) => console.warn(`[queue] ${message}`),
  });
  queue.register(jobHandlers);
  const stops: Array<() => Promise<void>> = [];
  const deliveries = new DeliveryRecorder(database.sql, { maxBatch: 100, namedStatements: !database.embedded });
  const runtime: Runtime = {
    config,
    db: database.db,
    database,
    queue,
    deliveries,
    intake: createWebhookIntake({
      adapters: [shopifyWebhookIntake(config.shopify)],
      recorder: deliveries,
      onStored: () => queue.wake(),
    }),
    secretBox: new SecretBox(config.encryptionKey, config.previousEncryptionKeys),
    onClose(stop) {
      stops.push(stop);
    },
    async close() {
      await Promise.all(stops.splice(0).map((stop) => stop()));
      await queue.stop();
      await database.close();
      const holder = globalThis as RuntimeHolder;
      if (holder[RUNTIME_KEY] === runtime) holder[RUNTIME_KEY] = undefined;
    },
  };
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
  return runtime;
}

/**
 * One `T` per runtime, made by `create` on first use and closed with the runtime (for what a
 * runtime runs on its behalf: the import's result reader).
 */
export function perRuntime<T extends { close(): Promise<void> }>(create: (runtime: Runtime) => T): (runtime: Runtime) => T {
  const made = new WeakMap<Runtime, T>();
  return (runtime) => {
    let value = made.get(runtime);
    if (!value) {
      const created = create(runtime);
      made.set(runtime, created);
      runtime.onClose(() => created.close());
      value = created;
    }
    return value;
  };
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as RuntimeHolder)[RUNTIME_KEY];
  if (!runtime) throw new Error("The CRM runtime is not started (see server/main.ts).");
  return runtime;
}
