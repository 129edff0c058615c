import { readFileSync } from "node:fs";
import type { SqlClient } from "~/db/prisma.server";
import { statCpu, type StatCpu } from "./proc-stat";

// CPU time used by the PostgreSQL server's processes (backends and background writers), read
// from /proc: a benchmark on one machine counts the database's share of the work along with its
// own. Unavailable (null) when the server runs elsewhere or /proc cannot be read.

/** CPU of a local postgres process; null if the pid is not one here. */
function processCpu(pid: number): StatCpu | null {
  try {
    if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return null;
  } catch {
    return null;
  }
  return statCpu(`/proc/${pid}/stat`);
}

/**
 * Total CPU seconds of the server so far, or null if it is not local: its processes now, and
 * through the postmaster (the parent of them all) every process that has exited, so that a
 * backend or autovacuum worker ending between two readings does not take its CPU with it.
 */
export async function postgresCpuSeconds(sql: SqlClient): Promise<number | null> {
  const { rows } = await sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity");
  const processes = rows.map((row) => processCpu(row.pid));
  if (processes.length === 0 || processes.some((cpu) => cpu === null)) return null;
  const postmaster = processCpu(processes[0]!.parentPid);
  if (!postmaster) return null;
  return processes.reduce((sum, cpu) => sum + cpu!.own, postmaster.own + postmaster.exitedChildren);
}
