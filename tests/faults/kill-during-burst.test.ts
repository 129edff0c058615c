import { performance } from "node:perf_hooks";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "~/db/scratch-database.server";
import { appEnv, ensureRemixBuild, freePort, startAppProcess, type AppProcess } from "./support/app-process";
import { acknowledged, demoOrderBodies, installFaultShop, newPool, sendBurst, waitForProcessed, waitForSettled } from "./support/deliveries";
import { report, scaled } from "./support/report";

// Fault 1: the server is killed with SIGKILL in the middle of a burst of orders/create deliveries.
// What it acknowledged is in the store (the delivery and its job commit before the 200), so a
// restarted server must process every one of them, each once, within the 30 s lease that the
// dead server's claims hold (README "Crash recovery in seconds").

const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DELIVERIES = scaled(1500);
const KILL_AFTER_ACKS = Math.floor(DELIVERIES / 2);
const CONCURRENCY = 16;
const RECOVERY_LIMIT_S = 30;

let scratch: ScratchDatabase;
let pool: pg.Pool;
const servers: AppProcess[] = [];
/** Seconds from the restart until every acknowledged delivery was processed (set by the first test). */
let recoverySeconds: number | null = null;

beforeAll(async () => {
  scratch = await createScratchDatabase(SERVER_URL, "crm_faults");
  await installFaultShop(scratch.connectionString);
  pool = newPool(scratch.connectionString);
});

afterAll(async () => {
  for (const server of servers) await server.kill("SIGKILL");
  await pool?.end();
  await scratch?.drop();
});

describe("kill -9 of the server during a burst", () => {
  it("processes every acknowledged delivery exactly once after a restart", async () => {
    const bodies = demoOrderBodies(DELIVERIES);
    const port = await freePort();
    const env = appEnv(scratch.connectionString, port);
    const first = startAppProcess(env);
    servers.push(first);
    await first.listening;

    let killedAt = 0;
    const sent = await sendBurst(first.baseUrl, bodies, {
      concurrency: CONCURRENCY,
      onAnswer: (_sent, all) => {
        if (killedAt === 0 && all.filter(acknowledged).length >= KILL_AFTER_ACKS) {
          killedAt = performance.now();
          first.child.kill("SIGKILL");
          // The rest is not sent: the restart follows at once, as a supervisor's would, so the
          // recovery time is not shortened by a pause that uses up part of the dead claims' lease.
          bodies.splice(0);
        }
      },
    });
    expect(await first.exited).toBe("SIGKILL");
    const acked = sent.filter(acknowledged);
    const refused = sent.filter((one) => !acknowledged(one));
    // Work was left behind: deliveries stored but not yet processed when the server died.
    const leftBehind = await waitForProcessed(pool, acked, 0);
    const jobsAtKill = await pool.query<{ status: string; n: string }>(
      `SELECT status::text, count(*) AS n FROM "Job" GROUP BY status ORDER BY status`,
    );
    // When the newest of the dead server's claims frees itself: no restart can take it sooner.
    const leaseLeft = await pool.query<{ seconds: number | null }>(
      `SELECT extract(epoch FROM max("lockedUntil") - now())::float8 AS seconds FROM "Job" WHERE status = 'RUNNING'`,
    );

    ensureRemixBuild(); // not in the recovery time, should a build elsewhere have emptied build/
    const restartedAt = performance.now();
    const second = startAppProcess(env);
    servers.push(second);
    await second.listening;
    const listeningS = (performance.now() - restartedAt) / 1000;
    const { complete } = await waitForProcessed(pool, acked, 90_000);
    // From the restart (the process's start, its boot included) until the last one was processed.
    const seconds = (performance.now() - restartedAt) / 1000;
    const fromKillS = (performance.now() - killedAt) / 1000;
    // Deliveries stored but cut off before their 200 are processed too: wait for them as well.
    const outcome = await waitForSettled(pool, acked, 15_000);
    await second.kill("SIGTERM");

    report("kill -9 during a burst", [
      `checked: ${DELIVERIES} signed orders/create, ${CONCURRENCY} in flight, SIGKILL after ${KILL_AFTER_ACKS} acks; every acknowledged delivery PROCESSED after a restart, one order per stored delivery, none parked`,
      `acknowledged ${acked.length}, not acknowledged ${refused.length} (in flight at the kill), not sent ${DELIVERIES - sent.length}, unprocessed at the kill ${acked.length - leftBehind.outcome.processed}, jobs at the kill ${jobsAtKill.rows.map((row) => `${row.status} ${row.n}`).join(", ")} (RUNNING: claimed by the dead server, the last one free ${leaseLeft.rows[0]?.seconds?.toFixed(1) ?? "-"} s after the kill)`,
      `recovered ${outcome.processed} of ${acked.length}, lost ${outcome.missing}; orders ${outcome.orders}, order deliveries by status ${JSON.stringify(outcome.byStatus)}`,
      `recovery ${seconds.toFixed(1)} s from the restart (listening after ${listeningS.toFixed(1)} s; ${fromKillS.toFixed(1)} s from the kill, ${((restartedAt - killedAt) / 1000).toFixed(1)} s between kill and restart), limit ${RECOVERY_LIMIT_S} s`,
    ]);

    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(outcome.missing).toBe(0);
    expect(complete).toBe(true);
    expect(outcome.processed).toBe(acked.length);
    // Exactly once: each stored order delivery (acknowledged or cut off after its commit) made one
    // order, and nothing is parked, failed or still waiting.
    const stored = Object.values(outcome.byStatus).reduce((sum, n) => sum + n, 0);
    expect(outcome.byStatus).toEqual({ PROCESSED: stored });
    expect(outcome.orders).toBe(stored);
    recoverySeconds = seconds;
  });

  // Kept apart from the loss check above, so that a miss of the time limit is reported as such.
  it(`recovers within ${RECOVERY_LIMIT_S} s of an immediate restart`, () => {
    expect(recoverySeconds).not.toBeNull();
    expect(recoverySeconds).toBeLessThan(RECOVERY_LIMIT_S);
  });
});
