import type { PlatformName } from "~/core/platform";
import type { Tx } from "~/db/prisma.server";

/**
 * Makes the calling transaction the only writer of these shops' CRM records until it ends.
 *
 * A batch of orders touches many customers in several statements (buyer rows by platform id,
 * guests by email, lifetime figures by row id), and no single lock order fits them all: two
 * batches of one shop sharing customers would wait on each other's row locks for the length of
 * their transactions or deadlock. One lock per shop, taken before anything is written, turns that
 * into a plain queue; other shops' batches run alongside. Keyed on platform and domain, because
 * the shop row may not exist yet. A hash collision only makes two shops wait for each other.
 */
export async function lockShopsForSync(
  tx: Tx,
  shops: ReadonlyArray<{ platform: PlatformName; domain: string }>,
): Promise<void> {
  if (shops.length === 0) return;
  const keys = [...new Set(shops.map((shop) => `${shop.platform}:${shop.domain}`))];
  // In ascending key order, so that two transactions locking several shops cannot deadlock.
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(k)
    FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest(${keys}::text[]) AS key ORDER BY k) AS keys`;
}
