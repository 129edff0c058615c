import { randomUUID } from "node:crypto";
import { groupBy } from "~/core/sync/batch";
import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { retryDelayMs } from "./backoff";
import { describeFailure, isRepeatingDatabaseError } from "./failure-kind";

// A durable job queue in the CRM's own PostgreSQL. Workers claim jobs with FOR UPDATE SKIP LOCKED
// under a short lease that a live worker keeps extending (a heartbeat), so the claims of a worker
// that died are taken over within the lease; a handler's writes and the job's DONE mark commit in
// one transaction, fenced by the claim token, so a crash mid-way leaves nothing behind and a job
// that outlived its lease cannot commit twice. A staged job (./staged-job.ts) calls a platform
// between two transactions instead, so no transaction waits on the call.

export type { Tx } from "~/db/prisma.server";

export interface JobContext {
  jobId: bigint;
  attempt: number;
}

export interface JobHandler {
  /** Runs inside the job's transaction: everything written through `tx` commits with the job. */
  run(payload: unknown, tx: Tx, context: JobContext): Promise<void>;
  /**
   * Runs several jobs of this kind at once, in the transaction that commits them, with the effect
   * `run` would have on each in turn: a kind whose work is set-based pays its statements once per
   * batch instead of once per job. Throwing fails the whole batch, which is then split up.
   */
  runBatch?(payloads: unknown[], tx: Tx): Promise<void>;
  /** Runs after a failed attempt, outside the rolled-back transaction. */
  onFailure?(payload: unknown, db: Db, failure: JobFailure): Promise<void>;
  /** Set by `stagedJob`: the queue runs these steps, each job alone, instead of `run`. */
  staged?: StagedJob<unknown, unknown>;
}

/** A job that calls a platform, run in steps (see ./staged-job.ts). */
export interface StagedJob<Plan, Outcome> {
  /**
   * Reads what the call needs, in a transaction of its own; its writes commit before the call.
   * null: nothing to call, the job is done (marked DONE in this transaction).
   */
  prepare(payload: unknown, tx: Tx, context: JobContext): Promise<Plan | null>;
  /** The platform call, outside any transaction. Throwing fails the attempt (PermanentJobError: no retry). */
  call(plan: Plan, context: JobContext): Promise<Outcome>;
  /** Records the outcome in the transaction that marks the job done; rolled back if the lease was lost. */
  record(plan: Plan, outcome: Outcome, tx: Tx, context: JobContext): Promise<void>;
  /** Runs after a failed attempt, outside any transaction of the job. */
  onFailure?(payload: unknown, db: Db, failure: JobFailure): Promise<void>;
}

export interface JobFailure {
  error: string;
  attempt: number;
  /** No retry follows: the attempts are used up, or the failure is permanent. */
  dead: boolean;
  /** Retrying cannot help (PermanentJobError, or data the database refuses): a fix and a re-run can. */
  permanent: boolean;
}

/** A failure that retrying cannot fix: the job goes straight to the dead letters. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

export interface EnqueueOptions {
  kind: string;
  payload: Prisma.InputJsonValue;
  uniqueKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface QueueOptions {
  /** Transactions run at the same time. */
  concurrency: number;
  /** Jobs committed together in one transaction. */
  batchSize?: number;
  /**
   * Bytes of jobs (their `bytes`: a delivery's body size) committed together at most; a batch is
   * cut by this as well as by `batchSize`. A job larger on its own is run alone.
   */
  batchBytes?: number;
  /** How long a claim holds without a heartbeat (a worker that died gives its jobs back after this). */
  leaseMs?: number;
  /** How often a live worker extends the lease of the jobs it runs. */
  heartbeatMs?: number;
  pollIntervalMs?: number;
  retryBaseMs?: number;
  /** Longest a job transaction may wait for a connection (the embedded server has one). */
  transactionMaxWaitMs?: number;
  transactionTimeoutMs?: number;
  log?: (message: string) => void;
}

interface ClaimedJob {
  id: bigint;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
}

/** Adds a job; with a uniqueKey that was used before, adds nothing. Returns whether it was added. */
export async function enqueueJob(db: Db | Tx, job: EnqueueOptions): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO "Job" (kind, payload, "uniqueKey", "runAt", "maxAttempts")
    VALUES (${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.uniqueKey ?? null},
            ${job.runAt ?? new Date()}, ${job.maxAttempts ?? 8})
    ON CONFLICT ("uniqueKey") DO NOTHING`;
  return inserted > 0;
}

/**
 * What a batch may hold besides its count. A batch holds its deliveries' bodies in memory at once,
 * and decoding each makes several times its size in short-lived objects (a 5 MB order with
 * 3,700 lines: ~33 MB), all on the thread that also answers webhooks. 8 MB takes the 200 orders of
 * a usual batch (~9 KB each) whole, and one delivery at the intake's 5 MB limit alone, so the
 * `concurrency` batches of a process hold a few tens of MB of bodies at most.
 */
const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

export class JobQueue {
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  /** Claim tokens of the batches running here, with how many of their batches still run. */
  private readonly held = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly batchBytes: number;
  private running = 0;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakeRequested = false;
  private idleWaiters: Array<{ afterRound: number; resolve: () => void }> = [];
  private round = 0;
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly db: Db,
    private readonly options: QueueOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.batchSize = options.batchSize ?? 1;
    this.batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  }

  /**
   * Adds the handlers of job kinds (a platform adapter's, the delivery pipeline's, the outbox's):
   * the queue knows no kind itself. A kind is handled by one handler only.
   */
  register(handlers: Record<string, JobHandler>): this {
    for (const [kind, handler] of Object.entries(handlers)) {
      if (this.handlers.has(kind)) throw new Error(`Job kind "${kind}" is registered twice`);
      this.handlers.set(kind, handler);
    }
    return this;
  }

  /** Every kind registered so far, with its handler. */
  get registered(): Readonly<Record<string, JobHandler>> {
    return Object.fromEntries(this.handlers);
  }

  /**
   * Claims one batch: up to `limit` due jobs, then running ones whose lease has expired, cut where
   * their bytes would pass the batch's budget (the first job is taken whatever its size, so none
   * waits forever). Two index-friendly branches instead of one OR, each limited before the running
   * sum is taken over the few rows they lock: the claim stays cheap when the table holds many
   * finished jobs. The rows locked beyond the cut are free again when the statement ends.
   */
  async claim(limit: number): Promise<ClaimedJob[]> {
    const token = randomUUID();
    const rows = await this.db.$queryRaw<Array<Omit<ClaimedJob, "lockedBy">>>`
      WITH queued AS (
        SELECT id, "runAt", bytes FROM "Job" WHERE status = 'QUEUED' AND "runAt" <= now()
        ORDER BY "runAt", id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ), expired AS (
        SELECT id, "runAt", bytes FROM "Job" WHERE status = 'RUNNING' AND "lockedUntil" < now()
        LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ), candidate AS (
        -- Queued jobs in the order they became due, then expired ones; each with the bytes up to it.
        SELECT id, row_number() OVER w AS n, sum(bytes) OVER w AS total
        FROM (SELECT 0 AS branch, * FROM queued UNION ALL SELECT 1 AS branch, * FROM expired) c
        WINDOW w AS (ORDER BY branch, "runAt", id ROWS UNBOUNDED PRECEDING)
      ), claimed AS (
        UPDATE "Job" SET status = 'RUNNING', "lockedBy" = ${token},
          "lockedUntil" = now() + make_interval(secs => ${this.leaseMs / 1000}),
          attempts = attempts + 1
        WHERE id IN (SELECT id FROM candidate WHERE n <= ${limit} AND (n = 1 OR total <= ${this.batchBytes}))
        RETURNING id, kind, payload, attempts, "maxAttempts", "runAt"
      )
      -- In the order the jobs became due: a batch runs its jobs in this order.
      SELECT id, kind, payload, attempts, "maxAttempts" FROM claimed ORDER BY "runAt", id`;
    return rows.map((row) => ({ ...row, lockedBy: token }));
  }

  /**
   * Claims batches, one statement each, until `slots` are filled or one comes back short of the
   * count: no due job is left, or bytes cut it and the caller's next round goes on. When a claim
   * fails after others succeeded, those batches are returned to run; the failure shows again on
   * the next claim.
   */
  private async claimBatches(slots: number): Promise<ClaimedJob[][]> {
    const batches: ClaimedJob[][] = [];
    try {
      while (batches.length < slots) {
        const batch = await this.claim(this.batchSize);
        if (batch.length > 0) batches.push(batch);
        if (batch.length < this.batchSize) break;
      }
    } catch (error) {
      if (batches.length === 0) throw error;
    }
    return batches;
  }

  /**
   * Runs claimed jobs to DONE, to a later retry, or to the dead letters. A batch commits in one
   * transaction (far fewer round trips); if any job in it fails, its halves are run again on
   * their own, down to single jobs, so one bad job never holds back the others and costs a few
   * transactions rather than one per job of the batch.
   */
  async execute(batch: ClaimedJob[]): Promise<void> {
    const token = batch[0]?.lockedBy;
    if (!token) return;
    this.hold(token);
    try {
      // Staged jobs after the others: their platform calls may take long, and the rest of the
      // batch need not wait for them to commit.
      const staged = batch.filter((job) => this.handlers.get(job.kind)?.staged);
      await this.executeSplitting(batch.filter((job) => !staged.includes(job)));
      for (const job of staged) await this.executeStaged(job);
    } finally {
      this.release(token);
    }
  }

  private async executeSplitting(batch: ClaimedJob[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.commit(batch);
      } catch {
        const half = Math.ceil(batch.length / 2);
        await this.executeSplitting(batch.slice(0, half));
        await this.executeSplitting(batch.slice(half));
      }
      return;
    }
    const [job] = batch;
    if (!job) return;
    try {
      await this.commit([job]);
    } catch (error) {
      if (error instanceof LeaseLostError) return; // another worker owns the job now
      await this.recordFailure(job, this.handlers.get(job.kind), error);
    }
  }

  private hold(token: string): void {
    this.held.set(token, (this.held.get(token) ?? 0) + 1);
    this.heartbeat ??= setInterval(() => void this.beat(), this.heartbeatMs).unref();
  }

  private release(token: string): void {
    const left = (this.held.get(token) ?? 1) - 1;
    if (left > 0) this.held.set(token, left);
    else this.held.delete(token);
    if (this.held.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  /** Extends the lease of every job running here; one beat at a time (on PGlite it waits for the connection). */
  private async beat(): Promise<void> {
    if (this.beating || this.held.size === 0) return;
    const tokens = [...this.held.keys()];
    this.beating = this.db.$executeRaw`
      UPDATE "Job" SET "lockedUntil" = now() + make_interval(secs => ${this.leaseMs / 1000})
      WHERE "lockedBy" = ANY(${tokens}::text[]) AND status = 'RUNNING'`
      .then(
        () => undefined,
        (error: unknown) => this.options.log?.(`extending leases failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.beating = null;
      });
    await this.beating;
  }

  /** The job's handler, when the job may run (its kind is known, attempts are left). */
  private runnable(job: ClaimedJob): JobHandler {
    const handler = this.handlers.get(job.kind);
    if (!handler) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
    if (job.attempts > job.maxAttempts) {
      throw new PermanentJobError(`Gave up after ${job.maxAttempts} attempts (lease expired)`);
    }
    return handler;
  }

  private transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, {
      maxWait: this.options.transactionMaxWaitMs ?? 60_000,
      timeout: this.options.transactionTimeoutMs ?? 120_000,
    });
  }

  /** Marks the jobs DONE if this claim still holds them all; otherwise throws, which rolls the transaction back. */
  private async markDone(tx: Tx, batch: ClaimedJob[]): Promise<void> {
    const ids = batch.map((job) => job.id);
    const marked = await tx.$executeRaw`
      UPDATE "Job" SET status = 'DONE', "finishedAt" = now(), "lockedUntil" = NULL
      WHERE id = ANY(${ids}::bigint[]) AND "lockedBy" = ${batch[0]!.lockedBy} AND status = 'RUNNING'`;
    if (marked !== batch.length) throw new LeaseLostError(`Jobs ${ids.join(", ")} lost their lease`);
  }

  /**
   * A staged job: prepare in one transaction, the call with none open, record in the one that
   * marks it DONE. The claim is checked before the call: a job another worker has taken over
   * meanwhile does not call the platform from here as well.
   */
  private async executeStaged(job: ClaimedJob): Promise<void> {
    const context = { jobId: job.id, attempt: job.attempts };
    try {
      const steps = this.runnable(job).staged!;
      const plan = await this.transaction(async (tx) => {
        const prepared = await steps.prepare(job.payload, tx, context);
        if (prepared === null) await this.markDone(tx, [job]);
        else await this.assertHeld(tx, job);
        return prepared;
      });
      if (plan === null) return;
      const outcome = await steps.call(plan, context);
      await this.transaction(async (tx) => {
        await steps.record(plan, outcome, tx, context);
        await this.markDone(tx, [job]);
      });
    } catch (error) {
      if (error instanceof LeaseLostError) return; // another worker owns the job now
      await this.recordFailure(job, this.handlers.get(job.kind), error);
    }
  }

  private async assertHeld(tx: Tx, job: ClaimedJob): Promise<void> {
    const held = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM "Job" WHERE id = ${job.id} AND "lockedBy" = ${job.lockedBy} AND status = 'RUNNING'`;
    if (held.length === 0) throw new LeaseLostError(`Job ${job.id} lost its lease`);
  }

  private async commit(batch: ClaimedJob[]): Promise<void> {
    const runs = batch.map((job) => ({ job, handler: this.runnable(job) }));
    await this.transaction(async (tx) => {
      // Jobs per handler, handlers in the order of their first job, jobs in claim order.
      for (const group of groupBy(runs, (run) => run.handler)) {
        const [first] = group;
        if (first?.handler.runBatch && group.length > 1) {
          await first.handler.runBatch(group.map(({ job }) => job.payload), tx);
          continue;
        }
        for (const { job, handler } of group) {
          await handler.run(job.payload, tx, { jobId: job.id, attempt: job.attempts });
        }
      }
      await this.markDone(tx, batch);
    });
  }

  private async recordFailure(job: ClaimedJob, handler: JobHandler | undefined, error: unknown) {
    const message = describeFailure(error);
    const permanent = error instanceof PermanentJobError || isRepeatingDatabaseError(error);
    const dead = permanent || job.attempts >= job.maxAttempts;
    const retryAt = new Date(Date.now() + retryDelayMs(job.attempts, this.options.retryBaseMs));
    const updated = await this.db.$executeRaw`
      UPDATE "Job" SET status = ${dead ? "DEAD" : "QUEUED"}::"JobStatus", "lastError" = ${message},
        "runAt" = ${retryAt}, "lockedBy" = NULL, "lockedUntil" = NULL,
        "finishedAt" = ${dead ? new Date() : null}
      WHERE id = ${job.id} AND "lockedBy" = ${job.lockedBy}`;
    if (updated !== 1) return;
    this.options.log?.(`job ${job.id} (${job.kind}) attempt ${job.attempts} failed${dead ? ", dead" : ""}: ${message}`);
    await handler?.onFailure?.(job.payload, this.db, { error: message, attempt: job.attempts, dead, permanent });
  }

  /** Claims and runs due jobs until none is left; for tests, scripts and benchmarks. */
  async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const batches = await this.claimBatches(this.options.concurrency);
      if (batches.length === 0) return done;
      await Promise.all(batches.map((batch) => this.execute(batch)));
      done += batches.reduce((sum, batch) => sum + batch.length, 0);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.pollLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.loop = null;
    // A beat still waiting for a connection must end before the database closes.
    await this.beating;
  }

  /** Makes an idle worker look for jobs now instead of at its next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /**
   * Resolves when the worker, looking after this call, finds no due job and none running (for
   * the demo loader and tests).
   */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push({ afterRound: this.round, resolve }));
  }

  private async pollLoop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopped) {
      this.wakeRequested = false;
      const round = ++this.round;
      const free = this.options.concurrency - this.running;
      let claimed: ClaimedJob[][] = [];
      if (free > 0) {
        try {
          claimed = await this.claimBatches(free);
        } catch (error) {
          this.options.log?.(`claiming jobs failed: ${(error as Error).message}`);
        }
      }
      for (const batch of claimed) {
        this.running += 1;
        const task = this.execute(batch)
          .catch((error: unknown) => this.options.log?.(`jobs ${batch.map((job) => job.id).join(", ")} crashed: ${String(error)}`))
          .finally(() => {
            this.running -= 1;
            inFlight.delete(task);
            this.wake();
          });
        inFlight.add(task);
      }
      if (claimed.length === 0 && this.running === 0) {
        const satisfied = this.idleWaiters.filter((waiter) => waiter.afterRound < round);
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter.afterRound >= round);
        for (const waiter of satisfied) waiter.resolve();
      }
      const saturated = claimed.length === 0 || this.running >= this.options.concurrency;
      if (saturated && !this.wakeRequested) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollIntervalMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }
    await Promise.all(inFlight);
  }
}
