import type { AreaTranslation } from "./area";

// The referral fraud check as the merchant reviews it: the score, where it sent the referral, and
// one line per reason (app/core/referrals/fraud-score.ts). A reason's message is
// "referralFraud.reason.<code>", filled from the reason's detail.

export const referralFraudEn = {
  "referralFraud.score": "Fraud score {score} of 100",
  "referralFraud.points": "+{points}",
  "referralFraud.route.approve": "Approved automatically",
  "referralFraud.route.review": "Waiting for review",
  "referralFraud.route.reject": "Rejected automatically",

  "referralFraud.reason.same_customer": "The friend is the advocate's own customer account.",
  "referralFraud.reason.same_email": "The friend's e-mail address reaches the advocate's mailbox ({email}).",
  "referralFraud.reason.shared_shipping_address": "Same shipping address as the advocate: {friendAddress} (advocate: {advocateAddress}).",
  "referralFraud.reason.shared_phone": "Same phone number as the advocate: {phone}.",
  "referralFraud.reason.household_allow_listed": "Shared with the advocate, but the household is on the allow-list: {household}.",
  "referralFraud.reason.similar_name": "Name like the advocate's: {friendName} (advocate: {advocateName}; letters that differ: {edits}).",
  "referralFraud.reason.not_first_order": "Not the friend's first order (earlier orders: {ordersBefore}).",
  "referralFraud.reason.ip_velocity": "Many referrals from one IP address: {claims} others within {windowHours} h (allowed: {limit}).",
  "referralFraud.reason.device_velocity":
    "Many referrals from one device (same IP address and browser): {claims} others within {windowHours} h (allowed: {limit}).",
  "referralFraud.reason.advocate_code_spread":
    "The advocate's codes are used by many unrelated customers, as if posted on a coupon site: {customers} within {windowDays} days (allowed: {limit}).",
} as const;

export const referralFraudDe: AreaTranslation<typeof referralFraudEn> = {
  "referralFraud.score": "Betrugsrisiko {score} von 100",
  "referralFraud.points": "+{points}",
  "referralFraud.route.approve": "Automatisch freigegeben",
  "referralFraud.route.review": "Wartet auf Prüfung",
  "referralFraud.route.reject": "Automatisch abgelehnt",

  "referralFraud.reason.same_customer": "Die geworbene Person ist das eigene Kundenkonto der empfehlenden Person.",
  "referralFraud.reason.same_email": "Die E-Mail-Adresse der geworbenen Person landet im Postfach der empfehlenden Person ({email}).",
  "referralFraud.reason.shared_shipping_address":
    "Dieselbe Lieferadresse wie die empfehlende Person: {friendAddress} (empfehlende Person: {advocateAddress}).",
  "referralFraud.reason.shared_phone": "Dieselbe Telefonnummer wie die empfehlende Person: {phone}.",
  "referralFraud.reason.household_allow_listed":
    "Gemeinsam mit der empfehlenden Person, aber der Haushalt steht auf der Freigabeliste: {household}.",
  "referralFraud.reason.similar_name":
    "Ähnlicher Name wie die empfehlende Person: {friendName} (empfehlende Person: {advocateName}; abweichende Buchstaben: {edits}).",
  "referralFraud.reason.not_first_order": "Nicht die erste Bestellung der geworbenen Person (frühere Bestellungen: {ordersBefore}).",
  "referralFraud.reason.ip_velocity":
    "Viele Empfehlungen von einer IP-Adresse: {claims} weitere innerhalb von {windowHours} Std. (erlaubt: {limit}).",
  "referralFraud.reason.device_velocity":
    "Viele Empfehlungen von einem Gerät (gleiche IP-Adresse und gleicher Browser): {claims} weitere innerhalb von {windowHours} Std. (erlaubt: {limit}).",
  "referralFraud.reason.advocate_code_spread":
    "Die Codes der empfehlenden Person nutzen viele Kunden ohne Bezug zu ihr, wie nach einer Veröffentlichung auf einer Gutscheinseite: {customers} innerhalb von {windowDays} Tagen (erlaubt: {limit}).",
};
