import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { PROJECT_ROOT } from "~/project-root.server";

// The real app server (server/main.ts, from source) as a child process the fault tests can kill.
// Started as `node --import tsx`, one process: `tsx` itself would run node in a second process
// that a SIGKILL of the first leaves running.

export const FAULT_API_SECRET = "bench-secret";
export const FAULT_ENCRYPTION_KEY = Buffer.alloc(32, 11).toString("base64");

export interface AppProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Resolves when the server listens; rejects with the log if it exits first. */
  readonly listening: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The environment a production start needs, for the given database; `extra` overrides. */
export function appEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" && !entry[0].startsWith("CRM_") && !entry[0].startsWith("SHOPIFY_") && entry[0] !== "DATABASE_URL",
    ),
  );
  return {
    ...inherited,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "faults",
    SHOPIFY_API_SECRET: FAULT_API_SECRET,
    SHOPIFY_APP_URL: "https://faults.example",
    CRM_ENCRYPTION_KEY: FAULT_ENCRYPTION_KEY,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "8",
    CRM_WORKER_CONCURRENCY: "4",
    PORT: String(port),
    ...extra,
  };
}

/**
 * The server imports the admin's Remix build at start; the fault tests never use the admin.
 * Built (~10 s) when missing: on a fresh clone, or when a build elsewhere in the working tree
 * (the e2e test's `npm run build`) has just emptied the folder.
 */
export function ensureRemixBuild(): void {
  if (existsSync(path.join(PROJECT_ROOT, "build/server/index.js"))) return;
  const build = spawnSync("npx", ["remix", "vite:build"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`Building the admin failed:\n${build.stdout}\n${build.stderr}`);
}

export function startAppProcess(env: Record<string, string>): AppProcess {
  ensureRemixBuild();
  const port = Number(env.PORT);
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: PROJECT_ROOT,
    // Always a production start: what the fault tests judge is how the app runs for real.
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const listening = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/CRM listening/.test(output)) {
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    void exited.then((code) => reject(new Error(`The app exited (${code}) before listening:\n${output}`)));
  });
  // The listening promise is often left unobserved when a test expects the start to fail.
  listening.catch(() => undefined);
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    log: () => output,
    exited,
    listening,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
