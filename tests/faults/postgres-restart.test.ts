import { performance } from "node:perf_hooks";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { appEnv, freePort, startAppProcess, type AppProcess } from "./support/app-process";
import {
  acknowledged,
  demoOrderBodies,
  installFaultShop,
  newPool,
  sendDelivery,
  waitForProcessed,
  waitForSettled,
  type Sent,
} from "./support/deliveries";
import { startPrivatePostgres, type PrivatePostgres } from "./support/private-postgres";
import { report, scaled } from "./support/report";

// Fault 2: PostgreSQL is restarted while the server takes a burst and its workers apply batches.
// A transient database error is retried (decision 14), a claim of a batch whose commit failed
// frees itself when its lease ends, and the intake answers 5xx while it cannot store: Shopify then
// sends again, so nothing acknowledged may be lost, and nothing is applied twice.

const DELIVERIES = scaled(1500);
const RESTART_AFTER_ACKS = Math.floor(DELIVERIES / 3);
const DOWN_MS = 3_000;
const CONCURRENCY = 8;
const RECOVERY_TIMEOUT_MS = 120_000;

let cluster: PrivatePostgres | null = null;
let unavailable = "";
let databaseUrl = "";
let pool: pg.Pool | undefined;
let server: AppProcess | undefined;

beforeAll(async () => {
  const started = await startPrivatePostgres();
  if ("unavailable" in started) {
    unavailable = started.unavailable;
    return;
  }
  cluster = started;
  databaseUrl = (await createScratchDatabase(cluster.serverUrl, "crm_faults")).connectionString;
  await installFaultShop(databaseUrl);
  pool = newPool(databaseUrl);
});

afterAll(async () => {
  await server?.kill("SIGKILL");
  await pool?.end();
  cluster?.destroy();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PostgreSQL restarted mid-batch", () => {
  it("refuses deliveries while the database is down and processes every acknowledged one exactly once after", async (context) => {
    if (!cluster || !pool) {
      report("PostgreSQL restarted mid-batch", [`SKIPPED: no private PostgreSQL cluster could be made: ${unavailable}`]);
      context.skip();
      return;
    }
    const bodies = demoOrderBodies(DELIVERIES);
    server = startAppProcess(appEnv(databaseUrl, await freePort()));
    await server.listening;
    const baseUrl = server.baseUrl;

    // Senders go on through the restart; they stop when the bodies run out.
    const sent: Sent[] = [];
    let next = 0;
    const senders = Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        sent.push(await sendDelivery(baseUrl, "orders/create", bodies[next++]!));
        // While the database is down the answers come at once: slow down so the outage does not
        // use up the bodies, and some are left for after it.
        if (!acknowledged(sent[sent.length - 1]!)) await wait(50);
      }
    });

    while (sent.filter(acknowledged).length < RESTART_AFTER_ACKS) await wait(20);
    const runningAtStop = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Job" WHERE status = 'RUNNING'`);
    cluster.stop("fast");
    const downFrom = performance.now();
    await wait(DOWN_MS);
    const downTo = performance.now();
    cluster.start();
    const upAt = performance.now();
    await Promise.all(senders);

    const acked = sent.filter(acknowledged);
    // Sent after the stop had finished and answered before the start began: the database was down
    // for the whole request.
    const duringOutage = sent.filter((one) => one.sentAt > downFrom && one.answeredAt < downTo);
    const outageStatuses = countBy(duringOutage.map((one) => String(one.status)));
    const afterOutage = sent.filter((one) => one.sentAt > upAt);
    const { seconds, complete } = await waitForProcessed(pool, acked, RECOVERY_TIMEOUT_MS);
    const recoveredS = (performance.now() - upAt) / 1000;
    const outcome = await waitForSettled(pool, acked, 15_000);
    // The retry path was taken: jobs whose first attempt met the outage and ran again.
    const retried = await pool.query<{ n: string; dead: string }>(
      `SELECT count(*) FILTER (WHERE attempts > 1) AS n, count(*) FILTER (WHERE status = 'DEAD') AS dead FROM "Job"`,
    );
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
    const queueLog = server.log().split("\n").filter((line) => line.includes("[queue]")).length;
    await server.kill("SIGTERM");

    report("PostgreSQL restarted mid-batch", [
      `checked: ${DELIVERIES} signed orders/create, ${CONCURRENCY} in flight, pg_ctl stop -m fast after ${RESTART_AFTER_ACKS} acks (${runningAtStop.rows[0]!.n} jobs RUNNING), down ${DOWN_MS / 1000} s, start; deliveries during the outage answered 5xx; every acknowledged one PROCESSED once; the server survives`,
      `acknowledged ${acked.length} of ${sent.length}; during the outage ${duringOutage.length} answered ${JSON.stringify(outageStatuses)}; after it ${afterOutage.filter(acknowledged).length} of ${afterOutage.length} acknowledged`,
      `recovered ${outcome.processed} of ${acked.length}, lost ${outcome.missing}; orders ${outcome.orders}, order deliveries by status ${JSON.stringify(outcome.byStatus)}; jobs run more than once ${retried.rows[0]!.n}, dead ${retried.rows[0]!.dead}; ${queueLog} queue warnings logged`,
      `recovery ${recoveredS.toFixed(1)} s from the database's start until every acknowledged delivery was processed (waited ${seconds.toFixed(1)} s after the burst)`,
    ]);

    expect(serverAlive).toBe(true);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((one) => typeof one.status === "number" && one.status >= 500)).toBe(true);
    expect(afterOutage.filter(acknowledged).length).toBeGreaterThan(0);
    expect(outcome.missing).toBe(0);
    expect(complete).toBe(true);
    const stored = Object.values(outcome.byStatus).reduce((sum, n) => sum + n, 0);
    expect(outcome.byStatus).toEqual({ PROCESSED: stored });
    expect(outcome.orders).toBe(stored);
    expect(Number(retried.rows[0]!.dead)).toBe(0);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
