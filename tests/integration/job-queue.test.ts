import { beforeEach, describe, expect, test } from "vitest";
import { enqueueJob, JobQueue, PermanentJobError, type JobHandler, type Tx } from "~/jobs/queue.server";
import { setUpTestRuntime, testJobQueue } from "../helpers/program-harness";

const t = setUpTestRuntime();
beforeEach(async () => {
  await t.runtime.db.job.deleteMany();
  await t.runtime.db.shop.deleteMany();
});

// A handler whose effect is visible in the store: it creates a shop named by the payload.
function shopWriter(options: { failTimes?: number; failAfterWrite?: boolean; permanent?: boolean } = {}) {
  const runs: string[] = [];
  let failures = 0;
  const handler: JobHandler = {
    async run(payload, tx) {
      const { domain } = payload as { domain: string };
      runs.push(domain);
      await tx.shop.create({ data: { platform: "SHOPIFY", domain } });
      if (options.permanent) throw new PermanentJobError("cannot ever work");
      if (failures < (options.failTimes ?? 0)) {
        failures += 1;
        throw new Error(`crash ${failures} after writing`);
      }
    },
  };
  return { handler, runs };
}

function queueWith(handler: JobHandler, concurrency = 2, batchSize = 1) {
  return testJobQueue(t.runtime.db, { write: handler }, { concurrency, batchSize });
}

describe("job queue", () => {
  test("an enqueue repeated with the same unique key adds one job", async () => {
    expect(await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "a" }, uniqueKey: "k1" })).toBe(true);
    expect(await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "a" }, uniqueKey: "k1" })).toBe(false);
    expect(await t.runtime.db.job.count()).toBe(1);
  });

  test("a job that crashes after writing leaves no partial write and is retried to success", async () => {
    const { handler, runs } = shopWriter({ failTimes: 2 });
    const queue = queueWith(handler);
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "retry.myshopify.com" } });

    await queue.drain();

    expect(runs).toHaveLength(3);
    expect(await t.runtime.db.shop.count({ where: { domain: "retry.myshopify.com" } })).toBe(1);
    const job = await t.runtime.db.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: "DONE", attempts: 3, lastError: "Error: crash 2 after writing" });
  });

  test("after its last attempt a failing job is a dead letter with its error kept", async () => {
    const { handler } = shopWriter({ failTimes: 100 });
    const failures: Array<{ dead: boolean; attempt: number }> = [];
    handler.onFailure = async (_payload, _db, failure) => {
      failures.push({ dead: failure.dead, attempt: failure.attempt });
    };
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "dead.myshopify.com" }, maxAttempts: 3 });

    await queueWith(handler).drain();

    const job = await t.runtime.db.job.findFirstOrThrow();
    expect(job.status).toBe("DEAD");
    expect(job.lastError).toContain("crash 3 after writing");
    expect(failures).toEqual([
      { dead: false, attempt: 1 },
      { dead: false, attempt: 2 },
      { dead: true, attempt: 3 },
    ]);
    expect(await t.runtime.db.shop.count()).toBe(0);
  });

  test("a permanent error goes to the dead letters without retries", async () => {
    const { handler, runs } = shopWriter({ permanent: true });
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "p.myshopify.com" } });
    await queueWith(handler).drain();
    expect(runs).toHaveLength(1);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DEAD", attempts: 1 });
  });

  test("a job of an unknown kind is a dead letter, not a crash", async () => {
    await enqueueJob(t.runtime.db, { kind: "nobody-handles-this", payload: {} });
    await queueWith(shopWriter().handler).drain();
    const job = await t.runtime.db.job.findFirstOrThrow();
    expect(job.status).toBe("DEAD");
    expect(job.lastError).toContain('No handler for job kind "nobody-handles-this"');
  });

  test("two workers draining one queue run every job exactly once", async () => {
    const { handler, runs } = shopWriter();
    for (let i = 0; i < 40; i += 1) {
      await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: `s${i}.myshopify.com` } });
    }
    await Promise.all([queueWith(handler, 3, 4).drain(), queueWith(handler, 3, 4).drain()]);
    expect(runs).toHaveLength(40);
    expect(new Set(runs).size).toBe(40);
    expect(await t.runtime.db.job.count({ where: { status: "DONE" } })).toBe(40);
  });

  test("jobs committed in batches: one failing job neither loses nor blocks its neighbours", async () => {
    const runs: string[] = [];
    const handler: JobHandler = {
      async run(payload, tx) {
        const { domain } = payload as { domain: string };
        runs.push(domain);
        await tx.shop.create({ data: { platform: "SHOPIFY", domain } });
        if (domain === "bad.myshopify.com") throw new PermanentJobError("bad payload");
      },
    };
    for (const name of ["a", "b", "bad", "c", "d", "e", "f"]) {
      await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: `${name}.myshopify.com` } });
    }
    await queueWith(handler, 1, 5).drain();

    const shops = await t.runtime.db.shop.findMany({ orderBy: { domain: "asc" } });
    expect(shops.map((shop) => shop.domain)).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((name) => `${name}.myshopify.com`),
    );
    expect(await t.runtime.db.job.count({ where: { status: "DONE" } })).toBe(6);
    expect(await t.runtime.db.job.findFirstOrThrow({ where: { status: "DEAD" } })).toMatchObject({
      lastError: "PermanentJobError: bad payload",
      attempts: 1,
    });
  });

  test("a kind that runs batches gets them whole; a failing batch is halved until the bad job stands alone", async () => {
    const calls: string[][] = [];
    const writeAll = async (payloads: unknown[], tx: Tx) => {
      const domains = payloads.map((payload) => (payload as { domain: string }).domain);
      calls.push(domains.map((domain) => domain.split(".")[0]!));
      await tx.shop.createMany({ data: domains.map((domain) => ({ platform: "SHOPIFY" as const, domain })) });
      if (domains.includes("bad.myshopify.com")) throw new PermanentJobError("bad payload");
    };
    const handler: JobHandler = { run: (payload, tx) => writeAll([payload], tx), runBatch: writeAll };
    for (const name of ["a", "b", "bad", "c", "d", "e", "f"]) {
      await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: `${name}.myshopify.com` } });
    }
    await queueWith(handler, 1, 8).drain();

    expect(calls).toEqual([
      ["a", "b", "bad", "c", "d", "e", "f"],
      ["a", "b", "bad", "c"],
      ["a", "b"],
      ["bad", "c"],
      ["bad"],
      ["c"],
      ["d", "e", "f"],
    ]);
    expect(await t.runtime.db.shop.count()).toBe(6);
    expect(await t.runtime.db.job.count({ where: { status: "DONE", attempts: 1 } })).toBe(6);
    expect(await t.runtime.db.job.findFirstOrThrow({ where: { status: "DEAD" } })).toMatchObject({ attempts: 1 });
  });

  describe("batches cut by bytes as well as by count", () => {
    /** Enqueues jobs named by their sizes, in the order given, each due a millisecond after the one before. */
    async function enqueueSized(sizes: Record<string, number>) {
      const start = Date.now() - 60_000;
      let i = 0;
      for (const [name, bytes] of Object.entries(sizes)) {
        await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: `${name}.myshopify.com` }, runAt: new Date(start + i++) });
        await t.runtime.db.job.updateMany({ where: { payload: { equals: { domain: `${name}.myshopify.com` } } }, data: { bytes } });
      }
    }
    const names = (jobs: Array<{ payload: unknown }>) => jobs.map((job) => (job.payload as { domain: string }).domain.split(".")[0]!);

    test("small jobs are claimed up to the count, in the order they became due", async () => {
      await enqueueSized(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, 5])));
      const queue = new JobQueue(t.runtime.db, { concurrency: 1, batchSize: 4, batchBytes: 100 });
      expect(names(await queue.claim(4))).toEqual(["s0", "s1", "s2", "s3"]);
      expect(names(await queue.claim(4))).toEqual(["s4", "s5", "s6", "s7"]);
    });

    test("large jobs are cut where their sum would pass the budget; one larger than it runs alone; order holds", async () => {
      await enqueueSized({ a: 40, b: 40, c: 40, d: 10, huge: 500, e: 30, f: 70, g: 1 });
      const calls: string[][] = [];
      const handler: JobHandler = {
        run: async () => {},
        runBatch: async (payloads) => {
          calls.push(names(payloads.map((payload) => ({ payload }))));
        },
      };
      const queue = new JobQueue(t.runtime.db, { concurrency: 2, batchSize: 10, batchBytes: 100 }).register({ write: handler });
      expect(await queue.drain()).toBe(8);
      // Single-job batches go through `run`: they are the ones missing here.
      expect(calls).toEqual([["a", "b"], ["c", "d"], ["e", "f"]]);
      const claimedAlone = await t.runtime.db.job.findMany({ where: { bytes: { in: [500, 1] } }, select: { status: true } });
      expect(claimedAlone.map((job) => job.status)).toEqual(["DONE", "DONE"]);
    });

    test("an expired lease's job counts after the queued ones", async () => {
      await enqueueSized({ stale: 60, fresh: 60 });
      await t.runtime.db.job.updateMany({
        where: { bytes: 60, payload: { equals: { domain: "stale.myshopify.com" } } },
        data: { status: "RUNNING", lockedBy: "dead-worker", lockedUntil: new Date(Date.now() - 1000) },
      });
      const queue = new JobQueue(t.runtime.db, { concurrency: 1, batchSize: 10, batchBytes: 100 });
      expect(names(await queue.claim(10))).toEqual(["fresh"]);
      expect(names(await queue.claim(10))).toEqual(["stale"]);
    });
  });

  test("a worker that lost its lease cannot commit: the job takes effect once", async () => {
    const { handler, runs } = shopWriter();
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "lease.myshopify.com" } });
    const stalled = queueWith(handler);
    const [staleClaim] = await stalled.claim(1);
    // The stalled worker's lease runs out; another worker takes the job over and finishes it.
    await t.runtime.db.job.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
    await queueWith(handler).drain();
    await stalled.execute([staleClaim!]);

    expect(runs).toHaveLength(2);
    expect(await t.runtime.db.shop.count({ where: { domain: "lease.myshopify.com" } })).toBe(1);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 2 });
  });

  test("the claims of a worker that died are taken over once its short lease runs out", async () => {
    const { handler, runs } = shopWriter();
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "crashed.myshopify.com" } });
    const leaseMs = 400;
    // Claimed, then never run nor extended: the worker was killed.
    expect(await new JobQueue(t.runtime.db, { concurrency: 1, leaseMs }).claim(1)).toHaveLength(1);
    const successor = new JobQueue(t.runtime.db, { concurrency: 1, leaseMs, retryBaseMs: 0 }).register({ write: handler });

    expect(await successor.drain()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 200));
    expect(await successor.drain()).toBe(1);

    expect(runs).toEqual(["crashed.myshopify.com"]);
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 2 });
  });

  // PGlite serves one connection, which the running job's transaction holds: no second worker can
  // claim there (and the heartbeat waits its turn), so this is a PostgreSQL matter.
  test.runIf(process.env.CRM_TEST_DATABASE === "postgres")("a live worker keeps extending the lease of a job that runs longer than it", async () => {
    const leaseMs = 300;
    let release = () => {};
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: JobHandler = {
      async run(payload, tx) {
        await running;
        await tx.shop.create({ data: { platform: "SHOPIFY", domain: (payload as { domain: string }).domain } });
      },
    };
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "slow.myshopify.com" } });
    const worker = new JobQueue(t.runtime.db, { concurrency: 1, leaseMs, heartbeatMs: 50 }).register({ write: slow });
    const other = new JobQueue(t.runtime.db, { concurrency: 1, leaseMs }).register({ write: slow });
    const [claimed] = await worker.claim(1);
    const finished = worker.execute([claimed!]);

    // Three leases long, another worker finds nothing to take over.
    for (let i = 0; i < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 2));
      expect(await other.claim(1)).toEqual([]);
    }
    release();
    await finished;
    expect(await t.runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 1 });
  });

  test("a started worker picks up new jobs when woken and reports idle", async () => {
    const { handler } = shopWriter();
    const queue = queueWith(handler);
    queue.start();
    await enqueueJob(t.runtime.db, { kind: "write", payload: { domain: "woken.myshopify.com" } });
    queue.wake();
    await queue.whenIdle();
    await queue.stop();
    expect(await t.runtime.db.shop.count({ where: { domain: "woken.myshopify.com" } })).toBe(1);
  });
});
