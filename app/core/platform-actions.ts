import type { PlatformId } from "./platform";

// What the programs (loyalty, referrals, win-back) ask of a shop's platform: the outbound half of
// the platform port. Each platform adapter implements it with its own API (Shopify: Admin GraphQL;
// WooCommerce: REST); the programs see only these neutral requests and errors.

/** What a discount code takes off. Amounts are in the shop's currency, minor units. */
export type DiscountValue =
  | { kind: "amount"; amountMinor: bigint; currency: string }
  | { kind: "percent"; percent: number }
  | { kind: "free_shipping" }
  | { kind: "free_product"; variantPlatformId: PlatformId; quantity: number };

export interface DiscountCodeRequest {
  /** The code the shopper types: chosen by the program, unique in the shop. */
  code: string;
  /** The discount's name in the platform's own admin (e.g. "Treuepunkte: 5 € Rabatt"). */
  title: string;
  value: DiscountValue;
  /** Only this customer may use the code; null: anyone who has it. */
  customerPlatformId: PlatformId | null;
  /** Uses in all (1: single-use); null: unlimited. */
  usageLimit: number | null;
  /** Each customer may use it once. */
  oncePerCustomer: boolean;
  /**
   * Minimum order subtotal in the shop's currency (minor units, with that currency, as amounts are
   * everywhere else: the platform needs the currency to write the amount in its own decimals);
   * null: none.
   */
  minimumSubtotal: { amountMinor: bigint; currency: string } | null;
  startsAt: Date;
  /** Null: does not expire. */
  endsAt: Date | null;
}

export interface CreatedDiscountCode {
  /** The platform's id of the discount (Shopify: the DiscountCodeNode id). */
  platformId: PlatformId;
  code: string;
}

export interface MetafieldInput {
  namespace: string;
  key: string;
  /** The platform's value type, e.g. "number_integer", "single_line_text_field", "json". */
  type: string;
  value: string;
}

/** Outbound actions on one shop. Each call either completes or throws a PlatformActionError. */
export interface PlatformActions {
  createDiscountCode(request: DiscountCodeRequest): Promise<CreatedDiscountCode>;
  deactivateDiscountCode(platformId: PlatformId): Promise<void>;
  addCustomerTags(customerPlatformId: PlatformId, tags: readonly string[]): Promise<void>;
  removeCustomerTags(customerPlatformId: PlatformId, tags: readonly string[]): Promise<void>;
  setCustomerMetafields(customerPlatformId: PlatformId, metafields: readonly MetafieldInput[]): Promise<void>;
}

/**
 * - `code_taken`: another discount already has this code (choose another and try again);
 * - `not_found`: the customer, discount or variant does not exist (any more) on the platform;
 * - `rejected`: the platform refused the request for a reason it names; the same request fails again;
 * - `unavailable`: throttled, server or network trouble that outlasted the retries: try later.
 */
export type PlatformActionFailure = "code_taken" | "not_found" | "rejected" | "unavailable";

export interface PlatformActionProblem {
  /** The request field the platform names, e.g. "code" or "context.customers.add". */
  field: string | null;
  /** The platform's own error code, when it gives one. */
  code: string | null;
  message: string;
}

/**
 * What failed: an action of the port, or a platform adapter's own upkeep that no program calls
 * through the port (Shopify's automatic loyalty discount, kept by the Shopify adapter).
 */
export type PlatformActionName = keyof PlatformActions | "maintainAutomaticDiscount";

export class PlatformActionError extends Error {
  override name = "PlatformActionError";
  constructor(
    readonly action: PlatformActionName,
    readonly failure: PlatformActionFailure,
    readonly problems: readonly PlatformActionProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `${action} failed (${failure}): ${problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message)).join("; ")}`,
      options,
    );
  }

  /** Whether the same request may succeed later. */
  get retryable(): boolean {
    return this.failure === "unavailable";
  }
}
