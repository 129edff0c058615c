import type { TimelineItem } from "~/core/customers/customer-queries.server";
import { formatMoney } from "./format";
import { isMessageKey, type Locale, type Translate } from "./translate";

// Localized labels for values that come from the store: statuses and event kinds the platforms
// define. A value this app has no translation for is shown as stored rather than hidden.

/** How to call a customer: name, else email, else a pseudonym (always for erased customers). */
export function customerDisplayName(
  t: Translate,
  customer: { id: string; name: string | null; email: string | null; redacted: boolean },
): string {
  if (customer.redacted) return t("common.redactedCustomer", { ref: customer.id.slice(0, 8) });
  return customer.name ?? customer.email ?? t("common.unnamed");
}

function normalizedStatus(value: string): string {
  return value.trim().toLowerCase();
}

export function financialStatusLabel(t: Translate, status: string | null): string {
  if (!status) return t("common.none");
  const key = `financialStatus.${normalizedStatus(status)}`;
  return isMessageKey(key) ? t(key) : status;
}

// Order webhooks say "partial" and null (nothing shipped); GraphQL imports say PARTIALLY_FULFILLED
// and UNFULFILLED.
const FULFILLMENT_ALIASES: Readonly<Record<string, string>> = { partially_fulfilled: "partial" };

export function fulfillmentStatusLabel(t: Translate, status: string | null): string {
  const normalized = normalizedStatus(status ?? "unfulfilled");
  const key = `fulfillmentStatus.${FULFILLMENT_ALIASES[normalized] ?? normalized}`;
  return isMessageKey(key) ? t(key) : (status ?? t("common.none"));
}

export function consentLabel(t: Translate, consent: string | null): string {
  if (!consent) return t("common.none");
  const key = `consent.${consent}`;
  return isMessageKey(key) ? t(key) : consent;
}

export function cancelReasonLabel(t: Translate, reason: string): string {
  const key = `cancelReason.${normalizedStatus(reason)}`;
  return isMessageKey(key) ? t(key) : reason;
}

/** One line of the customer timeline, e.g. "Bestellung #1001 aufgegeben (49,90 €)". */
/**
 * One timeline entry in words. `tierName` names a loyalty tier by its id in the admin's language
 * (the tiers are the shop's own settings).
 */
export function timelineLabel(t: Translate, locale: Locale, item: TimelineItem, tierName: (id: string) => string = (id) => id): string {
  const order = item.orderName ?? t("common.unnamedOrder");
  const amount =
    item.amountMinor !== null && item.currency ? formatMoney(locale, item.amountMinor, item.currency) : t("common.none");
  switch (item.kind) {
    case "customer.created":
      return t("timeline.customer.created");
    case "customer.consent_changed":
      return t("timeline.customer.consent_changed", {
        from: consentLabel(t, item.consentFrom),
        to: consentLabel(t, item.consentTo),
      });
    case "customer.deleted":
      return t("timeline.customer.deleted");
    case "order.placed":
      return t("timeline.order.placed", { order, amount });
    case "order.cancelled":
      return item.cancelReason
        ? t("timeline.order.cancelledWithReason", { order, reason: cancelReasonLabel(t, item.cancelReason) })
        : t("timeline.order.cancelled", { order });
    case "order.refunded":
      return t("timeline.order.refunded", { order, amount });
    case "loyalty.points_earned":
      return t("timeline.loyalty.points_earned", { points: item.points ?? 0 });
    case "loyalty.points_clawed_back":
      return t("timeline.loyalty.points_clawed_back", { points: item.points ?? 0 });
    case "loyalty.tier_changed":
      return item.tier ? t("timeline.loyalty.tier_changed", { tier: tierName(item.tier) }) : t("timeline.loyalty.tier_left");
    case "referral.converted":
      return referralConvertedLabel(t, item);
    case "referral.voided":
      return item.cancelReason === "cancelled" ? t("timeline.referral.voided_cancelled") : t("timeline.referral.voided_refunded");
    case "referral.rewarded":
      return item.points !== null ? t("timeline.referral.rewarded_points", { points: item.points }) : t("timeline.referral.rewarded_code");
    default:
      return t("timeline.unknown", { kind: item.kind });
  }
}

function referralConvertedLabel(t: Translate, item: TimelineItem): string {
  if (item.referralRole === "friend") return t("timeline.referral.converted_friend");
  const key = `timeline.referral.converted_advocate.${item.referralStatus ?? ""}`;
  return isMessageKey(key) ? t(key) : t("timeline.referral.converted_advocate.PENDING");
}

/** Import runs: kind ("full", "reconcile") and phase ("customers", …) as stored. */
export function importLabel(t: Translate, family: "importKind" | "importPhase", value: string): string {
  const key = `${family}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}
