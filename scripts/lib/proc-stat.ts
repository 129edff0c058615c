import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// CPU times from Linux's /proc, for benchmarks that split a run's CPU between the processes and
// threads on this machine. Elsewhere the readings are unavailable (null).

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export interface StatCpu {
  parentPid: number;
  /** utime + stime, in seconds */
  own: number;
  /** cutime + cstime, in seconds: children that exited and were waited for */
  exitedChildren: number;
}

/** The CPU fields of a /proc stat file (a process's or a thread's); null if it cannot be read. */
export function statCpu(path: string): StatCpu | null {
  try {
    const stat = readFileSync(path, "utf8");
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

/** CPU seconds of this process's main thread so far (the thread whose id is the process id). */
export function mainThreadCpuSeconds(): number | null {
  return statCpu(`/proc/self/task/${process.pid}/stat`)?.own ?? null;
}
