import { z } from "zod";
import { PlatformActionError, type PlatformActions } from "~/core/platform-actions";
import type { Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { customerSyncPlan } from "./customer-sync";
import { activeProgram } from "./program.server";
import { tierRules } from "./program-settings";

// Writes the member's balance and tier to the platform's customer (see ./customer-sync.ts). A
// member's changes within a minute share one job that runs after the minute (a few seconds
// later, for transactions still committing): it reads the member as it is then, so a burst of
// changes costs one round of platform calls.

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
  /** The shop's platform (the demo shop's is the demo's own, which takes the writes and keeps nothing). */
  actions(tx: Tx, shopDomain: string): Promise<PlatformActions>;
  now?: () => Date;
}

const payloadSchema = z.object({ memberId: z.string().uuid() });

async function syncMember(deps: CustomerSyncDeps, payload: unknown, tx: Tx) {
  const { memberId } = payloadSchema.parse(payload);
  const member = await tx.loyaltyMember.findUnique({
    where: { id: memberId },
    include: { customer: { select: { platformId: true } }, shop: { select: { domain: true } } },
  });
  if (!member) return;
  const [program, previous] = await Promise.all([activeProgram(tx, member.shopId), tx.loyaltyPlatformSync.findUnique({ where: { memberId } })]);
  const plan = customerSyncPlan({
    customerPlatformId: member.customer.platformId,
    balance: member.balance,
    available: member.available,
    tierId: member.tierId,
    programTierIds: program ? tierRules(program.settings).tiers.map((tier) => tier.id) : [],
    previousTierId: previous?.tierId ?? null,
  });
  const record = (status: "SYNCED" | "SKIPPED" | "FAILED", detail: string | null, tierId: string | null) =>
    tx.loyaltyPlatformSync.upsert({
      where: { memberId },
      create: { memberId, shopId: member.shopId, status, detail, tierId, syncedAt: deps.now?.() ?? new Date() },
      update: { status, detail, tierId, syncedAt: deps.now?.() ?? new Date() },
    });
  if (plan.kind === "skip") {
    await record("SKIPPED", plan.reason, previous?.tierId ?? null);
    return;
  }
  const actions = await deps.actions(tx, member.shop.domain);
  try {
    await actions.setCustomerMetafields(plan.customerPlatformId, plan.metafields);
    if (plan.removeTags.length > 0) await actions.removeCustomerTags(plan.customerPlatformId, plan.removeTags);
    if (plan.addTags.length > 0) await actions.addCustomerTags(plan.customerPlatformId, plan.addTags);
  } catch (error) {
    // The same request would fail again (a customer deleted on the platform, a refused value):
    // kept for the merchant to see; the member's next change tries anew.
    if (error instanceof PlatformActionError && !error.retryable) {
      await record("FAILED", error.message, previous?.tierId ?? null);
      return;
    }
    throw error;
  }
  await record("SYNCED", null, member.tierId);
}

export function createCustomerSyncJobs(deps: CustomerSyncDeps): Record<string, JobHandler> {
  return { [CUSTOMER_SYNC_JOB]: { run: (payload, tx) => syncMember(deps, payload, tx) } };
}
