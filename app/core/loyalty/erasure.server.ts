import type { Tx } from "~/db/prisma.server";

/**
 * A customer's erasure in the program: the birthday they gave, and the merchant's own words on
 * their entries (an adjustment's reason, an imported balance's note may name them) go; the points
 * and rewards stay, as the ledger must still add up.
 */
export async function eraseLoyaltyPersonalData(tx: Tx, shopId: string, customerIds: readonly string[]): Promise<void> {
  const members = await tx.loyaltyMember.findMany({ where: { shopId, customerId: { in: [...customerIds] } }, select: { id: true } });
  if (members.length === 0) return;
  const memberIds = members.map((member) => member.id);
  await tx.loyaltyMember.updateMany({ where: { id: { in: memberIds } }, data: { birthMonth: null, birthDay: null, birthdaySetAt: null } });
  await tx.loyaltyEntry.updateMany({ where: { shopId, memberId: { in: memberIds }, kind: { in: ["ADJUST", "IMPORT"] }, reason: { not: null } }, data: { reason: null } });
}
