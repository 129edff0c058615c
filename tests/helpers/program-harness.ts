import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db } from "~/db/prisma.server";
import { JobQueue, type JobHandler, type QueueOptions } from "~/jobs/queue.server";
import type { Subscriber } from "~/outbox/subscriber";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop, type FakeShopifyShop, type FakeShopifyShopOptions } from "../fakes/fake-shopify-shop";
import { startTestRuntime } from "./test-runtime";

// What the integration tests of the queue and of the programs start from: a runtime of the file's
// own, a queue the test drains itself, and, for a program, a clock the test sets (its subscribers
// and jobs take their now from it) with TEST_SHOP installed on the fake Admin API.

/** A queue that runs one job at a time and a failed one again without waiting (unless `options` say otherwise). */
export function testJobQueue(db: Db, handlers: Record<string, JobHandler>, options: Partial<QueueOptions> = {}): JobQueue {
  return new JobQueue(db, { concurrency: 1, retryBaseMs: 0, ...options }).register(handlers);
}

/** What the test runtime starts with (env such as SMTP settings, the outbox's subscribers). */
export type TestRuntimeOptions = NonNullable<Parameters<typeof startTestRuntime>[0]>;

/**
 * A runtime started before the file's tests and closed after them; looked up at each use, so the
 * handle can be kept at file level. `options` as a function is called in the hook that starts the
 * runtime, after the hooks registered before this call (so it can name a server they started).
 */
export function setUpTestRuntime(options: TestRuntimeOptions | (() => TestRuntimeOptions) = {}): { readonly runtime: Runtime } {
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await startTestRuntime(typeof options === "function" ? options() : options);
  });
  afterAll(async () => {
    await runtime?.close();
  });
  return {
    get runtime() {
      if (!runtime) throw new Error("The test runtime starts in a hook: use it inside tests and later hooks");
      return runtime;
    },
  };
}

/** The program's now: the test's clock. */
export type TestClock = () => Date;

export interface ProgramHarnessOptions {
  /** The clock's time at the start of each test. */
  startsAt: Date;
  /** The outbox's subscribers, on the test's clock (the runtime's own unless given). */
  subscribers?: (now: TestClock) => readonly Subscriber[];
  /** Job kinds the queue runs besides the runtime's, on the test's clock. */
  jobs?: (now: TestClock, shopify: FakeShopifyShop) => Record<string, JobHandler>;
  /** The fake shop (ACTION_SCOPES unless said otherwise). */
  shop?: Partial<FakeShopifyShopOptions>;
  /** The runtime's options besides the subscribers; a function is called as setUpTestRuntime says. */
  runtime?: Omit<TestRuntimeOptions, "runtime"> | (() => Omit<TestRuntimeOptions, "runtime">);
}

export interface ProgramHarness {
  /** Started before the file's tests, closed after them. */
  readonly runtime: Runtime;
  /** Runs every job at once (the runtime's and the program's), a failed one again without waiting. */
  readonly queue: JobQueue;
  /** TEST_SHOP installed anew before each test, with the fake Admin API behind it. */
  readonly shopify: FakeShopifyShop;
  /** The test's now; reset to `startsAt` before each test. */
  clock: Date;
}

/**
 * For the test file of a program: a runtime whose subscribers and jobs run on the test's clock,
 * its queue, and TEST_SHOP installed on the fake Admin API. Registers its own hooks: call it at
 * file level, after the hooks that start what its options name.
 */
export function setUpProgramHarness(options: ProgramHarnessOptions): ProgramHarness {
  let clock = options.startsAt;
  const now = () => clock;
  const started = setUpTestRuntime(() => {
    const runtimeOptions = typeof options.runtime === "function" ? options.runtime() : options.runtime;
    return { ...runtimeOptions, runtime: options.subscribers ? { outbox: { subscribers: options.subscribers(now) } } : undefined };
  });
  let queue: JobQueue | undefined;
  beforeAll(() => {
    queue = testJobQueue(started.runtime.db, { ...started.runtime.jobHandlers, ...options.jobs?.(now, shopify) });
  });
  beforeEach(() => {
    clock = options.startsAt;
  });
  const shopify = setUpFakeShopifyShop(() => started.runtime, { scopes: ACTION_SCOPES, ...options.shop });
  return {
    get runtime() {
      return started.runtime;
    },
    get queue() {
      if (!queue) throw new Error("The test queue starts in a hook: use it inside tests and later hooks");
      return queue;
    },
    shopify,
    get clock() {
      return clock;
    },
    set clock(at) {
      clock = at;
    },
  };
}
