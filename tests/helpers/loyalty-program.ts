import { createLoyaltyDueJobs } from "~/core/loyalty/due.job.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import type { Db } from "~/db/prisma.server";
import type { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { setUpProgramHarness, type ProgramHarness, type ProgramHarnessOptions } from "./program-harness";
import { TEST_SHOP } from "./shopify-webhooks";

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

/**
 * For the test file: a runtime whose program runs on the test's clock (orders earn at `clock`,
 * and the program's clock job — points maturing and expiring, notices — runs at it), its queue,
 * and TEST_SHOP installed on the fake Admin API. Registers its own hooks: call it at file level,
 * after the hooks that start what its options name.
 */
export function setUpLoyaltyTest(options: Omit<ProgramHarnessOptions, "subscribers">): ProgramHarness {
  return setUpProgramHarness({
    ...options,
    subscribers: (now) => [earnOnOrderSubscriber(now)],
    jobs: (now, shopify) => ({ ...createLoyaltyDueJobs(now), ...options.jobs?.(now, shopify) }),
  });
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
