import { z } from "zod";

// The events a merchant's endpoint can subscribe to. "test" is not subscribable: the admin sends
// it to one endpoint on request.

export const OUTBOUND_TOPICS = [
  "loyalty.points_earned",
  "loyalty.points_redeemed",
  "loyalty.points_expiring",
  "loyalty.tier_changed",
  "referral.converted",
  "referral.rewarded",
] as const;

export type OutboundTopic = (typeof OUTBOUND_TOPICS)[number];

export const TEST_TOPIC = "test";

export const outboundTopicSchema = z.enum(OUTBOUND_TOPICS);
