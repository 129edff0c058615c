import type { Db } from "~/db/prisma.server";
import type { JobContext, JobFailure, JobHandler, Tx } from "./queue.server";

// A job that calls a platform (Shopify) must not hold a database transaction, and with it a
// connection and its row locks, while the call waits: an outage would leave every worker idle in
// transaction. The queue runs such a job in three steps: `prepare` in a short transaction of its
// own, `call` with no transaction open, and `record` in the transaction that marks the job DONE,
// fenced by the claim like any job's. The claim's heartbeat keeps the lease across all three; a
// failure in any step is the attempt's failure (retry with backoff, `onFailure`, dead letters),
// and a job whose lease was lost in between records nothing.

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

/**
 * The queue's handler for a staged job: never batched with others into one transaction; the staged
 * jobs of one claim run one after another, each step by step.
 */
export function stagedJob<Plan, Outcome>(job: StagedJob<Plan, Outcome>): JobHandler {
  return {
    staged: job,
    // The queue runs the steps apart; a caller running this handler in a transaction of its own
    // would hold that transaction over the platform call, which is what staging exists to avoid.
    run() {
      return Promise.reject(new Error("A staged job runs only through the job queue"));
    },
    ...(job.onFailure ? { onFailure: job.onFailure.bind(job) } : {}),
  };
}
