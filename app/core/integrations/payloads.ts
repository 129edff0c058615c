import type { CustomerRef, RecordRef } from "~/core/facts/types";
import type { NoticeLevel } from "~/core/loyalty/expiry-notices";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import type { OutboundTopic } from "./topics";

// The bodies of the program's outbound events. They carry ids and figures only — our customer id
// and the platform's, points, balances, tier ids, order ids — never names or e-mail addresses: a
// receiver that needs those asks the platform with the customer's id. A redacted customer's
// platform id is sent as null.

/** The member's balances after the change. */
export interface BalanceFigures {
  balance: number;
  available: number;
  pending: number;
}

export type EventData = {
  "loyalty.points_earned": {
    customer: CustomerRef;
    points: number;
    /**
     * An order earned them (`order` names it), reaching a tier did (its entry reward), or an
     * action: the customer account created, the newsletter subscribed to, the birthday, one of
     * the merchant's own actions reported through the API (`action` is its key).
     */
    reason: "order" | "tier_entry" | "account_created" | "newsletter" | "birthday" | "custom_action";
    action?: string;
    order: RecordRef | null;
    entryId: string;
  } & BalanceFigures;
  "loyalty.points_redeemed": { customer: CustomerRef; points: number; redemptionId: string; rewardId: string; code: string; codeExpiresAt: string | null } & BalanceFigures;
  "loyalty.points_expiring": {
    customer: CustomerRef;
    notice: NoticeLevel;
    lotId: string;
    /** What is left of the lot and expires at `expiresAt`. */
    points: number;
    expiresAt: string;
  } & BalanceFigures;
  "loyalty.tier_changed": { customer: CustomerRef; fromTierId: string | null; toTierId: string | null } & BalanceFigures;
  /** The friend's first order with their code was paid: the score sent it on (PENDING), to review, or rejected it. */
  "referral.converted": {
    referralId: string;
    status: "PENDING" | "REVIEW" | "REJECTED";
    advocate: CustomerRef;
    /** Null when the order names no customer. */
    friend: CustomerRef | null;
    order: RecordRef;
    orderTotalMinor: string;
    currency: string;
    /** 0–100, with the reasons' codes (the admin explains them). */
    fraudScore: number;
    fraudReasons: string[];
  };
  /** The advocate got their reward: points on the ledger or a discount code. */
  "referral.rewarded": {
    referralId: string;
    advocate: CustomerRef;
    friend: CustomerRef | null;
    order: RecordRef;
    reward: { kind: "points"; points: number } | { kind: "discount"; code: string };
  };
};

export interface OutboundEvent<T extends OutboundTopic = OutboundTopic> {
  topic: T;
  /** Unique per event: the same key recorded again sends nothing new. */
  eventKey: string;
  occurredAt: Date;
  data: EventData[T];
}

/** The customer as an event names it: a redacted customer's platform id is not sent. */
export function customerRef(id: string, platformId: string | null): CustomerRef {
  return { id, platformId: platformId && !isRedactedPlatformId(platformId) ? platformId : null };
}

export function balanceFigures(member: BalanceFigures): BalanceFigures {
  return { balance: member.balance, available: member.available, pending: member.pending };
}

/** The JSON document POSTed: the event id (the delivery's, stable across retries) and the event. */
export function eventBody(event: { id: string; topic: string; occurredAt: string; data: unknown }): string {
  return JSON.stringify({ id: event.id, topic: event.topic, occurredAt: event.occurredAt, data: event.data });
}
