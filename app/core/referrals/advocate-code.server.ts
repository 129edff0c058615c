import { randomBytes } from "node:crypto";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import type { Db, Tx } from "~/db/prisma.server";
import { advocateCode } from "./codes";

// A customer's own referral code, made the first time it is needed (the storefront shows it, the
// admin lists it). Only a customer with an account on the platform can be an advocate: a guest
// cannot sign in to see their link, and a redacted customer is no one any more.

export interface AdvocateCode {
  id: string;
  code: string;
}

// Four characters of a 32-letter alphabet behind one first name: a collision is rare until a
// name has thousands of advocates; each attempt draws anew.
const CODE_ATTEMPTS = 8;

/** The customer's code, made on first need; null for a customer who cannot be an advocate. */
export async function ensureReferralCode(db: Db | Tx, shopId: string, customerId: string): Promise<AdvocateCode | null> {
  const existing = await db.referralCode.findFirst({ where: { shopId, customerId }, select: { id: true, code: true } });
  if (existing) return existing;
  const customer = await db.customer.findFirst({
    where: { id: customerId, shopId },
    select: { platformId: true, isGuest: true, redactedAt: true, firstName: true },
  });
  if (!customer?.platformId || customer.isGuest || customer.redactedAt || isRedactedPlatformId(customer.platformId)) return null;
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    // Skipping duplicates lets a taken code (or a code made meanwhile by a concurrent request for
    // the same customer) pass without an error that would abort the caller's transaction.
    await db.referralCode.createMany({ data: [{ shopId, customerId, code: advocateCode(customer.firstName, randomBytes(4)) }], skipDuplicates: true });
    const made = await db.referralCode.findFirst({ where: { shopId, customerId }, select: { id: true, code: true } });
    if (made) return made;
  }
  throw new Error(`No free referral code for customer ${customerId} after ${CODE_ATTEMPTS} attempts`);
}
