import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { backfillRun, createLoyaltyBackfillJobs, LOYALTY_BACKFILL_JOB, startBackfill } from "~/core/loyalty/backfill.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import type { ProgramSettings } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { action as programAction, loader as programLoader } from "~/routes/app.loyalty._index";
import { signedAdminRequest } from "../helpers/admin-requests";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { setUpLoyaltyTest, testProgramSettings } from "../helpers/loyalty-program";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { TEST_ENV } from "../helpers/test-runtime";

// The history choice on the store: orders stored before the program's start earn when the shop
// has them backfilled, net of their refunds, once, whether they run twice or the order also
// earns live; the job pages through the orders; the program page starts it and refuses a second
// start while one runs.

const DAY = 86_400_000;
const ANA = "207119551123456783";
/** The fixture order: 166.32 € of merchandise, processed 2024-05-14 08:15:02 UTC. */
const ORDER_ELIGIBLE = 16_632n;
const ORDER_PROCESSED_AT = new Date("2024-05-14T08:15:02Z");
/** 166 points for the euros and 100 for the first order. */
const ORDER_POINTS = 266;

/** The backfill's settings, read at each page: a test may page in twos. */
const backfillOptions = { now: () => t.clock, pageSize: 500 };
const t = setUpLoyaltyTest({ startsAt: new Date("2024-05-16T00:00:00Z"), jobs: () => createLoyaltyBackfillJobs(backfillOptions) });
beforeEach(() => {
  backfillOptions.pageSize = 500;
});

/** The program, switched on with its start at `startedAt`. */
async function startProgramAt(startedAt: Date, overrides: Partial<ProgramSettings> = {}) {
  await t.runtime.db.$transaction((tx) => saveProgram(tx, t.shopify.shop().id, { settings: testProgramSettings(overrides), enabled: true, startedAt }));
}

async function backfill(span: "all" | "12_months" | "90_days" = "all") {
  const started = await startBackfill(t.runtime.db, t.shopify.shop().id, span, t.clock);
  await t.queue.drain();
  return started;
}

/** The order's paid fact delivered late (a replay), after the program's start. */
async function deliverLatePaidFact() {
  const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId: t.shopify.shop().id } });
  await t.runtime.db.$transaction((tx) =>
    earnOnOrderSubscriber(() => t.clock).handle(
      {
        id: randomUUID(),
        shopId: order.shopId,
        kind: "order.paid",
        history: false,
        customerId: order.customerId,
        occurredAt: new Date("2024-05-15T12:00:00Z"),
        recordedAt: t.clock,
        data: {
          order: { id: order.id, platformId: order.platformId },
          customer: { id: order.customerId!, platformId: ANA },
          currency: "EUR",
          financialStatus: "paid",
          paid: true,
          cancelled: false,
          test: false,
          amounts: { subtotalMinor: "16632", discountsMinor: "0", shippingMinor: "0", taxMinor: "0", totalMinor: "17222", refundedMinor: "0", eligibleMinor: "16632" },
          lines: [],
        },
      },
      tx,
      { subscriber: "loyalty.orders", shopId: order.shopId, attempt: 1 },
    ),
  );
}

async function memberOf(platformId: string) {
  return t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customer: { platformId } }, include: { entries: { orderBy: { occurredAt: "asc" } } } });
}

describe("backfilling the orders from before the program's start", () => {
  test("an order stored before the start earns nothing live, and its points after the backfill: at the order's time, pending through the return window, no mail, marked on the timeline", async () => {
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await t.runtime.db.loyaltyEntry.count()).toBe(0);

    expect(await backfill()).toEqual({ started: true, total: 1 });
    const member = await memberOf(ANA);
    expect(member.entries).toHaveLength(1);
    const [entry] = member.entries;
    expect(entry).toMatchObject({ kind: "EARN", points: ORDER_POINTS, occurredAt: ORDER_PROCESSED_AT, eligibleMinor: ORDER_ELIGIBLE, ruleVersion: 1 });
    expect(entry!.sourceKey).toBe(`order:${entry!.orderId}:earn`);
    // Pending through the return window counted from the order, as live.
    expect(entry!.availableAt).toEqual(new Date(ORDER_PROCESSED_AT.getTime() + 14 * DAY));
    expect(member).toMatchObject({ balance: ORDER_POINTS, pending: ORDER_POINTS, tierId: "bronze" });
    // The order is two days old: live it would have mailed; backfilled it mails no one.
    expect(await t.runtime.db.mailMessage.count()).toBe(0);
    const timeline = await t.runtime.db.timelineEvent.findMany({ where: { customerId: member.customerId, kind: "loyalty.points_earned" } });
    expect(timeline.map((event) => event.data)).toEqual([expect.objectContaining({ points: ORDER_POINTS, backfill: true })]);

    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ state: "done", total: 1, done: 1, credited: 1, members: 1, points: ORDER_POINTS });
  });

  test("an order older than the return window is available at once; a lot older than its expiry age expires a full age after the backfill", async () => {
    t.clock = new Date("2026-01-10T00:00:00Z");
    await startProgramAt(new Date("2025-12-01T00:00:00Z"), { expiry: { kind: "lot_age", days: 365 } });
    await deliverWebhook("orders/create");
    await backfill();
    const member = await memberOf(ANA);
    expect(member).toMatchObject({ balance: ORDER_POINTS, available: ORDER_POINTS, pending: 0 });
    expect(member.entries[0]!.expiresAt).toEqual(new Date(t.clock.getTime() + 365 * DAY));
  });

  test("refunds made before the backfill are netted: the order keeps what live clawbacks would have left", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("refunds/create");
    await t.queue.drain();
    t.clock = new Date("2024-06-10T00:00:00Z");
    await startProgramAt(new Date("2024-06-01T00:00:00Z"));
    await backfill();

    const refunded = await t.runtime.db.refundLineItem.aggregate({ _sum: { subtotalMinor: true } });
    const refundedMinor = refunded._sum.subtotalMinor!;
    expect(refundedMinor).toBeGreaterThan(0n);
    const member = await memberOf(ANA);
    expect(member.entries.map((entry) => [entry.kind, entry.points, entry.eligibleMinor])).toEqual([
      ["EARN", ORDER_POINTS - Number((BigInt(ORDER_POINTS) * refundedMinor) / ORDER_ELIGIBLE), ORDER_ELIGIBLE - refundedMinor],
    ]);
  });

  test("a cancelled order earns nothing", async () => {
    const cancelled = replaceAll(shopifyFixture("orders/create"), '"cancelled_at": null', '"cancelled_at": "2024-05-14T12:00:00+02:00"');
    await deliverWebhook("orders/create", { body: cancelled });
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await backfill();
    expect(await t.runtime.db.loyaltyEntry.count()).toBe(0);
  });

  test("a refund after the backfill takes back the refunded share of what the order kept", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await backfill();
    await deliverWebhook("refunds/create");
    await t.queue.drain();
    const refunded = (await t.runtime.db.refundLineItem.aggregate({ _sum: { subtotalMinor: true } }))._sum.subtotalMinor!;
    const member = await memberOf(ANA);
    expect(member.entries.map((entry) => [entry.kind, entry.points])).toEqual([
      ["EARN", ORDER_POINTS],
      ["CLAWBACK", -Number((BigInt(ORDER_POINTS) * refunded) / ORDER_ELIGIBLE)],
    ]);
  });

  test("a program switched off stops the run; switched on again, a new run credits the orders", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    expect(await startBackfill(t.runtime.db, t.shopify.shop().id, "all", t.clock)).toEqual({ started: true, total: 1 });
    await t.runtime.db.loyaltyProgram.update({ where: { shopId: t.shopify.shop().id }, data: { enabled: false } });
    await t.queue.drain();
    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ state: "stopped", done: 0, total: 1 });
    expect(await t.runtime.db.loyaltyEntry.count()).toBe(0);

    await t.runtime.db.loyaltyProgram.update({ where: { shopId: t.shopify.shop().id }, data: { enabled: true } });
    await backfill();
    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ state: "done", done: 1, credited: 1 });
    expect((await memberOf(ANA)).balance).toBe(ORDER_POINTS);
  });

  test("running it twice changes nothing; the second run credits no one", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await backfill();
    const first = await memberOf(ANA);
    expect(await backfill()).toEqual({ started: true, total: 1 });
    const second = await memberOf(ANA);
    expect(second.entries).toEqual(first.entries);
    expect(second.balance).toBe(first.balance);
    expect(await t.runtime.db.timelineEvent.count({ where: { kind: "loyalty.points_earned" } })).toBe(1);
    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ state: "done", done: 1, credited: 0, members: 0, points: 0 });
  });

  test("an order earned live is not backfilled, and its paid fact again earns nothing", async () => {
    // Processed before the start, paid after it: it earns live.
    const paidLater = replaceAll(shopifyFixture("orders/create"), '"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-15T10:00:00+02:00"');
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await deliverWebhook("orders/create", { body: paidLater });
    await t.queue.drain();
    const live = await memberOf(ANA);
    expect(live.entries.map((entry) => [entry.kind, entry.points])).toEqual([["EARN", ORDER_POINTS]]);
    await backfill();
    expect((await memberOf(ANA)).entries).toEqual(live.entries);
    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ done: 1, credited: 0 });

    await deliverLatePaidFact();
    expect((await memberOf(ANA)).entries).toEqual(live.entries);
  });

  test("a live fact after the backfill of the same order earns nothing twice", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    await backfill();
    const backfilled = await memberOf(ANA);
    await deliverLatePaidFact();
    const after = await memberOf(ANA);
    expect(after.entries).toEqual(backfilled.entries);
    expect(after.balance).toBe(ORDER_POINTS);
  });
});

describe("paging", () => {
  /** An order of `euros` for a customer of its own, processed at `at`. */
  async function storeOrder(index: number, at: Date, euros: number) {
    const shopId = t.shopify.shop().id;
    const customer = await t.runtime.db.customer.create({ data: { shopId, platformId: `paging-${index}`, email: `paging-${index}@example.test` } });
    const amount = BigInt(euros * 100);
    await t.runtime.db.order.create({
      data: {
        shopId,
        platformId: `paging-order-${index}`,
        customerId: customer.id,
        currency: "EUR",
        subtotalMinor: amount,
        totalDiscountsMinor: 0n,
        totalShippingMinor: 0n,
        totalTaxMinor: 0n,
        totalMinor: amount,
        presentmentCurrency: "EUR",
        presentmentTotalMinor: amount,
        financialStatus: "paid",
        processedAt: at,
        sourceCreatedAt: at,
        sourceUpdatedAt: at,
        lineItems: { create: [{ shopId, platformId: `paging-line-${index}`, title: "Thing", quantity: 1, unitPriceMinor: amount, totalDiscountMinor: 0n, totalTaxMinor: 0n, currency: "EUR" }] },
      },
    });
  }

  test("walks more orders than a page, a page per job, each in the span and before the start, and records its progress", async () => {
    t.clock = new Date("2024-06-10T00:00:00Z");
    const start = new Date("2024-06-01T00:00:00Z");
    // Five orders in the last 90 days before the start (two at the same moment), one older, one after the start.
    const inSpan = [new Date("2024-04-01T00:00:00Z"), new Date("2024-04-02T00:00:00Z"), new Date("2024-04-02T00:00:00Z"), new Date("2024-05-01T00:00:00Z"), new Date("2024-05-31T23:59:59Z")];
    for (const [index, at] of inSpan.entries()) await storeOrder(index, at, 10 * (index + 1));
    await storeOrder(10, new Date("2024-02-01T00:00:00Z"), 500);
    await storeOrder(11, start, 500);
    await startProgramAt(start, { actions: { ...testProgramSettings().actions, firstOrder: 0 } });
    backfillOptions.pageSize = 2;

    expect(await backfill("90_days")).toEqual({ started: true, total: 5 });
    const entries = await t.runtime.db.loyaltyEntry.findMany({ where: { shopId: t.shopify.shop().id }, orderBy: [{ occurredAt: "asc" }, { points: "asc" }] });
    expect(entries.map((entry) => [entry.occurredAt, entry.points])).toEqual(inSpan.map((at, index) => [at, 10 * (index + 1)]));
    const pages = await t.runtime.db.job.findMany({ where: { kind: LOYALTY_BACKFILL_JOB }, orderBy: { id: "asc" } });
    expect(pages.map((page) => [page.status, z.object({ done: z.number() }).parse(page.payload).done])).toEqual([
      ["DONE", 2],
      ["DONE", 4],
      ["DONE", 5],
    ]);
    expect(await backfillRun(t.runtime.db, t.shopify.shop().id)).toMatchObject({ state: "done", total: 5, done: 5, credited: 5, members: 5, points: 150 });
  });
});

describe("the program page", () => {
  const args = async (init?: RequestInit) => ({
    request: await signedAdminRequest(TEST_SHOP.replace(".myshopify.com", ""), new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/loyalty`, init)),
    params: {},
    context: { runtime: t.runtime },
  });
  const post = (fields: Record<string, string>) => args({ method: "POST", body: new URLSearchParams(fields) });
  const answer = (result: object) => z.object({ data: z.unknown(), init: z.object({ status: z.number() }) }).parse(result);

  test("starts the backfill, refuses a second start while it runs, then shows its result", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));

    expect(answer(await programAction(await post({ intent: "backfill", span: "all" })))).toEqual({
      data: { ok: true, backfill: { started: true, total: 1 } },
      init: { status: 200 },
    });
    expect((await programLoader(await args())).backfill).toMatchObject({ state: "running", done: 0, total: 1 });
    expect(answer(await programAction(await post({ intent: "backfill", span: "90_days" })))).toEqual({
      data: { ok: true, backfill: { started: false, reason: "running" } },
      init: { status: 409 },
    });
    expect(await t.runtime.db.job.count({ where: { kind: LOYALTY_BACKFILL_JOB } })).toBe(1);

    await t.queue.drain();
    expect((await programLoader(await args())).backfill).toMatchObject({ state: "done", done: 1, credited: 1, members: 1, points: ORDER_POINTS });
    expect((await memberOf(ANA)).balance).toBe(ORDER_POINTS);
  });

  test("refuses an unknown span and a program switched off", async () => {
    await startProgramAt(new Date("2024-05-15T00:00:00Z"));
    expect(answer(await programAction(await post({ intent: "backfill", span: "forever" }))).init.status).toBe(400);
    await t.runtime.db.loyaltyProgram.update({ where: { shopId: t.shopify.shop().id }, data: { enabled: false } });
    expect(answer(await programAction(await post({ intent: "backfill", span: "all" })))).toEqual({
      data: { ok: true, backfill: { started: false, reason: "program_off" } },
      init: { status: 409 },
    });
  });
});
