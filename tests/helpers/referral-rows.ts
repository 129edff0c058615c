import { randomUUID } from "node:crypto";
import type { Prisma } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import { DEFAULT_REFERRAL_SETTINGS } from "~/core/referrals/program-settings";

// Referral rows written directly, for tests of what reads them (the admin's list, figures and
// routes): customers, a friend's order with its discount code, advocate codes and referrals.

export async function referralCustomer(db: Db, shopId: string, person: { firstName: string; lastName: string; email: string }) {
  return db.customer.create({ data: { shopId, platformId: `cust-${randomUUID()}`, emailNormalized: person.email, ...person } });
}

export async function advocateCode(db: Db, shopId: string, customerId: string, code: string) {
  return db.referralCode.create({ data: { shopId, customerId, code } });
}

/** A paid order; each discount code takes `amountMinor` off. */
export async function referralOrder(
  db: Db,
  shopId: string,
  order: { customerId: string | null; name: string; totalMinor: bigint; at: Date; discounts?: Array<{ code: string; amountMinor: bigint }> },
) {
  return db.order.create({
    data: {
      shopId,
      platformId: `order-${randomUUID()}`,
      customerId: order.customerId,
      name: order.name,
      currency: "EUR",
      subtotalMinor: order.totalMinor,
      totalDiscountsMinor: (order.discounts ?? []).reduce((sum, discount) => sum + discount.amountMinor, 0n),
      totalShippingMinor: 0n,
      totalTaxMinor: 0n,
      totalMinor: order.totalMinor,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: order.totalMinor,
      financialStatus: "paid",
      processedAt: order.at,
      sourceCreatedAt: order.at,
      sourceUpdatedAt: order.at,
      discountCodes: {
        create: (order.discounts ?? []).map((discount) => ({ shopId, code: discount.code, kind: "fixed_amount", amountMinor: discount.amountMinor, currency: "EUR" })),
      },
    },
  });
}

/** A referral of the advocate's code, claimed by e-mail unless the overrides say otherwise. */
export async function referralRow(db: Db, input: { shopId: string; codeId: string; friendCode: string } & Partial<Prisma.ReferralUncheckedCreateInput>) {
  const key = randomUUID();
  return db.referral.create({
    data: {
      friendLocale: "de",
      friendReward: DEFAULT_REFERRAL_SETTINGS.friendReward,
      claimIpKey: `ip-${key}`,
      claimDeviceKey: `device-${key}`,
      requestKey: `request-${key}`,
      ...input,
    },
  });
}
