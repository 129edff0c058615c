import type { JobHandler, StagedJob } from "./queue.server";

export type { StagedJob } from "./queue.server";

// A job that calls a platform (Shopify) must not hold a database transaction, and with it a
// connection and its row locks, while the call waits: an outage would leave every worker idle in
// transaction. The queue runs such a job in three steps: `prepare` in a short transaction of its
// own, `call` with no transaction open, and `record` in the transaction that marks the job DONE,
// fenced by the claim like any job's. The claim's heartbeat keeps the lease across all three; a
// failure in any step is the attempt's failure (retry with backoff, `onFailure`, dead letters),
// and a job whose lease was lost in between records nothing.

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
