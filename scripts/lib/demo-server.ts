import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// The compiled app in demo mode, as `npm start` runs it, on a free port and an empty data folder:
// the browser tests and the page-speed benchmark look at the same newcomer's admin.

const ROOT = path.resolve(import.meta.dirname, "../..");

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

export interface DemoServer {
  baseUrl: string;
  /** Everything the server wrote so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** Demo size (the full demo when not given). */
  customers?: number;
  orders?: number;
  /** How long the first start may take. */
  readyTimeoutMs?: number;
  /** Also appends the server's output to this file (for readers in other processes). */
  logFile?: string;
}

/** `npm run build`, once per process (the build is the same for every server). */
let built = false;
export function buildApp(): void {
  if (built) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`Build failed:\n${build.stdout}\n${build.stderr}`);
  built = true;
}

/** Builds the app, starts it in demo mode and resolves once the demo admin is ready. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  buildApp();
  const dataDir = mkdtempSync(path.join(tmpdir(), "crm-demo-"));
  const port = await freePort();
  // The demo runs on the embedded default, whatever database the caller itself points at.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "DATABASE_URL"));
  // One process (not through npm, which would run it in a child): stopping it stops the server.
  const server: ChildProcess = spawn(process.execPath, ["--enable-source-maps", "build/node/main.js"], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: "development",
      CRM_DEMO: "1",
      CRM_DATA_DIR: dataDir,
      PORT: String(port),
      ...(options.customers ? { CRM_DEMO_CUSTOMERS: String(options.customers) } : {}),
      ...(options.orders ? { CRM_DEMO_ORDERS: String(options.orders) } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const record = (chunk: Buffer) => {
    log += chunk.toString();
    if (options.logFile) appendFileSync(options.logFile, chunk);
  };
  server.stdout?.on("data", record);
  server.stderr?.on("data", record);
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The demo was not ready in time. Log:\n${log}`)), options.readyTimeoutMs ?? 480_000);
      const check = () => {
        if (!/Demo admin ready/.test(log)) return;
        clearTimeout(timer);
        resolve();
      };
      server.stdout?.on("data", check);
      server.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`The demo server exited with ${code}. Log:\n${log}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl: `http://127.0.0.1:${port}`, log: () => log, stop };
}
