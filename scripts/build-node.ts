import path from "node:path";
import { build } from "esbuild";
import { PROJECT_ROOT } from "~/project-root.server";
import { THREAD_MODULES } from "~/threads/start-thread.server";

// Compiles the Node side (server, worker and their threads) to JavaScript in build/node/, so
// production runs on plain `node`: no TypeScript loader thread (~35 MB RSS) and nothing compiled
// at start. Dependencies stay in node_modules; the app's own modules are bundled.
// `--benchmarks` adds the benchmark scripts, so they measure what production runs.

const APP_ENTRIES = {
  main: "server/main.ts",
  worker: "server/worker.ts",
  ...THREAD_MODULES,
};
const BENCHMARK_ENTRIES = {
  "bench-import": "scripts/bench-import.ts",
  "bench-webhooks": "scripts/bench-webhooks.ts",
  "bench-verify": "scripts/bench-verify.ts",
  "bench-memory": "scripts/bench-memory.ts",
  "bench-loyalty": "scripts/bench-loyalty.ts",
  "bench-recs": "scripts/bench-recs.ts",
  // Forked by bench-loyalty and bench-recs as processes of their own.
  "bench-proxy-load": "scripts/lib/proxy-load-generator.ts",
  "bench-recs-seed": "scripts/lib/recs-shop-seed.ts",
};

const NODE_BUILD_DIR = path.join(PROJECT_ROOT, "build/node");

async function main() {
  const entries = { ...APP_ENTRIES, ...(process.argv.includes("--benchmarks") ? BENCHMARK_ENTRIES : {}) };
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.entries(entries).map(([out, entry]) => ({ in: entry, out })),
    outdir: NODE_BUILD_DIR,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node22",
    outExtension: { ".js": ".js" },
    sourcemap: "linked",
    logLevel: "warning",
  });
  console.log(`compiled ${Object.keys(entries).join(", ")} to ${path.relative(PROJECT_ROOT, NODE_BUILD_DIR)}/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
