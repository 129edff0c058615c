import type { MarketingConsentState, PlatformId } from "~/core/platform";
import type { Tx } from "~/db/prisma.server";

export interface GuestRow {
  id: string;
  emailNormalized: string;
  emailMarketingConsent: MarketingConsentState;
}

/** The guest rows (no platform id) for these normalized emails: one at most per email. */
export async function findGuestsByEmail(
  tx: Tx,
  shopId: string,
  emails: readonly string[],
): Promise<Map<string, GuestRow>> {
  if (emails.length === 0) return new Map();
  const rows = await tx.$queryRaw<GuestRow[]>`
    SELECT id, "emailNormalized", "emailMarketingConsent"::text AS "emailMarketingConsent"
    FROM "Customer"
    WHERE "shopId" = ${shopId}::uuid AND "platformId" IS NULL
      AND "emailNormalized" = ANY(${[...new Set(emails)]}::text[])`;
  return new Map(rows.map((row) => [row.emailNormalized, row]));
}

/**
 * Hands guest rows to the platform accounts that took them over. Returns the customer id per
 * platform id for the guests that were still guests (a concurrent writer may have been first).
 */
export async function promoteGuests(
  tx: Tx,
  shopId: string,
  promotions: ReadonlyArray<{ guestId: string; platformId: PlatformId }>,
): Promise<Map<PlatformId, string>> {
  if (promotions.length === 0) return new Map();
  const rows = await tx.$queryRaw<Array<{ id: string; platformId: string }>>`
    UPDATE "Customer" AS c SET "platformId" = p."platformId", "isGuest" = false, "updatedAt" = now()
    FROM unnest(${promotions.map((p) => p.guestId)}::uuid[], ${promotions.map((p) => p.platformId)}::text[])
      AS p("guestId", "platformId")
    WHERE c.id = p."guestId" AND c."shopId" = ${shopId}::uuid AND c."platformId" IS NULL
    RETURNING c.id, c."platformId"`;
  return new Map(rows.map((row) => [row.platformId, row.id]));
}
