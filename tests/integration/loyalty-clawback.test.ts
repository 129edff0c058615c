import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { adjustPoints } from "~/core/loyalty/adjustments.server";
import type { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { ACTION_SCOPES, setUpFakeShopifyShop } from "../fakes/fake-shopify-shop";
import { shopifyFixture } from "../helpers/fixtures";
import { startLoyaltyTestRuntime, startTestProgram } from "../helpers/loyalty-program";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// Clawing back points the member has already spent, when the shop caps clawbacks at the balance:
// what is let go is settled on the clawback entry and never asked for again by a later refund
// or the cancellation of the same order.

const ANA = "207119551123456783";

let runtime: Runtime;
let clock: Date;
let queue: JobQueue;

beforeAll(async () => {
  ({ runtime, queue } = await startLoyaltyTestRuntime(() => clock));
});
afterAll(async () => {
  await runtime.close();
});
setUpFakeShopifyShop(() => runtime, { scopes: ACTION_SCOPES });
beforeEach(() => {
  clock = new Date("2024-06-01T00:00:00Z");
});

describe("a clawback capped at the balance", () => {
  test("forgives what was spent, once: refund and cancellation together never take or forgive more than the order earned", async () => {
    const shop = await startTestProgram(runtime.db, { spentPoints: { kind: "cap_at_balance" } });
    await deliverWebhook("orders/create");
    await queue.drain();
    const member = await runtime.db.loyaltyMember.findFirstOrThrow({ where: { customer: { platformId: ANA } } });
    expect(member.balance).toBe(266);
    // The member spent all but 16 of the order's points.
    await adjustPoints(runtime.db, { shopId: shop.id, customerId: member.customerId, points: -250, reason: "spent in the shop", requestKey: "spent" }, clock);

    await deliverWebhook("refunds/create");
    await queue.drain();
    const afterRefund = await runtime.db.loyaltyEntry.findMany({ where: { memberId: member.id, kind: "CLAWBACK" } });
    expect(afterRefund).toHaveLength(1);
    const [refundClawback] = afterRefund;
    expect(refundClawback!.points).toBe(-16);
    expect(refundClawback!.forgivenPoints).toBeGreaterThan(0);
    expect(refundClawback!.reason).toBeNull();

    // The same order cancelled afterwards (edited as text: its ids are beyond a double's precision).
    const cancelled = shopifyFixture("orders/create")
      .replace('"cancelled_at": null', '"cancelled_at": "2024-05-21T09:00:00+02:00"')
      .replace('"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-21T09:00:01+02:00"');
    await deliverWebhook("orders/cancelled", { body: cancelled });
    await queue.drain();
    const clawbacks = await runtime.db.loyaltyEntry.findMany({ where: { memberId: member.id, kind: "CLAWBACK" }, orderBy: { occurredAt: "asc" } });
    expect(clawbacks).toHaveLength(2);
    // Nothing left to take; the rest of the order's points is forgiven, and only the rest.
    expect(clawbacks[1]!.points).toBe(0);
    const settled = clawbacks.reduce((sum, entry) => sum - entry.points + entry.forgivenPoints, 0);
    expect(settled).toBe(266);
    expect(await runtime.db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ balance: 0 });
  });
});
