import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_SHOP } from "~/demo/demo-shop";
import type { Runtime } from "~/runtime.server";
import { creditImportedPoints, startTestProgram } from "../helpers/loyalty-program";
import { startTestRuntime } from "../helpers/test-runtime";

// In demo mode the demo shop's platform is the demo's own (app/demo/demo-platform-actions.ts): the
// members' loyalty fields are written to it like to any shop's platform, and the admin sees them
// synced, with the tier that was written.

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { CRM_DEMO: "1" } });
});
afterAll(async () => {
  await runtime.close();
});

describe("the demo shop's members on its platform", () => {
  test("are synced to the demo platform, with the tier written", async () => {
    const { domain, name, currency } = DEMO_SHOP;
    const shop = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain, name, currency, isDemo: true } });
    await startTestProgram(runtime.db, {}, domain);
    const customer = await runtime.db.customer.create({ data: { shopId: shop.id, platformId: "7001", email: "demo.member@example.org" } });
    await creditImportedPoints(runtime.db, { shopId: shop.id, customerId: customer.id, points: 800, at: new Date("2024-05-15T00:00:00Z"), sourceKey: "import:demo" });
    await runtime.queue.drain();

    const member = await runtime.db.loyaltyMember.findUniqueOrThrow({ where: { customerId: customer.id } });
    const sync = await runtime.db.loyaltyPlatformSync.findUniqueOrThrow({ where: { memberId: member.id } });
    expect(sync).toMatchObject({ status: "SYNCED", detail: null, tierId: member.tierId });
  });
});
