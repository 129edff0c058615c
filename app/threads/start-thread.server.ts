import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { PROJECT_ROOT } from "~/project-root.server";

/** The app's worker threads: the module each runs. scripts/build-node.ts compiles each to `<name>.js`. */
export const THREAD_MODULES = {
  "result-reader-thread": "app/platforms/shopify/bulk/result-reader-thread.server.ts",
} as const;

export type ThreadName = keyof typeof THREAD_MODULES;

const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** Starts one of the app's threads: from source, its TypeScript module through tsx; compiled, its bundle beside the app's. */
export function startThread(name: ThreadName, options: Omit<WorkerOptions, "argv" | "execArgv">): Worker {
  // execArgv: the parent's flags (a loader among them) are not the thread's business.
  if (FROM_SOURCE) {
    const module = pathToFileURL(path.join(PROJECT_ROOT, THREAD_MODULES[name])).href;
    return new Worker(new URL("./source-thread.mjs", import.meta.url), { ...options, argv: [module], execArgv: [] });
  }
  return new Worker(new URL(`./${name}.js`, import.meta.url), { ...options, execArgv: [] });
}
