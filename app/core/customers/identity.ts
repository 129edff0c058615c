import type { OrderBuyer, PlatformId } from "~/core/platform";
import { firstPerKey } from "~/core/sync/batch";
import { normalizeEmail } from "./email";

// Who is who: one person stays one row. A buyer with a platform account is that account; a guest
// is known only by the normalized email of its orders; an account takes over the guest row with
// its email, with the guest's order history.

/** What an order tells about its buyer; the platform id is null for guests. */
export interface BuyerContact {
  platformId: PlatformId | null;
  email: string | null;
  emailNormalized: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

export function buyerContact(buyer: OrderBuyer | null, orderEmail: string | null): BuyerContact {
  const email = buyer?.email ?? orderEmail;
  return {
    // An empty id is no account.
    platformId: buyer?.platformId || null,
    email,
    emailNormalized: normalizeEmail(email),
    firstName: buyer?.firstName ?? null,
    lastName: buyer?.lastName ?? null,
    phone: buyer?.phone ?? null,
  };
}

export interface GuestClaim {
  platformId: PlatformId;
  emailNormalized: string | null;
}

/**
 * Which claimant takes over which guest row (by normalized email). Of several claimants for one
 * email the first wins, as it would one at a time; the others are left to get rows of their own.
 */
export function assignGuests<C extends GuestClaim, G>(
  claims: readonly C[],
  guestsByEmail: ReadonlyMap<string, G>,
): Array<{ claim: C; guest: G }> {
  const claiming = claims.filter((claim) => claim.emailNormalized !== null && guestsByEmail.has(claim.emailNormalized));
  return firstPerKey(claiming, (claim) => claim.emailNormalized!).map((claim) => ({
    claim,
    guest: guestsByEmail.get(claim.emailNormalized!)!,
  }));
}
