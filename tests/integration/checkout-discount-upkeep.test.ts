import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  CHECKOUT_DISCOUNT_JOB,
  checkoutDiscountView,
  enqueueBehindCheckoutDiscounts,
  enqueueCheckoutDiscountAfterInstall,
  retryCheckoutDiscount,
} from "~/core/loyalty/checkout-discount.server";
import { saveProgramSettings, switchProgram } from "~/core/loyalty/program-admin.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { JobQueue } from "~/jobs/queue.server";
import { stagedJob, type StagedJob } from "~/jobs/staged-job";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { Runtime } from "~/runtime.server";
import { aimAdminApiAtFake, startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin-server";
import { smallShopDataset } from "../fakes/shopify-dataset";
import { goldCheckout, LOYALTY_DISCOUNT_CONFIGURATION_KEY } from "../helpers/loyalty-discount-checkout";
import { installShopifyShop } from "../helpers/shopify-install";
import { TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// The checkout discount's upkeep job, from the merchant's save to Shopify's automatic discount:
// the program page's settings and switch queue it, the job runs in the app's queue against the
// fake Admin API, and what it did is on the program's row and the program page.

const TOKEN = "shpat_test_offline_token";

let runtime: Runtime;
let fake: FakeShopifyAdmin;
let restoreFetch: () => void;
let shop: { id: string; installedAt: Date };

beforeAll(async () => {
  runtime = await startTestRuntime();
  restoreFetch = aimAdminApiAtFake(TEST_SHOP, () => fake.origin);
});
afterAll(async () => {
  restoreFetch();
  await fake?.close();
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.shop.deleteMany();
  await runtime.db.session.deleteMany();
  await runtime.db.job.deleteMany();
  await fake?.close();
  fake = await startFakeShopifyAdmin({ shop: TEST_SHOP, accessToken: TOKEN, apiVersion: SHOPIFY_API_VERSION, dataset: smallShopDataset() });
  shop = await installShopifyShop(runtime, { shop: TEST_SHOP, accessToken: TOKEN, scopes: "read_customers,write_customers,write_discounts" });
});

/** The default tiers with a perk for gold. */
function withGoldPerk(percent: number): ProgramSettings {
  const levels = DEFAULT_PROGRAM_SETTINGS.tiers.levels.map((level) =>
    level.id === "gold" ? { ...level, checkoutPerk: { percent, maxDiscountMinor: 2_500 } } : level,
  );
  return { ...DEFAULT_PROGRAM_SETTINGS, tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels } };
}

const program = () => runtime.db.loyaltyProgram.findUniqueOrThrow({ where: { shopId: shop.id } });
const view = () => checkoutDiscountView(runtime.db, shop.id, false);
const discounts = () => [...fake.automaticDiscounts.discounts.values()];
const mutationsSent = () => fake.requests.map((recorded) => recorded.kind).filter((kind) => kind.startsWith("discountAutomaticApp"));
const upkeepJobs = () => runtime.db.job.findMany({ where: { kind: CHECKOUT_DISCOUNT_JOB }, orderBy: { id: "asc" } });
const switchOn = () => switchProgram(runtime.db, shop.id, { enabled: true, startedAt: new Date("2026-12-01T00:00:00Z") });

/** A queue of the app's jobs whose upkeep's Shopify call is `call`, around the real one. */
function queueWithUpkeepCall(call: (real: StagedJob<unknown, unknown>, plan: unknown) => Promise<unknown>) {
  const upkeep = runtime.jobHandlers[CHECKOUT_DISCOUNT_JOB]!.staged!;
  return new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({
    ...runtime.jobHandlers,
    [CHECKOUT_DISCOUNT_JOB]: stagedJob({ ...upkeep, call: (plan) => call(upkeep, plan) }),
  });
}

/** The first queued job claimed by a worker whose upkeep call waits for `finish`; resolves once it is in the call. */
async function upkeepUnderWay() {
  let inCall = () => {};
  const calling = new Promise<void>((resolve) => {
    inCall = resolve;
  });
  let answer = () => {};
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const slow = queueWithUpkeepCall(async (real, plan) => {
    inCall();
    await answered;
    return real.call(plan, { jobId: 0n, attempt: 1 });
  });
  const [job] = await slow.claim(1);
  const done = slow.execute([job!]);
  await calling;
  return {
    job: job!,
    async finish() {
      answer();
      await done;
    },
  };
}

const followUpKey = (version: number, underWay: { id: bigint }, round: number) => `loyalty-checkout-discount:${shop.id}:v${version}:after:${underWay.id}:${round}`;
const waitingUpkeeps = () => runtime.db.job.findMany({ where: { kind: CHECKOUT_DISCOUNT_JOB, status: "QUEUED" } });

describe("the checkout discount kept at the program's settings version", () => {
  test("created once the program with a perk is on, then updated in place for a new version", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await runtime.queue.drain();
    // Saved but switched off: nothing to give, so nothing is made; the version counts as brought.
    expect(discounts()).toHaveLength(0);
    expect(await program()).toMatchObject({ version: 1, checkoutDiscountVersion: 1, checkoutDiscountId: null, checkoutDiscountError: null });
    expect(await view()).toMatchObject({ kind: "off", version: 1 });

    await switchOn();
    expect(await view()).toEqual({ kind: "waiting", version: 2 });
    await runtime.queue.drain();
    const [discount] = discounts();
    expect(discount).toMatchObject({ functionHandle: "loyalty-discount", endsAt: null, title: "Treuestufen-Vorteil (Shop CRM)" });
    const afterOn = await program();
    expect(afterOn).toMatchObject({ checkoutDiscountId: discount!.discountId, checkoutDiscountVersion: 2, checkoutDiscountError: null });
    expect(afterOn.checkoutDiscountSyncedAt).toBeInstanceOf(Date);
    expect(await view()).toEqual({ kind: "active", version: 2, syncedAt: afterOn.checkoutDiscountSyncedAt!.toISOString() });
    expect(goldCheckout(discount!)[0]?.orderDiscountsAdd?.candidates[0]?.value).toEqual({ percentage: { value: "10" } });

    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(15));
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);
    expect(mutationsSent()).toEqual(["discountAutomaticAppCreate", "discountAutomaticAppUpdate"]);
    expect(goldCheckout(discount!)[0]?.orderDiscountsAdd?.candidates[0]?.value).toEqual({ percentage: { value: "15" } });
    expect(await program()).toMatchObject({ checkoutDiscountId: discount!.discountId, checkoutDiscountVersion: 3 });

    // One job per version: asking again for a version brought adds nothing, and at start nothing is behind.
    expect((await upkeepJobs()).map((job) => job.uniqueKey)).toEqual([1, 2, 3].map((version) => `loyalty-checkout-discount:${shop.id}:v${version}`));
    expect(await enqueueBehindCheckoutDiscounts(runtime.db)).toBe(0);
  });

  test("switched off, the discount ends and gives nothing; switched on again, it applies once more", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await switchOn();
    await runtime.queue.drain();
    const [discount] = discounts();

    await switchProgram(runtime.db, shop.id, { enabled: false });
    await runtime.queue.drain();
    expect(discount!.endsAt).not.toBeNull();
    expect(Date.parse(discount!.endsAt!)).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(discount!.metafields.get(LOYALTY_DISCOUNT_CONFIGURATION_KEY)!.value)).toEqual({ version: 1, tiers: {} });
    expect(goldCheckout(discount!)).toEqual([]);
    expect(await view()).toMatchObject({ kind: "off", version: 3 });

    await switchOn();
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);
    expect(discount!.endsAt).toBeNull();
    expect(goldCheckout(discount!)[0]?.orderDiscountsAdd?.candidates[0]?.value).toEqual({ percentage: { value: "10" } });
    expect(await view()).toMatchObject({ kind: "active", version: 4 });
  });

  test("a refusal is recorded for the merchant with what to do, and 'try again' brings the version", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await runtime.queue.drain();
    // The app's Function was never deployed to the shop.
    fake.automaticDiscounts.functionHandles.clear();
    await switchOn();
    await runtime.queue.drain();

    expect(discounts()).toHaveLength(0);
    const failed = await program();
    expect(failed).toMatchObject({ version: 2, checkoutDiscountVersion: 1 });
    expect(await view()).toEqual({
      kind: "failed",
      version: 2,
      failure: "function_missing",
      detail: "functionHandle: Function loyalty-discount not found.",
      inForce: 1,
    });
    // Recorded, not retried: the same request would be refused again.
    expect((await upkeepJobs()).at(-1)).toMatchObject({ status: "DONE", attempts: 1 });

    fake.automaticDiscounts.functionHandles.add("loyalty-discount");
    expect(await retryCheckoutDiscount(runtime.db, shop.id)).toBe(true);
    expect(await view()).toEqual({ kind: "waiting", version: 2 });
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);
    expect(await view()).toMatchObject({ kind: "active", version: 2 });
  });

  test("a discount the merchant deleted is made anew; another missing thing is a refusal", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await switchOn();
    await runtime.queue.drain();
    fake.automaticDiscounts.discounts.clear();
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(12));
    await runtime.queue.drain();
    const [anew] = discounts();
    expect(await program()).toMatchObject({ checkoutDiscountId: anew!.discountId, checkoutDiscountVersion: 3, checkoutDiscountError: null });

    // The offline session is gone (the app was removed without its webhook arriving yet).
    await runtime.db.session.deleteMany();
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(14));
    await runtime.queue.drain();
    expect(await view()).toMatchObject({ kind: "failed", failure: "no_access", inForce: 3 });
  });

  test("a token Shopify no longer accepts is a lack of access, with Shopify's words", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await runtime.queue.drain();
    await fake.close();
    fake = await startFakeShopifyAdmin({ shop: TEST_SHOP, accessToken: "shpat_another_token", apiVersion: SHOPIFY_API_VERSION, dataset: smallShopDataset() });
    await switchOn();
    await runtime.queue.drain();
    const state = await view();
    expect(state).toMatchObject({ kind: "failed", failure: "no_access", inForce: 1 });
    expect(state?.kind === "failed" && state.detail).toMatch(/401/);
  });

  test("Shopify unreachable: retried through the queue, and shown as failed once the retries are used up", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await runtime.queue.drain();
    // More throttled answers than one job's Admin API call waits out (8 attempts).
    fake.throttleNext(8, { http429: true, retryAfterSeconds: 0 });
    await switchOn();
    await runtime.queue.drain();
    const [job] = (await upkeepJobs()).slice(-1);
    expect(job).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(job!.lastError).toMatch(/unavailable/);
    expect(await view()).toEqual({ kind: "waiting", version: 2 });

    await runtime.db.job.update({ where: { id: job!.id }, data: { runAt: new Date() } });
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);
    expect(await view()).toMatchObject({ kind: "active", version: 2 });

    // The next version's job has one attempt left when Shopify stays away.
    fake.throttleNext(8, { http429: true, retryAfterSeconds: 0 });
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(11));
    await runtime.db.job.updateMany({ where: { kind: CHECKOUT_DISCOUNT_JOB, status: "QUEUED" }, data: { maxAttempts: 1 } });
    await runtime.queue.drain();
    expect((await upkeepJobs()).at(-1)).toMatchObject({ status: "DEAD" });
    expect(await view()).toMatchObject({ kind: "failed", version: 3, failure: "unavailable", inForce: 2 });
  });

  test("settings saved while Shopify is called: the version prepared is recorded, and the newer version's upkeep follows", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await switchOn();
    const inForceAtCall: Array<number | null> = [];
    const queue = queueWithUpkeepCall(async (real, plan) => {
      inForceAtCall.push((await program()).checkoutDiscountVersion);
      // The merchant saves version 3 while the version 2 the job prepared is on its way.
      if (inForceAtCall.length === 1) await saveProgramSettings(runtime.db, shop.id, withGoldPerk(15));
      return real.call(plan, { jobId: 0n, attempt: 1 });
    });
    await queue.drain();

    // The first call brought version 2 (recorded though 3 was saved meanwhile), the next one version 3.
    expect(inForceAtCall).toEqual([null, 2]);
    expect(mutationsSent()).toEqual(["discountAutomaticAppCreate", "discountAutomaticAppUpdate"]);
    expect(goldCheckout(discounts()[0]!)[0]?.orderDiscountsAdd?.candidates[0]?.value).toEqual({ percentage: { value: "15" } });
    expect(await view()).toMatchObject({ kind: "active", version: 3 });
  });

  test("two workers at once: the upkeep that meets another of its shop under way leaves Shopify to it and follows it", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await switchOn();
    const first = await upkeepUnderWay();
    const other = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);

    const [second] = await other.claim(1);
    await other.execute([second!]);
    expect(fake.requests).toHaveLength(0);
    const followUp = await runtime.db.job.findFirstOrThrow({ where: { kind: CHECKOUT_DISCOUNT_JOB, status: "QUEUED" } });
    expect(followUp).toMatchObject({ uniqueKey: followUpKey(2, first.job, 1), payload: { shopId: shop.id, followUp: 1 } });
    expect(followUp.runAt.getTime()).toBeGreaterThan(Date.now());

    await first.finish();
    await runtime.db.job.update({ where: { id: followUp.id }, data: { runAt: new Date() } });
    await runtime.queue.drain();
    expect(mutationsSent()).toEqual(["discountAutomaticAppCreate"]);
    expect(await view()).toMatchObject({ kind: "active", version: 2 });
    expect((await upkeepJobs()).map((job) => job.status)).toEqual(["DONE", "DONE", "DONE"]);
  });

  test("a burst of saves meeting an upkeep under way leaves one follow-up; one that still finds it under way queues the next round", async () => {
    await saveProgramSettings(runtime.db, shop.id, withGoldPerk(10));
    await switchOn();
    const first = await upkeepUnderWay();
    const other = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);

    // Versions 3 to 5: the upkeeps of versions 2 to 5 all meet the first one and read version 5.
    for (const percent of [11, 12, 13]) await saveProgramSettings(runtime.db, shop.id, withGoldPerk(percent));
    expect(await other.drain()).toBeGreaterThanOrEqual(4);
    const [followUp, ...more] = await waitingUpkeeps();
    expect(more).toEqual([]);
    expect(followUp).toMatchObject({ uniqueKey: followUpKey(5, first.job, 1), payload: { shopId: shop.id, followUp: 1 } });

    // Its time comes while the first upkeep is still under way: the next round follows it.
    await runtime.db.job.update({ where: { id: followUp!.id }, data: { runAt: new Date() } });
    await other.drain();
    const [nextRound, ...others] = await waitingUpkeeps();
    expect(others).toEqual([]);
    expect(nextRound).toMatchObject({ uniqueKey: followUpKey(5, first.job, 2), payload: { shopId: shop.id, followUp: 2 } });
    expect(mutationsSent()).toEqual([]);

    await first.finish();
    expect(await program()).toMatchObject({ checkoutDiscountVersion: 2 });
    await runtime.db.job.update({ where: { id: nextRound!.id }, data: { runAt: new Date() } });
    await runtime.queue.drain();
    expect(mutationsSent()).toEqual(["discountAutomaticAppCreate", "discountAutomaticAppUpdate"]);
    expect(goldCheckout(discounts()[0]!)[0]?.orderDiscountsAdd?.candidates[0]?.value).toEqual({ percentage: { value: "13" } });
    expect(await view()).toMatchObject({ kind: "active", version: 5 });
    expect(await waitingUpkeeps()).toEqual([]);
  });

  test("at start, programs whose discount is behind are queued once; after an install it is put back", async () => {
    // Saved outside the program page (as the demo and older versions did): nothing queued yet.
    await runtime.db.$transaction((tx) => saveProgram(tx, shop.id, { settings: withGoldPerk(10), enabled: true }));
    expect(await upkeepJobs()).toHaveLength(0);
    expect(await enqueueBehindCheckoutDiscounts(runtime.db)).toBe(1);
    expect(await enqueueBehindCheckoutDiscounts(runtime.db)).toBe(0);
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);

    // Uninstalling took the app's discount with it; the new install puts it back for the same version.
    fake.automaticDiscounts.discounts.clear();
    const reinstalled = await installShopifyShop(runtime, { shop: TEST_SHOP, accessToken: TOKEN, scopes: "read_customers,write_customers,write_discounts" });
    expect(await enqueueCheckoutDiscountAfterInstall(runtime.db, reinstalled)).toBe(true);
    expect(await enqueueCheckoutDiscountAfterInstall(runtime.db, reinstalled)).toBe(false);
    await runtime.queue.drain();
    expect(discounts()).toHaveLength(1);
    expect(await view()).toMatchObject({ kind: "active", version: 1 });
  });
});
