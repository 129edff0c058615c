import type { AreaTranslation } from "./area";

// What the storefront's referral block shows from the app's answers (the app-proxy endpoints
// /referrals/offer, /referrals/me, /referrals/claim): the rewards in words, the advocate's share
// text, and why a claim was refused. The discount's title in the platform's admin is here too
// (in the shop's language, for the merchant). The block's own labels live in the theme app
// extension's locales.

export const referralsStorefrontEn = {
  "referralsStorefront.discount.amount": "{amount} off",
  "referralsStorefront.discount.percent": "{percent}% off",
  "referralsStorefront.discount.free_shipping": "free shipping",
  "referralsStorefront.minimum": "on orders of {amount} or more",
  "referralsStorefront.points": "{points} points",
  "referralsStorefront.pointsOne": "1 point",
  "referralsStorefront.discountTitle": "Referral: {reward}",
  "referralsStorefront.offer.friend": "Your friends get {reward} on their first order.",
  "referralsStorefront.offer.friendMinimum": "Your friends get {reward} on their first order of {minimum} or more.",
  "referralsStorefront.offer.advocate": "You get {reward} for every friend whose first order goes through.",
  "referralsStorefront.share": "Get {reward} on your first order at {shop} with my link: {link}",
  "referralsStorefront.shareMinimum": "Get {reward} on your first order of {minimum} or more at {shop} with my link: {link}",
  "referralsStorefront.rewardEarned": "{reward} for a friend's first order",
  "referralsStorefront.refused.inactive": "The shop's referral program is not running at the moment.",
  "referralsStorefront.refused.unknown_code": "This referral link is not valid (any more).",
  "referralsStorefront.refused.own_code": "You cannot use your own referral link. Share it with your friends instead.",
  "referralsStorefront.refused.already_customer": "The referral offer is for first orders, and you have ordered from this shop before.",
  "referralsStorefront.refused.already_claimed": "This e-mail address has already received a referral code. Please look for it in your mailbox.",
  "referralsStorefront.refused.rate_limited": "Too many codes were requested from this connection. Please try again in an hour.",
  "referralsStorefront.refused.invalid_email": "Please enter a valid e-mail address.",
  "referralsStorefront.refused.invalid_request": "The request could not be read. Please reload the page and try again.",
  "referralsStorefront.refused.platform": "Your code could not be created just now. Please try again later.",
} as const;

export const referralsStorefrontDe: AreaTranslation<typeof referralsStorefrontEn> = {
  "referralsStorefront.discount.amount": "{amount} Rabatt",
  "referralsStorefront.discount.percent": "{percent} % Rabatt",
  "referralsStorefront.discount.free_shipping": "kostenlosen Versand",
  "referralsStorefront.minimum": "ab {amount} Bestellwert",
  "referralsStorefront.points": "{points} Punkte",
  "referralsStorefront.pointsOne": "1 Punkt",
  "referralsStorefront.discountTitle": "Empfehlung: {reward}",
  "referralsStorefront.offer.friend": "Ihre Freundinnen und Freunde erhalten {reward} auf ihre erste Bestellung.",
  "referralsStorefront.offer.friendMinimum": "Ihre Freundinnen und Freunde erhalten {reward} auf ihre erste Bestellung ab {minimum}.",
  "referralsStorefront.offer.advocate": "Sie erhalten {reward} für jede Person, deren erste Bestellung bei uns durchgeht.",
  "referralsStorefront.share": "Hol dir {reward} auf deine erste Bestellung bei {shop} mit meinem Link: {link}",
  "referralsStorefront.shareMinimum": "Hol dir {reward} auf deine erste Bestellung ab {minimum} bei {shop} mit meinem Link: {link}",
  "referralsStorefront.rewardEarned": "{reward} für die erste Bestellung einer geworbenen Person",
  "referralsStorefront.refused.inactive": "Das Empfehlungsprogramm des Shops läuft zurzeit nicht.",
  "referralsStorefront.refused.unknown_code": "Dieser Empfehlungslink ist nicht (mehr) gültig.",
  "referralsStorefront.refused.own_code": "Ihren eigenen Empfehlungslink können Sie nicht selbst nutzen. Teilen Sie ihn mit Ihren Freundinnen und Freunden.",
  "referralsStorefront.refused.already_customer": "Das Empfehlungsangebot gilt für erste Bestellungen, und Sie haben in diesem Shop schon bestellt.",
  "referralsStorefront.refused.already_claimed":
    "Für diese E-Mail-Adresse wurde bereits ein Empfehlungscode ausgegeben. Bitte sehen Sie in Ihrem Postfach nach.",
  "referralsStorefront.refused.rate_limited": "Von dieser Verbindung wurden zu viele Codes angefordert. Bitte versuchen Sie es in einer Stunde erneut.",
  "referralsStorefront.refused.invalid_email": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
  "referralsStorefront.refused.invalid_request": "Die Anfrage konnte nicht gelesen werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut.",
  "referralsStorefront.refused.platform": "Ihr Code konnte gerade nicht erstellt werden. Bitte versuchen Sie es später erneut.",
};
