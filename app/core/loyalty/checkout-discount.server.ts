import { z } from "zod";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobContext, type JobHandler } from "~/jobs/queue.server";
import { stagedJob } from "~/jobs/staged-job";
import {
  checkoutDiscountErrorText,
  checkoutDiscountRequest,
  checkoutDiscountState,
  type CheckoutDiscountRequest,
  type CheckoutDiscountResult,
  type CheckoutDiscountState,
} from "./checkout-discount";
import { settingsVersion } from "./program.server";

// Keeps the shop's checkout discount on the platform at the program's settings version in force:
// a job per shop and version, queued when the merchant saves the settings or switches the
// program (program-admin.server.ts), at start for every program whose discount is behind, and
// when the app is installed again. The job reads the program as it is when it runs, so an older
// version's job that runs late brings the discount to the newest version and the newer job
// finds nothing left to do. The platform's part is the `maintain` the composition root hands in
// (Shopify: its adapter's automatic app discount; the demo shop: nothing to keep), called between
// the job's two transactions (a staged job: ~/jobs/staged-job.ts).

export const CHECKOUT_DISCOUNT_JOB = "loyalty.checkout-discount";

const payloadSchema = z.object({
  shopId: z.string().uuid(),
  /** Update even when the version was brought already (an install again: the platform may have dropped it). */
  force: z.boolean().optional(),
  /** A follow-up of an upkeep that found another under way: its round (1 for the first). */
  followUp: z.number().int().positive().optional(),
});

const jobKey = (shopId: string, part: string) => `loyalty-checkout-discount:${shopId}:${part}`;

/** Queues the upkeep for the program's version `version`; once per shop and version. */
export function enqueueCheckoutDiscountUpkeep(tx: Tx | Db, shopId: string, version: number): Promise<boolean> {
  return enqueueJob(tx, { kind: CHECKOUT_DISCOUNT_JOB, payload: { shopId }, uniqueKey: jobKey(shopId, `v${version}`) });
}

/** At start: queues the upkeep of every installed shop's program whose discount is behind its version. */
export async function enqueueBehindCheckoutDiscounts(db: Db): Promise<number> {
  // One row per shop, read once per start.
  const behind = await db.$queryRaw<Array<{ shopId: string; version: number }>>`
    SELECT p."shopId", p.version FROM "LoyaltyProgram" p JOIN "Shop" s ON s.id = p."shopId"
    WHERE s.status = 'ACTIVE' AND p."checkoutDiscountVersion" IS DISTINCT FROM p.version`;
  let queued = 0;
  for (const program of behind) if (await enqueueCheckoutDiscountUpkeep(db, program.shopId, program.version)) queued += 1;
  return queued;
}

/**
 * After an install (again): the platform may have dropped the app's discount with the app, so the
 * upkeep runs even for a version brought before. Nothing for a shop without a program.
 */
export async function enqueueCheckoutDiscountAfterInstall(db: Db, shop: { id: string; installedAt: Date }): Promise<boolean> {
  const program = await db.loyaltyProgram.findUnique({ where: { shopId: shop.id }, select: { id: true } });
  if (!program) return false;
  return enqueueJob(db, {
    kind: CHECKOUT_DISCOUNT_JOB,
    payload: { shopId: shop.id, force: true },
    uniqueKey: jobKey(shop.id, `installed:${shop.installedAt.toISOString()}`),
  });
}

/** The merchant's "try again" after a failure: the page shows the upkeep waiting until it has run. */
export async function retryCheckoutDiscount(db: Db, shopId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const cleared = await tx.loyaltyProgram.updateMany({ where: { shopId }, data: { checkoutDiscountError: null } });
    if (cleared.count === 0) return false;
    // No key: each request is the merchant's own; a second one finds the version brought and stops.
    await enqueueJob(tx, { kind: CHECKOUT_DISCOUNT_JOB, payload: { shopId } });
    return true;
  });
}

/** The program page's view of the discount; null without a program. */
export async function checkoutDiscountView(db: Db, shopId: string, demoShop: boolean): Promise<CheckoutDiscountState | null> {
  const program = await db.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program) return null;
  return checkoutDiscountState(program, await settingsVersion(db, program.id, program.version), demoShop);
}

export interface CheckoutDiscountDeps {
  /**
   * Brings the shop's discount on its platform to the request, outside any transaction. Throws
   * what may pass when tried again (the platform unreachable: PlatformActionError "unavailable");
   * the queue retries it.
   */
  maintain(shopDomain: string, request: CheckoutDiscountRequest): Promise<CheckoutDiscountResult>;
  now?: () => Date;
}

interface UpkeepPlan {
  programId: string;
  shopDomain: string;
  version: number;
  request: CheckoutDiscountRequest;
  now: Date;
}

/** Follow-ups of an upkeep that found another one of its shop under way. */
const FOLLOW_UP_DELAY_MS = 10_000;

/**
 * Reads the program and the request for its version. One upkeep per shop calls the platform at a
 * time: two at once would each find no discount and each create one. Under the shop's lock, an
 * upkeep that finds another of its shop running (claimed by another worker) leaves the call to it
 * and queues a follow-up for after it, marked DONE in the same transaction, so of two that meet
 * one always goes on. The follow-up is keyed by the version, the upkeep under way and its round:
 * a burst of saves meeting the same upkeep leaves one, and a follow-up that finds the upkeep
 * still under way queues the next round.
 */
async function prepareUpkeep(deps: CheckoutDiscountDeps, payload: unknown, tx: Tx, context: JobContext): Promise<UpkeepPlan | null> {
  const parsed = payloadSchema.parse(payload);
  const { shopId, force } = parsed;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${jobKey(shopId, "lock")}, 0))`;
  const program = await tx.loyaltyProgram.findUnique({
    where: { shopId },
    include: { shop: { select: { domain: true, currency: true, status: true } } },
  });
  if (!program || program.shop.status !== "ACTIVE") return null;
  if (!force && program.checkoutDiscountVersion === program.version) return null;
  // Jobs of this one's claim run one after another: only another claim's may be under way.
  const [running] = await tx.$queryRaw<Array<{ id: bigint }>>`
    SELECT other.id FROM "Job" other, "Job" self
    WHERE self.id = ${context.jobId} AND other.kind = ${CHECKOUT_DISCOUNT_JOB} AND other.status = 'RUNNING'
      AND other."lockedBy" <> self."lockedBy" AND other."lockedUntil" > now() AND other.payload->>'shopId' = ${shopId}
    ORDER BY other.id LIMIT 1`;
  if (running) {
    const followUp = (parsed.followUp ?? 0) + 1;
    await enqueueJob(tx, {
      kind: CHECKOUT_DISCOUNT_JOB,
      payload: { ...parsed, followUp },
      runAt: new Date(Date.now() + FOLLOW_UP_DELAY_MS),
      // A forced upkeep (an install again) is not covered by a plain one's follow-up.
      uniqueKey: jobKey(shopId, `v${program.version}${force ? ":force" : ""}:after:${running.id}:${followUp}`),
    });
    return null;
  }
  const settings = await settingsVersion(tx, program.id, program.version);
  const now = deps.now?.() ?? new Date();
  return {
    programId: program.id,
    shopDomain: program.shop.domain,
    version: program.version,
    request: checkoutDiscountRequest(program, settings, program.shop.currency, now),
    now,
  };
}

/**
 * The discount now carries the prepared version. Saved again meanwhile, the program is at a newer
 * version whose upkeep follows: the discount's id and the version it carries are recorded all the
 * same (it is what the platform has), a refusal of the older version is not (the newer one's
 * upkeep has its own answer to show).
 */
async function recordUpkeep(plan: UpkeepPlan, result: CheckoutDiscountResult, tx: Tx): Promise<void> {
  if (result.kind === "failed") {
    // The discount keeps the version it had; the merchant sees why and what to do.
    await tx.loyaltyProgram.updateMany({
      where: { id: plan.programId, version: plan.version },
      data: { checkoutDiscountError: checkoutDiscountErrorText({ failure: result.failure, detail: result.detail }) },
    });
    return;
  }
  await tx.loyaltyProgram.updateMany({
    // Never back to an older version than one already recorded.
    where: { id: plan.programId, OR: [{ checkoutDiscountVersion: null }, { checkoutDiscountVersion: { lte: plan.version } }] },
    data: {
      checkoutDiscountId: result.kind === "maintained" ? result.discountId : null,
      checkoutDiscountVersion: plan.version,
      checkoutDiscountSyncedAt: plan.now,
      checkoutDiscountError: null,
    },
  });
}

export function createCheckoutDiscountJobs(deps: CheckoutDiscountDeps): Record<string, JobHandler> {
  return {
    [CHECKOUT_DISCOUNT_JOB]: stagedJob<UpkeepPlan, CheckoutDiscountResult>({
      prepare: (payload, tx, context) => prepareUpkeep(deps, payload, tx, context),
      call: (plan) => deps.maintain(plan.shopDomain, plan.request),
      record: (plan, result, tx) => recordUpkeep(plan, result, tx),
      async onFailure(payload, db, failure) {
        if (!failure.dead) return;
        // Retries used up: shown unless a later upkeep has brought the version in force meanwhile.
        // The only PlatformActionErrors that reach the queue are the platform's "unavailable"
        // (refusals come back as results); anything else is an unexpected error, not an outage.
        const { shopId } = payloadSchema.parse(payload);
        const unreachable = !failure.permanent && failure.error.startsWith("PlatformActionError:");
        const text = checkoutDiscountErrorText({ failure: unreachable ? "unavailable" : "rejected", detail: failure.error });
        await db.$executeRaw`
          UPDATE "LoyaltyProgram" SET "checkoutDiscountError" = ${text}, "updatedAt" = now()
          WHERE "shopId" = ${shopId}::uuid AND "checkoutDiscountVersion" IS DISTINCT FROM version`;
      },
    }),
  };
}
