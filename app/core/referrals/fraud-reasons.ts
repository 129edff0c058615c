import { z } from "zod";
import { FRAUD_POINTS, type FraudReason } from "./fraud-score";

// A referral's stored fraud reasons (Referral.fraudReasons, written from scoreReferral's result)
// read back as FraudReason, so the admin can fill each reason's message from its detail.

const velocityDetail = z.object({ claims: z.number(), limit: z.number(), windowHours: z.number() });

const fraudReasonSchema = z.discriminatedUnion("code", [
  z.object({ code: z.literal("same_customer"), points: z.literal(FRAUD_POINTS.same_customer), detail: z.object({ customerId: z.string() }) }),
  z.object({ code: z.literal("same_email"), points: z.literal(FRAUD_POINTS.same_email), detail: z.object({ email: z.string() }) }),
  z.object({
    code: z.literal("shared_shipping_address"),
    points: z.literal(FRAUD_POINTS.shared_shipping_address),
    detail: z.object({ advocateAddress: z.string(), friendAddress: z.string() }),
  }),
  z.object({ code: z.literal("shared_phone"), points: z.literal(FRAUD_POINTS.shared_phone), detail: z.object({ phone: z.string() }) }),
  z.object({
    code: z.literal("household_allow_listed"),
    points: z.literal(FRAUD_POINTS.household_allow_listed),
    detail: z.object({ household: z.string() }),
  }),
  z.object({
    code: z.literal("similar_name"),
    points: z.literal(FRAUD_POINTS.similar_name),
    detail: z.object({ advocateName: z.string(), friendName: z.string(), edits: z.number() }),
  }),
  z.object({ code: z.literal("not_first_order"), points: z.literal(FRAUD_POINTS.not_first_order), detail: z.object({ ordersBefore: z.number() }) }),
  z.object({ code: z.literal("ip_velocity"), points: z.literal(FRAUD_POINTS.ip_velocity), detail: velocityDetail }),
  z.object({ code: z.literal("device_velocity"), points: z.literal(FRAUD_POINTS.device_velocity), detail: velocityDetail }),
  z.object({
    code: z.literal("advocate_code_spread"),
    points: z.literal(FRAUD_POINTS.advocate_code_spread),
    detail: z.object({ customers: z.number(), limit: z.number(), windowDays: z.number() }),
  }),
]) satisfies z.ZodType<FraudReason>;

const fraudReasonsSchema = z.array(fraudReasonSchema);

/** The stored reasons, read strictly: only scoreReferral's own output is ever stored. Null stays null (not converted yet). */
export function parseFraudReasons(stored: unknown): FraudReason[] | null {
  return stored === null || stored === undefined ? null : fraudReasonsSchema.parse(stored);
}

