import type { Tx } from "~/db/prisma.server";

/**
 * Dates a data request just recorded by when the platform says it was made (Shopify: the delivery's
 * X-Shopify-Triggered-At), so the deadline runs from the request, not from when a retried or
 * queued delivery was processed. Only ever earlier: no header can push a deadline into the future.
 */
export async function backdateDataRequest(
  tx: Tx,
  shopId: string,
  recorded: { id: string; receivedAt: Date },
  requestedAt: Date | null,
): Promise<void> {
  if (requestedAt === null || requestedAt.getTime() >= recorded.receivedAt.getTime()) return;
  await tx.privacyRequest.updateMany({ where: { id: recorded.id, shopId }, data: { receivedAt: requestedAt } });
}
