import { formatDate } from "~/i18n/format";
import { translate, type Locale, type MessageKey } from "~/i18n/translate";
import type { EntryKind } from "./ledger";

// A member's ledger entries as the storefront shows them: one line each in plain words, in the
// shopper's language. Which entry is which follows how the program writes them: an order's earn
// and clawback name the order; a tier's entry reward carries the reason `tier:<id>`, a birthday's
// the reason `birthday`; a redemption and a returned reward name the reward they belong to.

export interface HistorySource {
  kind: EntryKind;
  points: number;
  occurredAt: Date;
  availableAt: Date | null;
  reason: string | null;
  /** Whether the entry belongs to an order (its name may be unknown, e.g. after a redaction). */
  fromOrder: boolean;
  orderName: string | null;
  /** The reward's title in the shopper's language, for a redemption or a returned reward. */
  rewardTitle: string | null;
}

export interface HistoryLine {
  /** ISO timestamp, for sorting or a <time> element. */
  at: string;
  date: string;
  points: number;
  text: string;
  /** For points still in the return window: when they can be spent. */
  note: string | null;
}

const TIER_REASON = /^tier:(.+)$/;

function describe(source: HistorySource, locale: Locale, tierName: (tierId: string) => string | null): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const reward = source.rewardTitle ?? t("storefront.history.rewardUnknown");
  switch (source.kind) {
    case "earn": {
      if (source.fromOrder) return source.orderName ? t("storefront.history.order", { order: source.orderName }) : t("storefront.history.orderUnnamed");
      if (source.reason === "birthday") return t("storefront.history.birthday");
      const tierId = TIER_REASON.exec(source.reason ?? "")?.[1];
      const tier = tierId ? tierName(tierId) : null;
      return tier ? t("storefront.history.tierBonus", { tier }) : t("storefront.history.bonus");
    }
    case "clawback":
      return source.orderName ? t("storefront.history.refund", { order: source.orderName }) : t("storefront.history.refundUnnamed");
    case "redeem":
      return t("storefront.history.redeemed", { reward });
    case "reward_refund":
      return t("storefront.history.rewardReturned", { reward });
    case "expire":
      return t("storefront.history.expired");
    // A merchant's reason is written for the shop's staff, not for the shopper.
    case "adjust":
      return t("storefront.history.adjusted");
    case "import":
      return t("storefront.history.imported");
    case "referral":
      return t("storefront.history.referral");
  }
}

export function historyLine(source: HistorySource, locale: Locale, tierName: (tierId: string) => string | null, now: Date): HistoryLine {
  const pending = source.points > 0 && source.availableAt !== null && source.availableAt.getTime() > now.getTime();
  const availableOn = pending ? formatDate(locale, source.availableAt!.toISOString()) : null;
  return {
    at: source.occurredAt.toISOString(),
    date: formatDate(locale, source.occurredAt.toISOString()) ?? "",
    points: source.points,
    text: describe(source, locale, tierName),
    note: availableOn ? translate(locale, "storefront.history.pendingUntil", { date: availableOn }) : null,
  };
}
