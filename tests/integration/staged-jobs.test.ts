import { beforeEach, describe, expect, test } from "vitest";
import { enqueueJob, PermanentJobError, type JobFailure, type JobHandler } from "~/jobs/queue.server";
import { stagedJob, type StagedJob } from "~/jobs/staged-job";
import { setUpTestRuntime, testJobQueue } from "../helpers/program-harness";

const t = setUpTestRuntime();
beforeEach(async () => {
  await t.runtime.db.job.deleteMany();
  await t.runtime.db.shop.deleteMany();
});

const onPostgres = process.env.CRM_TEST_DATABASE === "postgres";

// A staged job whose steps leave marks in the store: prepare creates the shop "<name>-prepared",
// record the shop "<name>-recorded"; the call answers with the name in capitals. Each test swaps
// in the step it is about.
interface Steps {
  prepared: string[];
  called: string[];
  recorded: string[];
  failures: JobFailure[];
}

function stagedWriter(overrides: Partial<StagedJob<string, string>> = {}) {
  const steps: Steps = { prepared: [], called: [], recorded: [], failures: [] };
  const job: StagedJob<string, string> = {
    async prepare(payload, tx) {
      const { name } = payload as { name: string };
      steps.prepared.push(name);
      await tx.shop.create({ data: { platform: "SHOPIFY", domain: `${name}-prepared` } });
      return name;
    },
    call(plan) {
      steps.called.push(plan);
      return Promise.resolve(plan.toUpperCase());
    },
    async record(plan, outcome, tx) {
      steps.recorded.push(outcome);
      await tx.shop.create({ data: { platform: "SHOPIFY", domain: `${plan}-recorded` } });
    },
    onFailure(_payload, _db, failure) {
      steps.failures.push(failure);
      return Promise.resolve();
    },
    ...overrides,
  };
  return { handler: stagedJob(job), steps };
}

function queueWith(handlers: Record<string, JobHandler>, options: { batchSize?: number; leaseMs?: number; heartbeatMs?: number } = {}) {
  return testJobQueue(t.runtime.db, handlers, options);
}

const shops = async () => (await t.runtime.db.shop.findMany({ orderBy: { domain: "asc" } })).map((shop) => shop.domain);

describe("staged jobs", () => {
  test("the call runs with no transaction open: prepare's writes are committed and seen from elsewhere", async () => {
    const seenDuringCall: string[][] = [];
    const idleInTransaction: number[] = [];
    const { handler, steps } = stagedWriter({
      async call(plan) {
        // On PGlite's one connection this query would wait for a transaction still open.
        seenDuringCall.push(await shops());
        if (onPostgres) {
          const [row] = await t.runtime.db.$queryRaw<Array<{ count: bigint }>>`
            SELECT count(*) AS count FROM pg_stat_activity
            WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
          idleInTransaction.push(Number(row!.count));
        }
        return plan.toUpperCase();
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });

    expect(await queueWith({ staged: handler }).drain()).toBe(1);

    expect(seenDuringCall).toEqual([["a-prepared"]]);
    if (onPostgres) expect(idleInTransaction).toEqual([0]);
    expect(steps.recorded).toEqual(["A"]);
    expect(await shops()).toEqual(["a-prepared", "a-recorded"]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 1 });
  });

  test("prepare, and record with the DONE mark, run in transactions of their own", async () => {
    const transactions: Record<string, bigint[]> = { prepare: [], record: [] };
    const txid = async (tx: Parameters<StagedJob<string, string>["record"]>[2]) =>
      (await tx.$queryRaw<Array<{ id: bigint }>>`SELECT txid_current() AS id`)[0]!.id;
    const { handler } = stagedWriter({
      async prepare(payload, tx) {
        transactions.prepare!.push(await txid(tx));
        return (payload as { name: string }).name;
      },
      async record(_plan, _outcome, tx) {
        transactions.record!.push(await txid(tx));
      },
    });
    for (const name of ["a", "b", "c"]) await enqueueJob(t.runtime.db, { kind: "staged", payload: { name } });

    await queueWith({ staged: handler }, { batchSize: 5 }).drain();

    const all = [...transactions.prepare!, ...transactions.record!];
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
    expect(await t.runtime.db.job.count({ where: { status: "DONE" } })).toBe(3);
  });

  test("plain jobs claimed in the same batch commit together, staged ones after them on their own", async () => {
    const order: string[] = [];
    const plain: JobHandler = {
      async run(payload, tx) {
        const { name } = payload as { name: string };
        order.push(`plain ${name}`);
        await tx.shop.create({ data: { platform: "SHOPIFY", domain: name } });
      },
    };
    const { handler } = stagedWriter({
      call(plan) {
        order.push(`call ${plan}`);
        return Promise.resolve(plan);
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "s1" } });
    await enqueueJob(t.runtime.db, { kind: "plain", payload: { name: "p1" } });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "s2" } });
    await enqueueJob(t.runtime.db, { kind: "plain", payload: { name: "p2" } });

    expect(await queueWith({ staged: handler, plain }, { batchSize: 4 }).drain()).toBe(4);

    expect(order).toEqual(["plain p1", "plain p2", "call s1", "call s2"]);
    expect(await t.runtime.db.job.count({ where: { status: "DONE" } })).toBe(4);
  });

  test("prepare returning null: the job is done, nothing is called, prepare's writes stay", async () => {
    const { handler, steps } = stagedWriter({
      async prepare(_payload, tx) {
        await tx.shop.create({ data: { platform: "SHOPIFY", domain: "nothing-to-do" } });
        return null;
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });

    await queueWith({ staged: handler }).drain();

    expect(steps.called).toEqual([]);
    expect(steps.recorded).toEqual([]);
    expect(await shops()).toEqual(["nothing-to-do"]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 1, lastError: null });
  });

  test("a failing call is retried; a failing record rolls back and is retried too", async () => {
    let calls = 0;
    let records = 0;
    const { handler, steps } = stagedWriter({
      // Prepare's write is per attempt: its own transaction commits before the call.
      async prepare(payload, tx, context) {
        await tx.shop.create({ data: { platform: "SHOPIFY", domain: `prepared-${context.attempt}` } });
        return (payload as { name: string }).name;
      },
      call(plan) {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error("platform unreachable"));
        return Promise.resolve(plan.toUpperCase());
      },
      async record(plan, _outcome, tx) {
        records += 1;
        await tx.shop.create({ data: { platform: "SHOPIFY", domain: `${plan}-recorded-${records}` } });
        if (records === 1) throw new Error("record crashed after writing");
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });

    await queueWith({ staged: handler }).drain();

    expect(calls).toBe(3);
    expect(records).toBe(2);
    expect(steps.failures.map((failure) => [failure.error, failure.attempt, failure.dead])).toEqual([
      ["Error: platform unreachable", 1, false],
      ["Error: record crashed after writing", 2, false],
    ]);
    expect(await shops()).toEqual(["a-recorded-2", "prepared-1", "prepared-2", "prepared-3"].sort());
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 3 });
  });

  test("a PermanentJobError from the call sends the job to the dead letters at once", async () => {
    const { handler, steps } = stagedWriter({
      call: () => Promise.reject(new PermanentJobError("customer deleted on the platform")),
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });

    await queueWith({ staged: handler }).drain();

    expect(steps.recorded).toEqual([]);
    expect(steps.failures).toEqual([
      { error: "PermanentJobError: customer deleted on the platform", attempt: 1, dead: true, permanent: true },
    ]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DEAD", attempts: 1 });
  });

  test("a job whose claims ran out without finishing (workers that died) goes dead without running", async () => {
    const { handler, steps } = stagedWriter();
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" }, maxAttempts: 2 });
    await t.runtime.db.job.updateMany({ data: { attempts: 2 } });

    await queueWith({ staged: handler }).drain();

    expect(steps.prepared).toEqual([]);
    expect(steps.failures).toEqual([{ error: "PermanentJobError: Gave up after 2 attempts (lease expired)", attempt: 3, dead: true, permanent: true }]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DEAD" });
  });

  test("a lease lost during the call: record's writes roll back with the fenced DONE mark, no failure is booked", async () => {
    const { handler, steps } = stagedWriter({
      async call(plan) {
        // Another worker takes the job over (this one's lease ran out while the platform answered).
        await t.runtime.db.$executeRaw`UPDATE "Job" SET "lockedBy" = 'other-worker'`;
        return plan.toUpperCase();
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });

    await queueWith({ staged: handler }).drain();

    expect(steps.recorded).toEqual(["A"]);
    expect(steps.failures).toEqual([]);
    expect(await shops()).toEqual(["a-prepared"]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "RUNNING", lockedBy: "other-worker", lastError: null });
  });

  test("a lease lost before the call: the platform is not called from here", async () => {
    const { handler, steps } = stagedWriter();
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });
    const queue = queueWith({ staged: handler });
    const [claimed] = await queue.claim(1);
    await t.runtime.db.$executeRaw`UPDATE "Job" SET "lockedBy" = 'other-worker'`;

    await queue.execute([claimed!]);

    expect(steps.prepared).toEqual(["a"]);
    expect(steps.called).toEqual([]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "RUNNING", lockedBy: "other-worker" });
  });

  test("the heartbeat keeps the lease through a call longer than it", async () => {
    const leaseMs = 300;
    let release = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const called: string[] = [];
    const { handler } = stagedWriter({
      async call(plan) {
        await answered;
        called.push(plan);
        return plan.toUpperCase();
      },
    });
    await enqueueJob(t.runtime.db, { kind: "staged", payload: { name: "a" } });
    const worker = queueWith({ staged: handler }, { leaseMs, heartbeatMs: 50 });
    const other = queueWith({ staged: handler }, { leaseMs });
    const [claimed] = await worker.claim(1);
    const finished = worker.execute([claimed!]);

    for (let i = 0; i < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 2));
      expect(await other.claim(1)).toEqual([]);
    }
    release();
    await finished;

    expect(called).toEqual(["a"]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 1 });
  });

  test("a staged handler's run refuses to run the steps inside a caller's transaction", async () => {
    const { handler, steps } = stagedWriter();
    await expect(t.runtime.db.$transaction((tx) => handler.run({ name: "a" }, tx, { jobId: 1n, attempt: 1 }))).rejects.toThrow(
      "A staged job runs only through the job queue",
    );
    expect(steps.prepared).toEqual([]);
  });
});
