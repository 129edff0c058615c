import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CHECKOUT_DISCOUNT_JOB } from "~/core/loyalty/checkout-discount.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgramSettings } from "~/core/loyalty/program-admin.server";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { action as programAction, loader as programLoader } from "~/routes/app.loyalty._index";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// In demo mode the program page switches the demo shop's program like any shop's, and the
// checkout discount's upkeep runs; the demo has no Shopify store, so it is recorded as skipped
// and the page says so, instead of claiming a discount exists. A Shopify call would fail here:
// the demo shop has no offline session to make one with.

let runtime: Runtime;
let shopId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { CRM_DEMO: "1" } });
  const { domain, name, currency } = DEMO_SHOP;
  shopId = (await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain, name, currency, isDemo: true } })).id;
});
afterAll(async () => {
  await runtime.close();
});

const page = (init?: RequestInit) => ({ request: new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/loyalty`, init), params: {}, context: { runtime } });

describe("the demo shop's checkout discount", () => {
  test("is recorded as skipped for each version, and the program page says why", async () => {
    await saveProgramSettings(runtime.db, shopId, DEFAULT_PROGRAM_SETTINGS);
    expect(await programAction(page({ method: "POST", body: new URLSearchParams({ intent: "on", startedAt: "2026-11-01" }) }))).toMatchObject({
      ok: true,
      version: 2,
    });
    expect((await programLoader(page())).checkoutDiscount).toEqual({ kind: "waiting", version: 2 });

    await runtime.queue.drain();
    const program = await runtime.db.loyaltyProgram.findUniqueOrThrow({ where: { shopId } });
    expect(program).toMatchObject({ checkoutDiscountId: null, checkoutDiscountVersion: 2, checkoutDiscountError: null });
    expect((await programLoader(page())).checkoutDiscount).toEqual({ kind: "demo", version: 2, syncedAt: program.checkoutDiscountSyncedAt!.toISOString() });
    expect(await runtime.db.job.findMany({ where: { kind: CHECKOUT_DISCOUNT_JOB }, select: { status: true } })).toEqual([{ status: "DONE" }, { status: "DONE" }]);
  });

  test("'try again' clears a failure and runs the upkeep once more", async () => {
    await runtime.db.loyaltyProgram.update({
      where: { shopId },
      data: { checkoutDiscountVersion: 1, checkoutDiscountError: JSON.stringify({ failure: "unavailable", detail: "gave up" }) },
    });
    expect((await programLoader(page())).checkoutDiscount).toMatchObject({ kind: "failed", failure: "unavailable", inForce: 1 });
    expect(await programAction(page({ method: "POST", body: new URLSearchParams({ intent: "retryCheckoutDiscount" }) }))).toEqual({ ok: true, retried: true });
    expect((await programLoader(page())).checkoutDiscount).toEqual({ kind: "waiting", version: 2 });
    await runtime.queue.drain();
    expect((await programLoader(page())).checkoutDiscount).toMatchObject({ kind: "demo", version: 2 });
  });
});
