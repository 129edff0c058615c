import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./app-process";

// A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the test may
// stop and start: the machine's shared server must never be restarted. initdb refuses to run as
// root, so as root the cluster belongs to the `postgres` user and its tools run as that user.

const BIN = process.env.CRM_FAULTS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** postgresql:// URL of the cluster's `postgres` database. */
  serverUrl: string;
  port: number;
  stop(mode?: "fast" | "immediate"): void;
  start(): void;
  /** Stops the cluster and removes its folder. */
  destroy(): void;
}

/** The cluster, or the reason it cannot be made here (for a clear skip). */
export async function startPrivatePostgres(): Promise<PrivatePostgres | { unavailable: string }> {
  if (!existsSync(path.join(BIN, "initdb"))) return { unavailable: `no initdb in ${BIN} (set CRM_FAULTS_PG_BIN)` };
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "crm-faults-pg-"));
  const data = path.join(dir, "data");
  const owner = asRoot ? lookupUser("postgres") : null;
  if (asRoot && !owner) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: "running as root and there is no `postgres` user to run initdb as" };
  }
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(BIN, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(BIN, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(" ")} failed (${result.status ?? result.error?.message}):\n${result.stdout}\n${result.stderr}`);
    }
  };
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: (error as Error).message };
  }
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = () => run("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  const stop = (mode: "fast" | "immediate" = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  start();
  return {
    serverUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    destroy() {
      try {
        stop("immediate");
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function lookupUser(name: string): { uid: number; gid: number } | null {
  const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
