import { afterAll, beforeAll, beforeEach } from "vitest";
import { createLoyaltyDueJobs } from "~/core/loyalty/due.job.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import type { Db } from "~/db/prisma.server";
import { JobQueue, type JobHandler } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop, type FakeShopifyShop, type FakeShopifyShopOptions } from "../fakes/fake-shopify-shop";
import { TEST_SHOP } from "./shopify-webhooks";
import { startTestRuntime } from "./test-runtime";

// The loyalty program as the integration tests run it: on a clock the test sets, with settings
// that let points live forever unless the test says otherwise.

/** The default settings without expiry, with the test's changes. */
export const testProgramSettings = (overrides: Partial<ProgramSettings> = {}): ProgramSettings => ({
  ...DEFAULT_PROGRAM_SETTINGS,
  expiry: { kind: "never" },
  ...overrides,
});

/** The program's first day in the tests: the fixtures' orders (2024) are paid after it. */
export const TEST_PROGRAM_START = new Date("2024-01-01T00:00:00Z");

/** Switches the shop's program on with the test settings; returns the shop. */
export async function startTestProgram(db: Db, overrides: Partial<ProgramSettings> = {}, domain = TEST_SHOP) {
  const shop = await db.shop.findFirstOrThrow({ where: { domain } });
  await db.$transaction((tx) => saveProgram(tx, shop.id, { settings: testProgramSettings(overrides), enabled: true, startedAt: TEST_PROGRAM_START }));
  return shop;
}

/** What the test runtime starts with besides the program's subscriber (env such as SMTP settings). */
type LoyaltyRuntimeOptions = Omit<NonNullable<Parameters<typeof startTestRuntime>[0]>, "runtime">;

export interface LoyaltyTestOptions {
  /** The clock's time at the start of each test. */
  startsAt: Date;
  /** The fake shop (ACTION_SCOPES unless said otherwise). */
  shop?: Partial<FakeShopifyShopOptions>;
  /**
   * The runtime's options; a function is called in the hook that starts the runtime, after the
   * hooks registered before this call (so it can name a server they started).
   */
  runtime?: LoyaltyRuntimeOptions | (() => LoyaltyRuntimeOptions);
  /** Job kinds the queue runs besides the runtime's and the program's clock job. */
  jobs?: (clock: () => Date) => Record<string, JobHandler>;
}

export interface LoyaltyTest {
  /** Started before the file's tests, closed after them. */
  readonly runtime: Runtime;
  /** Runs every job at once, a failed one again without waiting. */
  readonly queue: JobQueue;
  /** TEST_SHOP installed anew before each test, with the fake Admin API behind it. */
  readonly shopify: FakeShopifyShop;
  /** The test's now: orders earn at it and the program's clock job runs at it; reset to `startsAt` before each test. */
  clock: Date;
}

/**
 * For the test file: a runtime whose program runs on the test's clock (orders earn at `clock`,
 * and the program's clock job — points maturing and expiring, notices — runs at it), its queue,
 * and TEST_SHOP installed on the fake Admin API. Registers its own hooks: call it at file level,
 * after the hooks that start what its options name.
 */
export function setUpLoyaltyTest(options: LoyaltyTestOptions): LoyaltyTest {
  let started: { runtime: Runtime; queue: JobQueue } | undefined;
  let clock = options.startsAt;
  const now = () => clock;
  beforeAll(async () => {
    const runtimeOptions = typeof options.runtime === "function" ? options.runtime() : options.runtime;
    const runtime = await startTestRuntime({ ...runtimeOptions, runtime: { outbox: { subscribers: [earnOnOrderSubscriber(now)] } } });
    const queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({
      ...runtime.jobHandlers,
      ...createLoyaltyDueJobs(now),
      ...options.jobs?.(now),
    });
    started = { runtime, queue };
  });
  afterAll(async () => {
    await started?.runtime.close();
  });
  beforeEach(() => {
    clock = options.startsAt;
  });
  const current = () => {
    if (!started) throw new Error("The loyalty test runtime starts in a hook: use it inside tests and later hooks");
    return started;
  };
  const shopify = setUpFakeShopifyShop(() => started?.runtime, { scopes: ACTION_SCOPES, ...options.shop });
  return {
    get runtime() {
      return current().runtime;
    },
    get queue() {
      return current().queue;
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

/** The program's clock ticks (at the test's clock) and every job it queues runs. */
export async function tickProgramClock(runtime: Runtime, queue: JobQueue): Promise<void> {
  await runtime.db.job.create({ data: { kind: "loyalty.due", payload: {} } });
  await queue.drain();
}

/** Points a customer brought along (an import entry), available at once; makes them a member. */
export async function creditImportedPoints(db: Db, input: { shopId: string; customerId: string; points: number; at: Date; sourceKey: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const member = await lockMember(tx, input.shopId, input.customerId);
    await appendEntries(tx, member, [{ kind: "import", points: input.points, occurredAt: input.at, sourceKey: input.sourceKey }], input.at, { inactivityDays: null });
  });
}
