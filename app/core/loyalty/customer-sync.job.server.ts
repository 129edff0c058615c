import { z } from "zod";
import { PlatformActionError, type PlatformActions } from "~/core/platform-actions";
import type { Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { stagedJob } from "~/jobs/staged-job";
import { customerSyncPlan, type CustomerSyncPlan } from "./customer-sync";
import { activeProgram } from "./program.server";
import { tierRules } from "./program-settings";

// Writes the member's balance and tier to the platform's customer (see ./customer-sync.ts). A
// member's changes within a minute share one job that runs after the minute (a few seconds
// later, for transactions still committing): it reads the member as it is then, so a burst of
// changes costs one round of platform calls. The calls run between the job's two transactions
// (a staged job: ~/jobs/staged-job.ts).

export const CUSTOMER_SYNC_JOB = "loyalty.customer-sync";

const MINUTE_MS = 60_000;
const COMMIT_GRACE_MS = 5_000;

/** Queues the member's sync for the end of `now`'s minute; a second change in that minute adds nothing. */
export async function enqueueCustomerSync(tx: Tx, memberId: string, now: Date): Promise<void> {
  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  await enqueueJob(tx, {
    kind: CUSTOMER_SYNC_JOB,
    payload: { memberId },
    uniqueKey: `loyalty-customer-sync:${memberId}:${new Date(minute).toISOString()}`,
    runAt: new Date(minute + MINUTE_MS + COMMIT_GRACE_MS),
  });
}

export interface CustomerSyncDeps {
  /**
   * The shop's platform, used outside any transaction (the demo shop's is the demo's own, which
   * takes the writes and keeps nothing).
   */
  actions(shopDomain: string): Promise<PlatformActions>;
  now?: () => Date;
}

const payloadSchema = z.object({ memberId: z.string().uuid() });

/** What the platform's customer gets: the member as prepare read it. */
interface SyncPlan {
  memberId: string;
  shopId: string;
  shopDomain: string;
  member: MemberState;
  previousTierId: string | null;
  write: Extract<CustomerSyncPlan, { kind: "write" }>;
}

interface MemberState {
  balance: number;
  available: number;
  tierId: string | null;
}

type SyncOutcome = { status: "SYNCED" } | { status: "FAILED"; detail: string };

function recordSync(tx: Tx, deps: CustomerSyncDeps, row: { memberId: string; shopId: string; status: "SYNCED" | "SKIPPED" | "FAILED"; detail: string | null; tierId: string | null }) {
  const { memberId, shopId, ...fields } = row;
  const syncedAt = deps.now?.() ?? new Date();
  return tx.loyaltyPlatformSync.upsert({
    where: { memberId },
    create: { memberId, shopId, ...fields, syncedAt },
    update: { ...fields, syncedAt },
  });
}

async function prepareSync(deps: CustomerSyncDeps, payload: unknown, tx: Tx): Promise<SyncPlan | null> {
  const { memberId } = payloadSchema.parse(payload);
  const member = await tx.loyaltyMember.findUnique({
    where: { id: memberId },
    include: { customer: { select: { platformId: true } }, shop: { select: { domain: true } } },
  });
  if (!member) return null;
  const program = await activeProgram(tx, member.shopId);
  const previous = await tx.loyaltyPlatformSync.findUnique({ where: { memberId } });
  const previousTierId = previous?.tierId ?? null;
  const plan = customerSyncPlan({
    customerPlatformId: member.customer.platformId,
    balance: member.balance,
    available: member.available,
    tierId: member.tierId,
    programTierIds: program ? tierRules(program.settings).tiers.map((tier) => tier.id) : [],
    previousTierId,
  });
  if (plan.kind === "skip") {
    await recordSync(tx, deps, { memberId, shopId: member.shopId, status: "SKIPPED", detail: plan.reason, tierId: previousTierId });
    return null;
  }
  return { memberId, shopId: member.shopId, shopDomain: member.shop.domain, member: { balance: member.balance, available: member.available, tierId: member.tierId }, previousTierId, write: plan };
}

async function writeToPlatform(deps: CustomerSyncDeps, { shopDomain, write }: SyncPlan): Promise<SyncOutcome> {
  const actions = await deps.actions(shopDomain);
  try {
    await actions.setCustomerMetafields(write.customerPlatformId, write.metafields);
    if (write.removeTags.length > 0) await actions.removeCustomerTags(write.customerPlatformId, write.removeTags);
    if (write.addTags.length > 0) await actions.addCustomerTags(write.customerPlatformId, write.addTags);
  } catch (error) {
    // The same request would fail again (a customer deleted on the platform, a refused value):
    // kept for the merchant to see; the member's next change tries anew.
    if (error instanceof PlatformActionError && !error.retryable) return { status: "FAILED", detail: error.message };
    throw error;
  }
  return { status: "SYNCED" };
}

/**
 * The platform's customer now shows the member as prepared. A change of the member meanwhile
 * queued a sync of its own, which may have run already while this one's writes were under way:
 * one more is queued, so the platform ends at the member's newest state. A member erased
 * meanwhile leaves nothing to record.
 */
async function recordOutcome(deps: CustomerSyncDeps, plan: SyncPlan, outcome: SyncOutcome, tx: Tx): Promise<void> {
  const { memberId, shopId } = plan;
  const member = await tx.loyaltyMember.findUnique({ where: { id: memberId }, select: { balance: true, available: true, tierId: true } });
  if (!member) return;
  if (outcome.status === "FAILED") await recordSync(tx, deps, { memberId, shopId, status: "FAILED", detail: outcome.detail, tierId: plan.previousTierId });
  else await recordSync(tx, deps, { memberId, shopId, status: "SYNCED", detail: null, tierId: plan.member.tierId });
  const changed = member.balance !== plan.member.balance || member.available !== plan.member.available || member.tierId !== plan.member.tierId;
  if (changed) await enqueueCustomerSync(tx, memberId, deps.now?.() ?? new Date());
}

export function createCustomerSyncJobs(deps: CustomerSyncDeps): Record<string, JobHandler> {
  return {
    [CUSTOMER_SYNC_JOB]: stagedJob<SyncPlan, SyncOutcome>({
      prepare: (payload, tx) => prepareSync(deps, payload, tx),
      call: (plan) => writeToPlatform(deps, plan),
      record: (plan, outcome, tx) => recordOutcome(deps, plan, outcome, tx),
    }),
  };
}
