import type { AreaTranslation } from "./area";

// What the storefront's loyalty panel shows from the app's answers (the app-proxy endpoints): the
// member's history in plain words, the way to the next tier, reward prices and why a redemption
// was refused. The panel's own labels live in the theme app extension's locales.

export const storefrontEn = {
  "storefront.earn.rate": "Earn {points} points for every {amount} you spend",
  "storefront.earn.rateOne": "Earn 1 point for every {amount} you spend",
  "storefront.tier.nextPoints": "{missing} more points to reach {tier}",
  "storefront.tier.nextSpend": "Spend {missing} more to reach {tier}",
  "storefront.tier.top": "You have reached the highest tier",
  "storefront.reward.cost": "{points} points",
  "storefront.reward.range": "{min} to {max} points ({step} points = {amount})",
  "storefront.history.order": "Order {order}",
  "storefront.history.orderUnnamed": "Your order",
  "storefront.history.refund": "Refund on order {order}",
  "storefront.history.refundUnnamed": "Refund on your order",
  "storefront.history.tierBonus": "Bonus for reaching {tier}",
  "storefront.history.bonus": "Bonus points",
  "storefront.history.redeemed": "Redeemed for {reward}",
  "storefront.history.rewardReturned": "Points returned for {reward}",
  "storefront.history.rewardUnknown": "a reward",
  "storefront.history.expired": "Points expired",
  "storefront.history.adjusted": "Adjusted by the shop",
  "storefront.history.imported": "Points carried over",
  "storefront.history.pendingUntil": "available from {date}",
  "storefront.refused.not_enough_points": "You do not have enough points for this reward yet.",
  "storefront.refused.points_out_of_range": "Please choose an amount of points within the reward's range.",
  "storefront.refused.not_a_step": "Please choose the points in the reward's steps.",
  "storefront.refused.inactive": "This reward is not available at the moment.",
  "storefront.refused.not_a_member": "Your customer account is not known to the loyalty program yet. Please try again in a few minutes.",
  "storefront.refused.platform": "The discount code could not be created. Your points have not been spent; please try again later.",
} as const;

export const storefrontDe: AreaTranslation<typeof storefrontEn> = {
  "storefront.earn.rate": "Sammeln Sie {points} Punkte für jeden Einkauf von {amount}",
  "storefront.earn.rateOne": "Sammeln Sie 1 Punkt für jeden Einkauf von {amount}",
  "storefront.tier.nextPoints": "Noch {missing} Punkte bis {tier}",
  "storefront.tier.nextSpend": "Noch {missing} Einkaufswert bis {tier}",
  "storefront.tier.top": "Sie haben die höchste Stufe erreicht",
  "storefront.reward.cost": "{points} Punkte",
  "storefront.reward.range": "{min} bis {max} Punkte ({step} Punkte = {amount})",
  "storefront.history.order": "Bestellung {order}",
  "storefront.history.orderUnnamed": "Ihre Bestellung",
  "storefront.history.refund": "Erstattung zu Bestellung {order}",
  "storefront.history.refundUnnamed": "Erstattung zu Ihrer Bestellung",
  "storefront.history.tierBonus": "Bonus für das Erreichen von {tier}",
  "storefront.history.bonus": "Bonuspunkte",
  "storefront.history.redeemed": "Eingelöst für {reward}",
  "storefront.history.rewardReturned": "Punkte zurück für {reward}",
  "storefront.history.rewardUnknown": "eine Prämie",
  "storefront.history.expired": "Punkte verfallen",
  "storefront.history.adjusted": "Vom Shop angepasst",
  "storefront.history.imported": "Übernommene Punkte",
  "storefront.history.pendingUntil": "verfügbar ab {date}",
  "storefront.refused.not_enough_points": "Für diese Prämie haben Sie noch nicht genug Punkte.",
  "storefront.refused.points_out_of_range": "Bitte wählen Sie eine Punktzahl innerhalb des Rahmens der Prämie.",
  "storefront.refused.not_a_step": "Bitte wählen Sie die Punkte in den Schritten der Prämie.",
  "storefront.refused.inactive": "Diese Prämie ist zurzeit nicht verfügbar.",
  "storefront.refused.not_a_member":
    "Ihr Kundenkonto ist dem Treueprogramm noch nicht bekannt. Bitte versuchen Sie es in ein paar Minuten erneut.",
  "storefront.refused.platform":
    "Der Rabattcode konnte nicht erstellt werden. Ihre Punkte wurden nicht abgezogen; bitte versuchen Sie es später erneut.",
};
