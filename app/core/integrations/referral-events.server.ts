import type { RecordRef } from "~/core/facts/types";
import type { Tx } from "~/db/prisma.server";
import { recordOutboundEvent } from "./outbound-events.server";
import { customerRef, type EventData } from "./payloads";

// The referral program's outbound events, recorded in the transactions that write its changes: a
// friend's first order converted a referral, an advocate was rewarded. Keyed by the referral, so a
// replayed fact or a re-run job sends nothing new.

/** What the events name of a referral: its id and its two customers (ours). */
export interface ReferralSides {
  id: string;
  shopId: string;
  advocateCustomerId: string;
  friendCustomerId: string | null;
  order: RecordRef;
}

async function sidesOf(tx: Tx, sides: ReferralSides) {
  const ids = [sides.advocateCustomerId, ...(sides.friendCustomerId ? [sides.friendCustomerId] : [])];
  const customers = await tx.customer.findMany({ where: { shopId: sides.shopId, id: { in: ids } }, select: { id: true, platformId: true } });
  const ref = (id: string) => customerRef(id, customers.find((customer) => customer.id === id)?.platformId ?? null);
  return { advocate: ref(sides.advocateCustomerId), friend: sides.friendCustomerId ? ref(sides.friendCustomerId) : null };
}

export async function recordReferralConverted(
  tx: Tx,
  sides: ReferralSides,
  conversion: Pick<EventData["referral.converted"], "status" | "orderTotalMinor" | "currency" | "fraudScore" | "fraudReasons">,
  at: Date,
): Promise<void> {
  await recordOutboundEvent(
    tx,
    sides.shopId,
    "referral.converted",
    `referral:${sides.id}:converted`,
    async () => ({ referralId: sides.id, ...(await sidesOf(tx, sides)), order: sides.order, ...conversion }),
    at,
  );
}

export async function recordReferralRewarded(tx: Tx, sides: ReferralSides, reward: EventData["referral.rewarded"]["reward"], at: Date): Promise<void> {
  await recordOutboundEvent(
    tx,
    sides.shopId,
    "referral.rewarded",
    `referral:${sides.id}:rewarded`,
    async () => ({ referralId: sides.id, ...(await sidesOf(tx, sides)), order: sides.order, reward }),
    at,
  );
}
