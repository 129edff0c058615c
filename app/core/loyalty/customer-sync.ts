import type { MetafieldInput } from "~/core/platform-actions";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";

// What the platform's customer should carry about the member, for Shopify Flow and e-mail tools:
// metafields in the "crm_loyalty" namespace (points_balance, points_available, tier) and one
// machine tag for the tier, `loyalty-tier:<tier id>` (the tier's id from the program settings,
// stable when the merchant renames the tier). "none" stands for no tier: a metafield cannot be
// written empty.

export const LOYALTY_METAFIELD_NAMESPACE = "crm_loyalty";
export const TIER_TAG_PREFIX = "loyalty-tier:";
export const NO_TIER = "none";

export const tierTag = (tierId: string) => `${TIER_TAG_PREFIX}${tierId}`;

export type SkipReason = "guest" | "redacted";

export interface CustomerSyncInput {
  customerPlatformId: string | null;
  balance: number;
  available: number;
  tierId: string | null;
  /** Every tier of the program, and the one whose tag the last sync wrote: their tags go. */
  programTierIds: readonly string[];
  previousTierId: string | null;
}

export type CustomerSyncPlan =
  | { kind: "skip"; reason: SkipReason }
  | { kind: "write"; customerPlatformId: string; metafields: MetafieldInput[]; addTags: string[]; removeTags: string[] };

export function customerSyncPlan(input: CustomerSyncInput): CustomerSyncPlan {
  if (!input.customerPlatformId) return { kind: "skip", reason: "guest" };
  if (isRedactedPlatformId(input.customerPlatformId)) return { kind: "skip", reason: "redacted" };
  const stale = new Set([...input.programTierIds, ...(input.previousTierId ? [input.previousTierId] : [])]);
  if (input.tierId) stale.delete(input.tierId);
  return {
    kind: "write",
    customerPlatformId: input.customerPlatformId,
    metafields: [
      { namespace: LOYALTY_METAFIELD_NAMESPACE, key: "points_balance", type: "number_integer", value: String(input.balance) },
      { namespace: LOYALTY_METAFIELD_NAMESPACE, key: "points_available", type: "number_integer", value: String(input.available) },
      { namespace: LOYALTY_METAFIELD_NAMESPACE, key: "tier", type: "single_line_text_field", value: input.tierId ?? NO_TIER },
    ],
    addTags: input.tierId ? [tierTag(input.tierId)] : [],
    removeTags: [...stale].map(tierTag),
  };
}
