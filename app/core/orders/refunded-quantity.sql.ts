import { Prisma } from "~/db/generated/client";

/**
 * SQL for the units of an order line its refunds took back (0 when none): `line` is the alias of
 * an "OrderLineItem" row in the surrounding query. What a line still holds is its quantity less
 * this; the customer profile, the cross-sell engine and its attribution all count it so.
 */
export function refundedQuantity(line: string): Prisma.Sql {
  const alias = Prisma.raw(`"${line.replaceAll('"', '""')}"`);
  return Prisma.sql`coalesce((
    SELECT sum(rl.quantity) FROM "Refund" r JOIN "RefundLineItem" rl ON rl."refundId" = r.id
    WHERE r."orderId" = ${alias}."orderId" AND rl."lineItemPlatformId" = ${alias}."platformId"), 0)`;
}
