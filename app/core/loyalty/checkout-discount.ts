import { z } from "zod";
import { DEFAULT_LOCALE } from "~/i18n/translate";
import type { LoyaltyDiscountConfiguration } from "../../../extensions/loyalty-discount/src/configuration";
import { checkoutPerkConfiguration, checkoutPerkDiscountTitle } from "./checkout-perk";
import type { ProgramSettings } from "./program-settings";

// The program's checkout discount on the platform (Shopify: the automatic discount that runs the
// loyalty discount Function): what the upkeep asks of the platform for a settings version, how a
// failed upkeep is written into LoyaltyProgram.checkoutDiscountError, and what the program page
// shows of it. The upkeep itself is ./checkout-discount.server.ts.

/** What the shop's checkout discount should be; the platform creates or updates it to this. */
export interface CheckoutDiscountRequest {
  /** The discount's name in the platform's admin. */
  title: string;
  configuration: LoyaltyDiscountConfiguration;
  /** The discount's platform id from the last upkeep; without it the platform looks for it. */
  knownDiscountId?: string | null;
  /** When a new discount starts (usually now); an existing one keeps its start. */
  startsAt: Date;
  /** When it stops applying; null or left out: it does not end. */
  endsAt?: Date | null;
}

/**
 * Why an upkeep failed in a way retrying the same request cannot fix, each with its own advice
 * on the program page: the app's Function is not deployed to the shop, the app may not change the
 * shop's discounts (a permission not granted, the app no longer installed), the platform stayed
 * unreachable through every retry, or it refused for another reason it names.
 */
export const CHECKOUT_DISCOUNT_FAILURES = ["function_missing", "no_access", "unavailable", "rejected"] as const;
export type CheckoutDiscountFailure = (typeof CHECKOUT_DISCOUNT_FAILURES)[number];

/** What an upkeep came to on the platform; a failure that may pass is thrown instead (the queue retries it). */
export type CheckoutDiscountResult =
  /** The discount carries the request; null: none is needed (no perks) and the shop has none. */
  | { kind: "maintained"; discountId: string | null }
  /** Nothing to keep on this shop's platform (the demo shop has none). */
  | { kind: "skipped" }
  | { kind: "failed"; failure: CheckoutDiscountFailure; detail: string };

/**
 * The request for the program's settings in force. Switched off, the discount gets no perks (the
 * Function then gives nothing, even if someone reactivates the discount by hand) and ends now, so
 * the platform's discount list shows it as ended; switched on again, it is updated with the
 * perks and no end. The title is in the app's default language: the upkeep runs in the
 * background, where no merchant's language is at hand, and one language keeps it from changing
 * with whoever saved last.
 */
export function checkoutDiscountRequest(
  program: { enabled: boolean; checkoutDiscountId: string | null },
  settings: ProgramSettings,
  currency: string,
  now: Date,
): CheckoutDiscountRequest {
  return {
    title: checkoutPerkDiscountTitle(DEFAULT_LOCALE),
    configuration: checkoutPerkConfiguration(program.enabled ? settings.tiers.levels : [], currency),
    knownDiscountId: program.checkoutDiscountId,
    startsAt: now,
    endsAt: program.enabled ? null : now,
  };
}

const recordedErrorSchema = z.object({ failure: z.enum(CHECKOUT_DISCOUNT_FAILURES), detail: z.string() });
export type RecordedCheckoutDiscountError = z.infer<typeof recordedErrorSchema>;

/** The text stored in checkoutDiscountError: the kind of failure (for the advice) and the platform's own words. */
export function checkoutDiscountErrorText(error: RecordedCheckoutDiscountError): string {
  return JSON.stringify(error);
}

/** A stored error read back; anything else found there is shown as a refusal in its own words. */
export function readCheckoutDiscountError(text: string): RecordedCheckoutDiscountError {
  try {
    const parsed = recordedErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: fall through
  }
  return { failure: "rejected", detail: text };
}

export interface CheckoutDiscountColumns {
  enabled: boolean;
  version: number;
  checkoutDiscountId: string | null;
  checkoutDiscountVersion: number | null;
  checkoutDiscountSyncedAt: Date | null;
  checkoutDiscountError: string | null;
}

/** What the program page says about the checkout discount. Times as ISO strings (loader data). */
export type CheckoutDiscountState =
  /** The discount applies the version's perks to signed-in members. */
  | { kind: "active"; version: number; syncedAt: string }
  /** No tier has a perk: the shop needs no discount (one it has gives nothing). */
  | { kind: "no_perks"; version: number; syncedAt: string }
  /** The program is off: the discount gives nothing and has ended. */
  | { kind: "off"; version: number; syncedAt: string }
  /** The demo shop has no platform: nothing was created, the version was only recorded. */
  | { kind: "demo"; version: number; syncedAt: string }
  /** The upkeep for the version in force is queued or being retried. */
  | { kind: "waiting"; version: number }
  /** The upkeep failed; `inForce` is the version the platform still has, if any. */
  | { kind: "failed"; version: number; failure: CheckoutDiscountFailure; detail: string; inForce: number | null };

export function checkoutDiscountState(program: CheckoutDiscountColumns, settings: ProgramSettings, demoShop: boolean): CheckoutDiscountState {
  const { version } = program;
  if (program.checkoutDiscountVersion !== version || !program.checkoutDiscountSyncedAt) {
    if (program.checkoutDiscountError === null) return { kind: "waiting", version };
    return { kind: "failed", version, ...readCheckoutDiscountError(program.checkoutDiscountError), inForce: program.checkoutDiscountVersion };
  }
  const syncedAt = program.checkoutDiscountSyncedAt.toISOString();
  if (demoShop) return { kind: "demo", version, syncedAt };
  if (!program.enabled) return { kind: "off", version, syncedAt };
  const perks = settings.tiers.levels.some((level) => level.checkoutPerk);
  if (!perks || program.checkoutDiscountId === null) return { kind: "no_perks", version, syncedAt };
  return { kind: "active", version, syncedAt };
}
