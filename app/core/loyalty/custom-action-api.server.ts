import { z } from "zod";
import { apiError, type ApiAnswer } from "~/core/api/api-answer";
import type { ApiWork } from "~/core/api/api-request.server";
import { normalizeEmail } from "~/core/customers/email";
import type { Tx } from "~/db/prisma.server";
import { customActionReason, limitVerdict, type LimitVerdict } from "./custom-actions";
import { earnForAction } from "./earn-action.server";
import { lockMember } from "./ledger.server";
import { activeProgram } from "./program.server";

// POST /api/loyalty/actions: the merchant's systems report that a customer did one of the
// actions the merchant set up (a review written), and the customer earns its points — as many as
// the settings say, as often as its limit allows, once per idempotency key.

export const customActionRequestSchema = z.strictObject({
  /** The action's key as set up in the program's settings. */
  action: z.string().min(1).max(100),
  customer: z.union([
    /** The platform's customer id, as a string (64-bit ids do not survive JSON numbers). */
    z.strictObject({ platformId: z.string().trim().min(1).max(100) }),
    z.strictObject({ email: z.string().max(254).refine((email) => normalizeEmail(email) !== null, "Not an e-mail address") }),
  ]),
});

export type CustomActionRequest = z.infer<typeof customActionRequestSchema>;

/** The ledger source of a request's entry: the key is unique per shop, as entries' sources are. */
export const apiSourceKey = (idempotencyKey: string) => `api:${idempotencyKey}`;

type FoundCustomer = { id: string } | "none" | "ambiguous";

/**
 * The shop's customer: by the platform's id, or by e-mail among customer accounts (a guest has
 * no account to collect points with). Erased and deleted customers are not found.
 */
async function findCustomer(tx: Tx, shopId: string, customer: CustomActionRequest["customer"]): Promise<FoundCustomer> {
  const live = { shopId, redactedAt: null, deletedAt: null };
  const where = "platformId" in customer ? { ...live, platformId: customer.platformId } : { ...live, isGuest: false, emailNormalized: normalizeEmail(customer.email) };
  const found = await tx.customer.findMany({ where, select: { id: true }, take: 2 });
  if (found.length === 0) return "none";
  return found.length > 1 ? "ambiguous" : found[0]!;
}

function limitMessage(verdict: Extract<LimitVerdict, { allowed: false }>, key: string): string {
  const times = verdict.count === 1 ? "once" : `${verdict.count} times`;
  const period = { ever: "per customer", day: "per customer in 24 hours", month: "per customer in 30 days" }[verdict.period];
  const next = verdict.nextAt ? ` The customer can earn it again from ${verdict.nextAt.toISOString()}.` : "";
  return `The action "${key}" earns points at most ${times} ${period}, and this customer has reached that.${next}`;
}

/** Grants the action's points to the customer, or says why not. */
export async function earnCustomAction(tx: Tx, request: ApiWork<CustomActionRequest>, now: Date): Promise<ApiAnswer> {
  const { shopId, input } = request;
  const program = await activeProgram(tx, shopId);
  if (!program || program.startedAt.getTime() > now.getTime()) {
    return apiError(409, "program_inactive", "The shop's loyalty program is switched off, so no points can be earned.");
  }
  const action = program.settings.customActions.find((candidate) => candidate.key === input.action);
  if (!action) {
    return apiError(422, "unknown_action", `There is no action "${input.action}" in the loyalty program's settings. Use the key of an action set up there.`, {
      action: input.action,
    });
  }
  const customer = await findCustomer(tx, shopId, input.customer);
  if (customer === "none") return apiError(404, "customer_not_found", "No customer of the shop matches the customer given.");
  if (customer === "ambiguous") {
    return apiError(422, "customer_ambiguous", "Several customer accounts have this e-mail address. Identify the customer by platformId.");
  }
  // Under the member's lock: two requests for the same customer cannot both take the last grant.
  const member = await lockMember(tx, shopId, customer.id);
  const reason = customActionReason(action.key);
  const granted = await tx.loyaltyEntry.findMany({ where: { memberId: member.id, kind: "EARN", reason }, select: { occurredAt: true } });
  const verdict = limitVerdict(action.limit, granted.map((entry) => entry.occurredAt), now);
  if (!verdict.allowed) {
    return apiError(422, "limit_reached", limitMessage(verdict, action.key), {
      action: action.key,
      limit: { count: verdict.count, period: verdict.period },
      retryAt: verdict.nextAt?.toISOString() ?? null,
    });
  }
  const entry = await earnForAction(
    tx,
    program,
    member,
    {
      points: action.points,
      occurredAt: now,
      sourceKey: apiSourceKey(request.idempotencyKey),
      reason,
      event: { reason: "custom_action", action: action.key },
      timeline: { action: action.key, label: action.label },
    },
    now,
  );
  // The answer stored with the key was removed, but its entry was not: it stays the only one.
  if (!entry) return apiError(409, "idempotency_key_reused", "Points were already earned under this Idempotency-Key. Send a new key for a new request.");
  return {
    status: 200,
    body: {
      entryId: entry.id,
      action: action.key,
      points: entry.points,
      // Our id only: the answer is kept with its key, and a customer's erasure must leave nothing
      // that names them at the platform.
      customer: { id: customer.id },
      balance: member.balance,
      available: member.available,
      pending: member.pending,
    },
  };
}
