import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CUSTOMER_SYNC_JOB } from "~/core/loyalty/customer-sync.job.server";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { JobQueue } from "~/jobs/queue.server";
import { stagedJob } from "~/jobs/staged-job";
import type { Runtime } from "~/runtime.server";
import { creditImportedPoints, startTestProgram } from "../helpers/loyalty-program";
import { startTestRuntime } from "../helpers/test-runtime";

// In demo mode the demo shop's platform is the demo's own (app/demo/demo-platform-actions.ts): the
// members' loyalty fields are written to it like to any shop's platform, and the admin sees them
// synced, with the tier that was written.

let runtime: Runtime;
let shopId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { CRM_DEMO: "1" } });
  const { domain, name, currency } = DEMO_SHOP;
  shopId = (await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain, name, currency, isDemo: true } })).id;
  await startTestProgram(runtime.db, {}, domain);
});
afterAll(async () => {
  await runtime.close();
});

const syncOf = async (customerId: string) => {
  const member = await runtime.db.loyaltyMember.findUniqueOrThrow({ where: { customerId } });
  return { member, sync: await runtime.db.loyaltyPlatformSync.findUniqueOrThrow({ where: { memberId: member.id } }) };
};

describe("the demo shop's members on its platform", () => {
  test("are synced to the demo platform, with the tier written", async () => {
    const customer = await runtime.db.customer.create({ data: { shopId, platformId: "7001", email: "demo.member@example.org" } });
    await creditImportedPoints(runtime.db, { shopId, customerId: customer.id, points: 800, at: new Date("2024-05-15T00:00:00Z"), sourceKey: "import:demo" });
    await runtime.queue.drain();

    const { member, sync } = await syncOf(customer.id);
    expect(sync).toMatchObject({ status: "SYNCED", detail: null, tierId: member.tierId });
  });

  test("a member changed while its sync wrote to the platform is synced once more afterwards", async () => {
    const customer = await runtime.db.customer.create({ data: { shopId, platformId: "7002", email: "busy.member@example.org" } });
    await creditImportedPoints(runtime.db, { shopId, customerId: customer.id, points: 100, at: new Date("2024-05-15T00:00:00Z"), sourceKey: "import:busy" });
    const sync = runtime.jobHandlers[CUSTOMER_SYNC_JOB]!.staged!;
    let changes = 0;
    const queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({
      ...runtime.jobHandlers,
      [CUSTOMER_SYNC_JOB]: stagedJob({
        ...sync,
        async call(plan, context) {
          // Points arrive while the platform is written (their own sync is due at once here).
          if (changes++ === 0) {
            await creditImportedPoints(runtime.db, { shopId, customerId: customer.id, points: 900, at: new Date("2024-05-16T00:00:00Z"), sourceKey: "import:busy-2" });
          }
          return sync.call(plan, context);
        },
      }),
    });
    const startedAt = Date.now();
    await queue.drain();

    const { member, sync: row } = await syncOf(customer.id);
    expect(row).toMatchObject({ status: "SYNCED", tierId: member.tierId });
    const waiting = await runtime.db.job.findMany({ where: { kind: CUSTOMER_SYNC_JOB, status: "QUEUED" } });
    expect(waiting.map((job) => job.payload)).toEqual([{ memberId: member.id }]);
    expect(waiting[0]!.runAt.getTime()).toBeGreaterThan(startedAt);
  });
});
