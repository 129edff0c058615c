import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { SqlClient } from "~/db/prisma.server";

// CPU time used by the PostgreSQL server's processes (backends and background writers), read
// from /proc: a benchmark on one machine counts the database's share of the work along with its
// own. Unavailable (null) when the server runs elsewhere or /proc cannot be read.

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

interface ProcessCpu {
  parentPid: number;
  /** utime + stime */
  own: number;
  /** cutime + cstime: children that exited and were waited for */
  exitedChildren: number;
}

/** CPU seconds of a local postgres process; null if the pid is not one here. */
function processCpu(pid: number): ProcessCpu | null {
  try {
    if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return null;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which sits in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    return {
      parentPid: fields[1]!,
      own: (fields[11]! + fields[12]!) / TICKS_PER_SECOND,
      exitedChildren: (fields[13]! + fields[14]!) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
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
