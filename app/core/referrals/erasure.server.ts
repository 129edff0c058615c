import { z } from "zod";
import type { Tx } from "~/db/prisma.server";
import { emailIdentityKey } from "./email-identity";

// A customer's erasure in the referral program (design step 9).
// - As an advocate: their code goes with its clicks and referrals (a referral cannot outlive its
//   code), and with those the referrals' mails; rewards already given stay on the platform.
// - As a friend: the claim's e-mail address and its key go (the mailbox may claim again, as a
//   stranger could), their mails go, and the fraud reasons lose their evidence (addresses, phone,
//   names, e-mail): codes, points and figures stay, so the merchant still sees why a referral waited.
// - The referral events sent to the shop's endpoints no longer name either customer's platform id.

export interface ErasedPerson {
  customerIds: readonly string[];
  /** The request's and the customers' e-mail addresses: a friend who claimed by e-mail may have no customer row. */
  emails: ReadonlyArray<string | null>;
}

// The stored reasons (fraud-score.ts FraudReason[]) with their evidence blanked: every text of a
// detail (an address, a phone, a name, an e-mail) becomes "—", the figures stay, so the reasons
// still read as the score wrote them (./fraud-reasons.ts) and say why, without whom.
const storedReasons = z.array(z.object({ code: z.string(), points: z.number(), detail: z.record(z.string(), z.unknown()) }).passthrough()).catch([]);

const ERASED = "—";

function withoutEvidence(reasons: unknown) {
  return storedReasons.parse(reasons).map((reason) => ({
    ...reason,
    detail: Object.fromEntries(Object.entries(reason.detail).map(([key, value]) => [key, typeof value === "number" ? value : ERASED])),
  }));
}

export async function eraseReferralPersonalData(tx: Tx, shopId: string, person: ErasedPerson): Promise<void> {
  const customerIds = [...person.customerIds];
  const emailKeys = [...new Set(person.emails.map(emailIdentityKey).filter((key): key is string => key !== null))];
  if (customerIds.length === 0 && emailKeys.length === 0) return;

  const asFriend = await tx.referral.findMany({
    where: { shopId, OR: [{ friendCustomerId: { in: customerIds } }, { friendEmailKey: { in: emailKeys } }] },
    select: { id: true, fraudReasons: true },
  });
  if (asFriend.length > 0) {
    const ids = asFriend.map((referral) => referral.id);
    // The friend's mails (the advocate's about the same referral are the advocate's).
    await tx.mailMessage.deleteMany({ where: { shopId, referralId: { in: ids }, OR: [{ customerId: null }, { customerId: { in: customerIds } }] } });
    await tx.referral.updateMany({ where: { id: { in: ids } }, data: { friendEmail: null, friendEmailKey: null } });
    for (const referral of asFriend) {
      if (referral.fraudReasons === null) continue;
      await tx.referral.update({ where: { id: referral.id }, data: { fraudReasons: withoutEvidence(referral.fraudReasons) } });
    }
  }

  if (customerIds.length > 0) {
    // The advocate's referrals carry the advocate's addresses and name as evidence too: they go with the code.
    await tx.referralCode.deleteMany({ where: { shopId, customerId: { in: customerIds } } });
    await tx.$executeRaw`
      UPDATE "OutboundWebhookDelivery" SET payload = jsonb_set(payload, '{data,advocate,platformId}', 'null'::jsonb, false)
      WHERE "shopId" = ${shopId}::uuid AND topic LIKE 'referral.%' AND payload #>> '{data,advocate,id}' = ANY(${customerIds}::text[])`;
    await tx.$executeRaw`
      UPDATE "OutboundWebhookDelivery" SET payload = jsonb_set(payload, '{data,friend,platformId}', 'null'::jsonb, false)
      WHERE "shopId" = ${shopId}::uuid AND topic LIKE 'referral.%' AND payload #>> '{data,friend,id}' = ANY(${customerIds}::text[])`;
  }
}

/**
 * The shop's erasure (shop/redact): the allow-list has no key to the shop (its rows hold addresses
 * and phones), so it goes by the shop's id before the shop does; everything else of the program
 * goes with the shop's customers (cascade).
 */
export async function eraseShopReferralData(tx: Tx, shopIds: readonly string[]): Promise<void> {
  await tx.referralAllowListEntry.deleteMany({ where: { shopId: { in: [...shopIds] } } });
}
