import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { SqlClient } from "~/db/prisma.server";

// CPU time used by the PostgreSQL server's processes (backends and background writers), read
// from /proc: a benchmark on one machine counts the database's share of the work along with its
// own. Unavailable (null) when the server runs elsewhere or /proc cannot be read.

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** utime + stime of a local postgres process in seconds; null if the pid is not one here. */
function processCpuSeconds(pid: number): number | null {
  try {
    if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return null;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which sits in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Total CPU seconds of the server's current processes so far, or null if they are not local. */
export async function postgresCpuSeconds(sql: SqlClient): Promise<number | null> {
  const { rows } = await sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity");
  const seconds = rows.map((row) => processCpuSeconds(row.pid));
  if (seconds.some((value) => value === null)) return null;
  return seconds.reduce<number>((sum, value) => sum + value!, 0);
}
